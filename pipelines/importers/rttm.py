"""RTTM speaker diarization (e.g. pyannote) -> spoken segments per speaker label.

Each `SPEAKER` line is `SPEAKER file channel onset duration <NA> <NA> label <NA> <NA>`
(10 fields; some tools leave out the last one). Other line types (SPKR-INFO, LEXEME, ...)
and comments are ignored. Labels such as `SPEAKER_00` mean something only within one
recording, so they are mapped through meeting-specific aliases only.
"""

from __future__ import annotations

import math

from pipelines.errors import FileProblem
from pipelines.importers._records import Cue, TranscriptExport

__all__ = ["parse_rttm"]

FORMAT = "rttm"
_FIX = ("Each SPEAKER line needs 10 (or 9) space-separated fields: "
        "SPEAKER file channel onset duration <NA> <NA> label <NA> <NA>, with onset and "
        "duration in seconds.")


def parse_rttm(text: str, *, source_file: str) -> TranscriptExport:
    """Read the SPEAKER lines; a malformed SPEAKER line stops the import of the file."""
    export = TranscriptExport(source_file=source_file, format=FORMAT, source="diarization", cues=[])
    recordings: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0].startswith((";", "#")) or fields[0].upper() != "SPEAKER":
            continue
        if len(fields) not in (9, 10):
            raise FileProblem(source_file, f"line {number} has {len(fields)} fields.", _FIX)
        try:
            onset, duration = float(fields[3]), float(fields[4])
        except ValueError:
            raise FileProblem(
                source_file,
                f"line {number}: onset '{fields[3]}' or duration '{fields[4]}' is not a number.",
                _FIX) from None
        if not (math.isfinite(onset) and math.isfinite(duration)) or onset < 0 or duration < 0:
            raise FileProblem(
                source_file,
                f"line {number}: onset {fields[3]} and duration {fields[4]} must be zero or more.",
                _FIX)
        recordings.add(fields[1])
        export.cues.append(Cue(position=number, speaker=fields[7],
                               start_s=onset, end_s=onset + duration))
    if not export.cues:
        raise FileProblem(source_file, "the file has no SPEAKER lines.",
                          "Choose the .rttm file the diarization tool wrote for this meeting.")
    if len(recordings) > 1:
        export.notes.append(f"{source_file}: the file covers {len(recordings)} recordings "
                            f"({', '.join(sorted(recordings))}); all were read as this meeting.")
    return export
