"""What an import reports: files read, rows sent, names unmatched, rows kept, notes.

The command line prints `ImportReport.summary()`; the Import page shows the same summary
and lists `unresolved` (to map) and `kept` (what stays stored meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipelines.importers._text import format_number
from pipelines.importers.aliases import Suggestion

if TYPE_CHECKING:
    from pipelines.load import LoadReport

__all__ = ["FileSummary", "ImportReport", "Kept", "Unresolved"]


@dataclass
class Unresolved:
    """A name (or diarization label) in an export that no alias maps to a member."""

    name: str
    kind: str                       # "person" or "speaker label"
    files: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    conflicting: list[str] = field(default_factory=list)  # an alias points at several members

    @property
    def meeting_specific(self) -> bool:
        """Diarization labels only mean something within one meeting's recording."""
        return self.kind == "speaker label"


@dataclass(frozen=True)
class Kept:
    """Stored rows of a member that an import left as they were, because a name in the file
    is not matched yet (it could be this member: replacing the rows would lose them)."""

    dataset: str                    # "attendance" or "speaking_turns"
    member_id: str
    rows: int
    minutes_attended: float | None = None   # attendance: the stored minutes
    talk_s: float | None = None             # speaking_turns: the stored talk time
    source: str = ""                        # speaking_turns: transcript | diarization

    def describe(self) -> str:
        """`P03: attendance (19.4 min attended)`, `P02: 12 transcript turns (95.5 s of talk)`."""
        if self.dataset == "attendance":
            minutes = ("" if self.minutes_attended is None
                       else f" ({format_number(self.minutes_attended, 1)} min attended)")
            return f"{self.member_id}: attendance{minutes}"
        talk = "" if self.talk_s is None else f" ({format_number(self.talk_s, 1)} s of talk)"
        return f"{self.member_id}: {self.rows} {self.source} turn(s){talk}"


@dataclass
class FileSummary:
    name: str
    format: str
    records: int                    # people rows or cues read


@dataclass
class ImportReport:
    """What an import did, for the command line and the Import page alike."""

    meeting_id: str
    files: list[FileSummary] = field(default_factory=list)
    attendance_rows: int = 0
    absent_rows: int = 0
    turns: int = 0
    skipped_cues: int = 0
    unresolved: list[Unresolved] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)  # stored rows left as they were
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    load: LoadReport | None = None  # what the load did, when something was loaded

    @property
    def exit_code(self) -> int:
        """0 when everyone was mapped, 3 when some people still need an alias."""
        return 3 if self.unresolved else 0

    def summary(self) -> str:
        lines = [f"Meeting {self.meeting_id}: "
                 + ", ".join(f"{f.name} ({f.format}, {f.records} read)" for f in self.files)]
        lines.append(f"{self.attendance_rows} attendance row(s) "
                     f"({self.absent_rows} marked absent), {self.turns} speaking turn(s) "
                     + ("to load (nothing was written yet)." if self.dry_run
                        else "sent to the load."))
        lines += [f"Note: {note}" for note in self.notes]
        if self.load is not None:
            lines.append(self.load.summary())
        if self.kept:
            lines.append("Kept as stored, because a name in the file is not matched yet (it "
                         "could be one of these members): "
                         + "; ".join(k.describe() for k in self.kept) + ".")
        if self.unresolved:
            lines.append(f"{len(self.unresolved)} name(s) could not be matched to a member and "
                         "were not loaded:")
            for item in self.unresolved:
                hint = ", ".join(f"{s.member_id} (as '{s.alias}')" for s in item.suggestions)
                lines.append(f"- {item.kind} '{item.name}' in {', '.join(item.files)}"
                             + (f"; closest members: {hint}" if hint else ""))
            lines.append("Add each to member_aliases (alias, meeting_id, member_id; a speaker "
                         "label needs the meeting_id) or map them on the Import page, then run "
                         "the same import again.")
        return "\n".join(lines)
