"""RTTM speaker diarization (e.g. pyannote) -> spoken segments per speaker label.

Each `SPEAKER` line is `SPEAKER file channel onset duration <NA> <NA> label <NA> <NA>`
(10 fields; some tools leave out the last one). Other line types (SPKR-INFO, LEXEME, ...)
and comments are ignored. Labels such as `SPEAKER_00` mean something only within one
recording, so they are mapped through meeting-specific aliases only.

The second field names the recording. One file can hold many recordings (a corpus' test
set is often a single RTTM), and the same labels recur across them, so a file with several
recordings is refused with their list unless the user says which one is this meeting's.
"""

from __future__ import annotations

import math

from pipelines.errors import FileProblem
from pipelines.importers._records import Cue, TranscriptExport

__all__ = ["RecordingChoiceNeeded", "parse_rttm"]

FORMAT = "rttm"
_FIX = ("Each SPEAKER line needs 10 (or 9) space-separated fields: "
        "SPEAKER file channel onset duration <NA> <NA> label <NA> <NA>, with onset and "
        "duration in seconds.")


class RecordingChoiceNeeded(FileProblem):
    """An RTTM file covers several recordings and none was named: nothing is imported.

    `recordings` maps each recording id to its number of SPEAKER lines, in the order of the
    file, so that a page can offer them as a choice.
    """

    def __init__(self, source_file: str, recordings: dict[str, int], problem: str) -> None:
        self.recordings = recordings
        listed = ", ".join(f"{rec} ({n} segments)" for rec, n in recordings.items())
        super().__init__(
            source_file, f"{problem} It holds {len(recordings)} recordings: {listed}.",
            "Name the recording of this meeting: `copdash import FILE --meeting ID "
            "--recording RECORDING`, or choose it on the Import meeting files page.")


def parse_rttm(text: str, *, source_file: str, recording: str | None = None) -> TranscriptExport:
    """Read the SPEAKER lines of one recording; a malformed SPEAKER line stops the import."""
    cues: dict[str, list[Cue]] = {}
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
        cues.setdefault(fields[1], []).append(
            Cue(position=number, speaker=fields[7], start_s=onset, end_s=onset + duration))
    if not cues:
        raise FileProblem(source_file, "the file has no SPEAKER lines.",
                          "Choose the .rttm file the diarization tool wrote for this meeting.")
    counts = {rec: len(found) for rec, found in cues.items()}
    if recording is None and len(cues) > 1:
        raise RecordingChoiceNeeded(
            source_file, counts,
            "the file covers several recordings and the same speaker labels can recur in "
            "each, so it is not known which one is this meeting.")
    chosen = recording if recording is not None else next(iter(cues))
    if chosen not in cues:
        raise RecordingChoiceNeeded(source_file, counts,
                                    f"the file has no recording '{chosen}'.")
    export = TranscriptExport(source_file=source_file, format=FORMAT, source="diarization",
                              cues=cues[chosen], recording=chosen)
    if len(cues) > 1:
        export.notes.append(f"{source_file}: recording {chosen} was imported "
                            f"({counts[chosen]} of the file's {sum(counts.values())} segments).")
    return export
