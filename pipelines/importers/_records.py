"""What the format parsers return: people with their times, and spoken cues.

Parsers only read and rename; these records still carry the names as written in the
export. Mapping names to members and building the canonical rows happens afterwards
(`aliases.py`, `_build.py`), the same way for every format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["AttendanceExport", "Cue", "PersonRow", "TranscriptExport"]


@dataclass
class PersonRow:
    """One row of an attendance report: one person's join/leave (or presence only)."""

    line: int                       # line in the file, for messages
    names: tuple[str, ...]          # names to try, as written, most specific first
    emails: tuple[str, ...] = ()
    joined: dt.datetime | None = None
    left: dt.datetime | None = None
    attended_s: float | None = None  # the report's own duration, when it gives one
    # A time that cannot be read without guessing: the row goes to quarantine as written.
    unreadable_time: str = ""

    @property
    def label(self) -> str:
        """The name a user recognises from the export."""
        return self.names[0] if self.names else (self.emails[0] if self.emails else "")


@dataclass
class AttendanceExport:
    """A parsed attendance report (Teams or Zoom)."""

    source_file: str
    format: str
    rows: list[PersonRow]
    report_start: dt.datetime | None = None
    has_times: bool = True
    notes: list[str] = field(default_factory=list)


@dataclass
class Cue:
    """One spoken segment: a transcript cue or a diarization segment."""

    position: int                   # cue number (VTT, SRT), line number (RTTM, text, docx)
    speaker: str
    start_s: float
    end_s: float
    words: int | None = None


@dataclass
class TranscriptExport:
    """A parsed transcript (WebVTT, SRT, Teams/Zoom text, .docx) or diarization (RTTM)."""

    source_file: str
    format: str
    source: str                     # speaking_turns.source: transcript | diarization
    cues: list[Cue]
    skipped_without_speaker: int = 0
    notes: list[str] = field(default_factory=list)
    # Times are clock times of day in seconds (Zoom's saved transcript), not seconds from
    # the start of the recording; the import places them against the meeting's start.
    clock_times: bool = False
    # The format gives only when an entry starts; its end was estimated (`_speech.py`).
    estimated_ends: bool = False
    recording: str = ""             # RTTM: the recording (file id) the cues come from
