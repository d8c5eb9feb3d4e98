"""Finish a session: its journal -> speaking turns and attendance, loaded like a file.

The rows go through `pipelines.load.load_frames`, the load every importer uses: the same
data contracts, quarantine and single transaction as a file. The logger turns of the
meeting are replaced in that transaction, so finishing (or replaying) a journal twice
changes nothing, a corrected journal replaces what it loaded before, and when two observers
recorded one meeting the session finished last is the meeting's logger turns. Attendance
rows are upserted by (meeting, member) and never deleted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.errors import CopdashError
from pipelines.load import LoadReport
from pipelines.logger.journal import (
    Journal,
    JournalProblem,
    journal_to_rows,
    parse_journal,
    parse_lines,
)
from pipelines.logger.setup import plan

__all__ = ["LoadResult", "finish", "read_journal"]

_SQL = Path(__file__).parent / "sql"


@dataclass
class LoadResult:
    """What finishing a session did."""

    journal_path: Path
    session_id: str
    meeting_id: str
    turns: int                          # turn rows handed to the load
    attendance: int                     # attendance rows handed to the load
    notes: list[str] = field(default_factory=list)
    load: LoadReport | None = None
    created: list[str] = field(default_factory=list)   # e.g. "meeting M3", "member P05"

    @property
    def quarantined(self) -> pd.DataFrame:
        """dataset, line_number, rule, message of every quarantined row."""
        frames = [f.quarantined.assign(dataset=f.dataset) for f in (self.load.files if self.load
                                                                      else [])
                  if f.quarantined is not None and not f.quarantined.empty]
        if not frames:
            return pd.DataFrame(columns=["dataset", "line_number", "rule", "message"])
        return pd.concat(frames, ignore_index=True)

    def summary(self) -> str:
        lines = [f"Session {self.session_id} (meeting {self.meeting_id}): {self.turns} turn(s) "
                 f"and {self.attendance} attendance row(s)."]
        if self.created:
            lines.append(f"Created {' and '.join(self.created)}.")
        lines += [f"- {note}" for note in self.notes]
        if self.load is not None:
            lines.append(self.load.summary())
        return "\n".join(lines)


def read_journal(journal_path: str | os.PathLike) -> Journal:
    """Read and check a journal file strictly (JournalProblem names the line)."""
    path = Path(journal_path)
    if not path.is_file():
        raise CopdashError(f"{path}: there is no such journal file.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise JournalProblem(str(path), "it is not UTF-8 text.",
                             "Export the journal again as UTF-8 JSON Lines.") from None
    return parse_journal(parse_lines(text, str(path)), str(path))


def finish(journal_path: str | os.PathLike, db_path: str | os.PathLike | None = None, *,
           progress: Callable[[int, int, str], None] | None = None,
           cop_id: str | None = None) -> LoadResult:
    """Load a session's journal. CopdashError (nothing loaded) when it cannot be.

    `cop_id` is the CoP the observer is working in (the page passes it; the CLI's --cop):
    a journal of a meeting of another CoP is refused. So is a journal whose `session`
    event names a CoP other than its meeting's, a meeting not in the database, a session
    with nobody present and no turn, and a journal whose people are none of the CoP's.
    """
    from pipelines.load import load_frames, open_readonly

    path = Path(journal_path)
    journal = read_journal(path)
    name = path.name
    params = {"meeting_id": journal.meeting_id}
    with open_readonly(db_path) as con:
        meeting = con.execute(_sql("meeting"), params).fetchone()
        members = {r[0] for r in con.execute(_sql("cop_members"), params).fetchall()}
    if meeting is None and journal.new_meeting is None:
        raise CopdashError(
            f"{name}: meeting '{journal.meeting_id}' is not in the database (was it removed, or "
            "is this the wrong database?). Load the meetings file with this meeting, then "
            "finish the session again; nothing was loaded.")
    meeting_cop = meeting[1] if meeting is not None else journal.cop_id
    for claimed, who in ((cop_id, "you are working in"), (journal.cop_id, "the journal names")):
        if claimed and claimed != meeting_cop:
            raise CopdashError(
                f"{name}: meeting '{journal.meeting_id}' belongs to CoP {meeting_cop}, but the "
                f"CoP {who} is {claimed}. Replay it into that CoP's database, or check the "
                "meeting id; nothing was loaded.")
    notes: list[str] = []
    turns, attendance = journal_to_rows(journal, notes=notes)
    if turns.empty and attendance.empty:
        raise CopdashError(f"{name}: the session is empty: nobody was marked present and no "
                           "turn was recorded, so there is nothing to load.")
    creation = plan(journal, db_path)
    if creation.problems:
        raise CopdashError(f"{name}: " + " ".join(creation.problems) + " Nothing was loaded.")
    members |= set(journal.new_members)
    people = set(turns["member_id"]) | set(attendance["member_id"])
    if not people & members:
        raise CopdashError(
            f"{name}: none of its people ({', '.join(sorted(people))}) is a member of CoP "
            f"{meeting_cop}, the CoP of meeting '{journal.meeting_id}': this looks like a "
            "journal of another CoP. Check the meeting id; nothing was loaded.")
    frames: dict[str, pd.DataFrame] = dict(creation.frames)
    replace: dict[str, dict[str, str]] = {}
    if not attendance.empty:
        frames["attendance"] = attendance
    if not turns.empty:
        frames["speaking_turns"] = turns
        replace["speaking_turns"] = {"meeting_id": journal.meeting_id, "source": "logger"}
    load = load_frames(frames, source_name=f"{name} (logger session {journal.session_id})",
                       db_path=db_path, replace=replace, progress=progress)
    if load.file_problems:
        raise CopdashError(load.summary())
    return LoadResult(journal_path=path, session_id=journal.session_id,
                      meeting_id=journal.meeting_id, turns=len(turns),
                      attendance=len(attendance), notes=notes, load=load,
                      created=_created(creation.frames))


def _created(frames: dict[str, pd.DataFrame]) -> list[str]:
    created = [f"meeting {m}" for m in frames.get("meetings", pd.DataFrame(
        columns=["meeting_id"]))["meeting_id"]]
    members = list(frames.get("members", pd.DataFrame(columns=["member_id"]))["member_id"])
    if members:
        created.append(f"member{'s' if len(members) > 1 else ''} {', '.join(members)}")
    return created


def _sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")
