"""Zoom's saved transcript as text: `[Name] 11:02:09`, then what was said, then a blank line.

This is what "Save transcript" (live transcription, in the meeting's Transcript panel)
writes, and what a copy of that panel gives::

    [Alice Smith] 11:02:09
    Good morning everyone.

    [Bob Jones] 11:02:15
    Morning.

The times are the clock time of the meeting (not seconds from a recording), so the import
places them against the meeting's start time (`clock_times`); each entry gives only its
start, so its end is estimated (`_speech.estimate_ends`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipelines.errors import FileProblem
from pipelines.importers._records import Cue, TranscriptExport
from pipelines.importers._speech import clean_name, count_words, estimate_ends, no_speaker

__all__ = ["looks_like_zoom_text", "parse_zoom_text"]

FORMAT = "zoom-text"
_HEADER = re.compile(r"^\s*\[(?P<name>[^\[\]]*)\]\s+(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})\s*$")


def looks_like_zoom_text(lines: Sequence[str]) -> bool:
    """The first non-blank line is a `[Name] HH:MM:SS` entry header."""
    first = next((line for line in lines if line.strip()), "")
    return bool(_HEADER.match(first))


def parse_zoom_text(text: str, *, source_file: str) -> TranscriptExport:
    """Read a saved Zoom transcript; times stay clock times (seconds since midnight)."""
    export = TranscriptExport(source_file=source_file, format=FORMAT, source="transcript",
                              cues=[], clock_times=True, estimated_ends=True)
    entries: list[tuple[Cue, list[str]]] = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            hours, minutes, seconds = int(header["h"]), int(header["m"]), int(header["s"])
            if hours > 23 or minutes > 59 or seconds > 59:
                raise FileProblem(source_file, f"line {number}: '{line.strip()}' is not a time "
                                  "of day.", "Entries start like '[Alice Smith] 11:02:09'.")
            clock = float(hours * 3600 + minutes * 60 + seconds)
            if entries and clock < entries[-1][0].start_s - 43_200:
                clock += 86_400  # past midnight
            entries.append((Cue(number, clean_name(header["name"]), clock, clock), []))
        elif entries and line.strip():
            entries[-1][1].append(line)
    if not entries:
        raise FileProblem(source_file, "no entries like '[Alice Smith] 11:02:09' were found.",
                          "Import the transcript exactly as Zoom saved it.")
    for cue, said in entries:
        if cue.speaker:
            cue.words = count_words(" ".join(said))
            export.cues.append(cue)
        else:
            export.skipped_without_speaker += 1
    if not export.cues:
        raise no_speaker(source_file, len(entries), "every entry's [name] is empty")
    estimate_ends(export.cues)
    export.notes.append(
        f"{source_file}: Zoom's saved transcript gives only when each entry starts; its talk "
        "time was estimated from its words (half a second a word, at least 1 s, never past the "
        "next entry). The recording's audio transcript (.vtt) gives exact times.")
    return export
