"""Meetings and members created in the logger's set-up (issue 14, item 1).

A session that records a meeting not yet in the database carries it in its `session`
event (`new_meeting`), and a member added on the spot in their `present` event
(`new_member`): the journal stays the one record, so `copdash logger replay` creates them
exactly as "Finish and load" does. Both become rows of the canonical `meetings` and
`members` datasets, loaded with the session's attendance and turns in the one transaction
of `pipelines.load.load_frames`, through the same contracts as a meetings or members file.

`plan` says what a session would create and what stops it, in plain words: an id already
used, a date after the session started (a live session records a meeting as it happens),
and every contract rule the rows break, found by a dry run of the same load (never a
second check of a row). The page runs it before it writes the journal's first line; the
finish runs it again, because the database may have changed since.

Ids follow the CoP's own style (`member_ids`, `meeting_ids`): the next number after the
CoP's members' (`cop1-m20` -> `cop1-m21`), a meeting's date where the CoP's meeting ids
hold theirs (`cop1-20200820-cop` -> `cop1-20240312-cop`). Members are pseudonymous: the
set-up asks for a member type and a role, never a name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.logger import store
from pipelines.logger.journal import Journal

__all__ = ["MEETING_TYPES", "MODES", "Creation", "InJournal", "creation_frames",
           "ids_in_journals", "meeting_ids", "member_ids", "plan"]

MODES = ("in_person", "hybrid")       # the logger records meetings held in a room
MEETING_TYPES = ("cop", "planning", "steering_group", "preparation", "other")
MEETING_COLUMNS = ["meeting_id", "cop_id", "held_on", "start_time", "duration_min", "mode",
                   "meeting_type", "chair_member_id", "venue"]
MEMBER_COLUMNS = ["member_id", "cop_id", "member_type", "role", "is_facilitator", "joined_on"]
_SQL = Path(__file__).parent / "sql"
_NUMBERED = re.compile(r"^(.*?)(\d+)$")
_LINE = re.compile(r"^line \d+: ")


@dataclass
class Creation:
    """What a session creates: the rows still to load (`meetings`, `members`; those the
    database already holds are left out) and the problems that stop it (empty: none)."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- rows


def creation_frames(journal: Journal, held_on: str) -> dict[str, pd.DataFrame]:
    """The meeting and member rows the journal creates, as canonical strings (the rows a
    meetings or members file would hold). A new member joined on the meeting's `held_on`."""
    frames: dict[str, pd.DataFrame] = {}
    meeting = journal.new_meeting
    if meeting is not None:
        frames["meetings"] = pd.DataFrame([{
            "meeting_id": journal.meeting_id, "cop_id": journal.cop_id,
            "held_on": _text(meeting.get("held_on")),
            "start_time": _text(meeting.get("start_time")),
            "duration_min": _text(meeting.get("duration_min")),
            "mode": _text(meeting.get("mode")),
            "meeting_type": _text(meeting.get("meeting_type")) or "cop",
            "chair_member_id": "", "venue": _text(meeting.get("venue"))}],
            columns=MEETING_COLUMNS, dtype=object)
    members = [{"member_id": member_id, "cop_id": journal.cop_id,
                "member_type": _text(fields.get("member_type")), "role": _text(fields.get("role")),
                "is_facilitator": _text(fields.get("is_facilitator")) or "false",
                "joined_on": held_on}
               for member_id, fields in journal.new_members.items()]
    if members:
        frames["members"] = pd.DataFrame(members, columns=MEMBER_COLUMNS, dtype=object)
    return frames


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


# ----------------------------------------------------------------------------- checks


def plan(journal: Journal, db_path: str | os.PathLike | None = None, *,
         setting_up: bool = False) -> Creation:
    """What the journal creates and what stops it (see the module's docstring).

    `setting_up`: the session is about to start, so an id the database (or another
    session's journal) already uses is a clash; when finishing, a meeting or member the
    database already holds in the same CoP (on the same day) is this session's, created by
    an earlier finish of it or of a second observer's session, and is left as stored.
    """
    meeting = journal.new_meeting
    members = journal.new_members
    creation = Creation()
    if meeting is None and not members:
        return creation
    from pipelines.load import open_readonly

    with open_readonly(db_path) as con:
        stored = con.execute(_sql("meeting"), {"meeting_id": journal.meeting_id}).fetchone()
        stored_members = dict(con.execute(_sql("member_cops"),
                                          {"member_ids": list(members)}).fetchall())
    pending = ids_in_journals(db_path, but=journal.session_id) if setting_up else {}
    if meeting is not None:
        held_on = _text(meeting.get("held_on"))
        creation.problems += _meeting_clash(journal, stored, held_on, pending, setting_up)
        creation.problems += _after_start(journal, held_on)
    else:
        held_on = str(stored[2]) if stored is not None else ""
    frames = creation_frames(journal, held_on)
    if stored is not None and "meetings" in frames:
        del frames["meetings"]       # already this session's meeting (or a clash, above)
    if "members" in frames:
        creation.problems += _member_clashes(journal, stored_members, pending, setting_up)
        kept = frames["members"][~frames["members"]["member_id"].isin(list(stored_members))]
        frames["members"] = kept
        if kept.empty:
            del frames["members"]
    creation.frames = frames
    if frames and not creation.problems:
        creation.problems += _contract_problems(frames, journal, db_path)
    return creation


def _meeting_clash(journal: Journal, stored: tuple | None, held_on: str,
                   pending: dict[str, InJournal], setting_up: bool) -> list[str]:
    meeting_id = journal.meeting_id
    if stored is not None:
        cop_id, stored_on = stored[1], str(stored[2])
        if setting_up:
            return [f"Meeting id '{meeting_id}' is already used, by a meeting of CoP {cop_id} "
                    f"held on {stored_on}. If that is the meeting you are recording, choose it "
                    "under 'A meeting in the list'; otherwise give this meeting another id."]
        if cop_id != journal.cop_id or stored_on != held_on:
            return [f"meeting '{meeting_id}' is already in the database, as a meeting of CoP "
                    f"{cop_id} held on {stored_on}, but this journal creates it for CoP "
                    f"{journal.cop_id} on {held_on or '(no date)'}: two meetings cannot share "
                    "an id. Replay the journal into the right database, or change meeting_id "
                    "on its session line."]
    other = pending.get(meeting_id)
    if other is not None and (other.kind, other.cop_id, other.fields) != (
            "meeting", journal.cop_id, journal.new_meeting):
        return [f"Meeting id '{meeting_id}' is being created by another recording session "
                f"({other.session_id}), not loaded yet. If that is the meeting you are "
                "recording, choose it under 'A meeting in the list'; otherwise give this "
                "meeting another id."]
    return []


def _member_clashes(journal: Journal, stored: dict[str, str],
                    pending: dict[str, InJournal], setting_up: bool) -> list[str]:
    problems = []
    for member_id in journal.new_members:
        cop_id = stored.get(member_id)
        if cop_id is not None and (setting_up or cop_id != journal.cop_id):
            problems.append(
                f"Member id '{member_id}' is already used, by a member of CoP {cop_id}. "
                + ("Untick the member you added and add them again: they get the next free id."
                   if setting_up else "Two members cannot share an id: replay the journal into "
                   "the right database, or change that member_id on its present line."))
        elif member_id in pending and setting_up:
            problems.append(
                f"Member id '{member_id}' is being created by another recording session "
                f"({pending[member_id].session_id}). Untick the member you added and add them "
                "again: they get the next free id.")
    return problems


def _after_start(journal: Journal, held_on: str) -> list[str]:
    """A live session records a meeting as it happens: its date is not after the session's
    start (a date that is no date at all is the contract's to report)."""
    try:
        meeting_day = dt.date.fromisoformat(held_on)
        started = dt.datetime.fromisoformat(journal.started_at).date()
    except ValueError:
        return []
    if meeting_day <= started:
        return []
    return [f"The meeting's date, {meeting_day:%d %b %Y}, is after the day this session "
            f"started ({started:%d %b %Y}): the logger records a meeting as it happens, so "
            "its date is that day or earlier. Correct the date."]


def _contract_problems(frames: dict[str, pd.DataFrame], journal: Journal,
                       db_path: str | os.PathLike | None) -> list[str]:
    """The contract rules the new rows break: a dry run of the load they will go through."""
    from pipelines.load import load_frames

    report = load_frames(frames, source_name=f"logger session {journal.session_id} (set-up)",
                         db_path=db_path, dry_run=True)
    problems = [str(problem) for problem in report.file_problems]
    for file in report.files:
        if file.quarantined is None or file.quarantined.empty:
            continue
        ids = list(frames[file.dataset].iloc[:, 0])
        for row in file.quarantined.itertuples():
            what = ("The new meeting" if file.dataset == "meetings"
                    else f"The new member {ids[int(row.line_number) - 2]}")
            problems.append(f"{what}: {_LINE.sub('', str(row.message))}")
    return problems


def _sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- ids


@dataclass(frozen=True)
class InJournal:
    """A meeting or member created in a session's journal (loaded or not)."""

    kind: str            # "meeting" or "member"
    session_id: str
    cop_id: str
    fields: dict         # the new_meeting or new_member fields


def ids_in_journals(db_path: str | os.PathLike | None,
                    but: str | None = None) -> dict[str, InJournal]:
    """id -> the meeting or member created with that id in a journal beside the database
    (but session `but`; the first journal by name when two create one id)."""
    found: dict[str, InJournal] = {}
    folder = store.logger_dir(db_path)
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.jsonl")):
        if path.stem == but:
            continue
        events = store.read_events(path)
        session = next((e for e in events if e.get("kind") == "session"), {})
        cop_id = str(session.get("cop_id") or "")
        for event in events:
            if event.get("kind") == "session" and isinstance(event.get("new_meeting"), dict):
                found.setdefault(str(event.get("meeting_id")), InJournal(
                    "meeting", path.stem, cop_id, event["new_meeting"]))
            if event.get("kind") == "present" and isinstance(event.get("new_member"), dict):
                found.setdefault(str(event.get("member_id")), InJournal(
                    "member", path.stem, cop_id, event["new_member"]))
    return found


def member_ids(cop_member_ids: Iterable[str], cop_id: str) -> Iterator[str]:
    """Ids for new members of a CoP in its members' style, in order (the caller skips the
    taken ones): the most common prefix before a number, the next number, as many digits."""
    return _numbered(cop_member_ids, fallback=f"{cop_id}-m")


def meeting_ids(cop_meetings: pd.DataFrame, cop_id: str, held_on: dt.date,
                meeting_type: str) -> Iterator[str]:
    """Ids for a new meeting of a CoP in its meetings' style (`cop_meetings`: meeting_id,
    held_on, meeting_type), in order: the meeting's date where most of the CoP's ids hold
    theirs (with the suffix the CoP uses for that type), else the next number, else
    `<cop_id>-<yyyymmdd>`; each then with -2, -3, ... should it be taken."""
    day = f"{held_on:%Y%m%d}"
    dated = []
    for row in cop_meetings.itertuples():
        stamp = f"{pd.Timestamp(row.held_on):%Y%m%d}" if pd.notna(row.held_on) else ""
        if stamp and stamp in str(row.meeting_id):
            before, _, after = str(row.meeting_id).partition(stamp)
            dated.append((before, after, row.meeting_type))
    if dated and 2 * len(dated) >= len(cop_meetings):
        prefix = Counter(before for before, _, _ in dated).most_common(1)[0][0]
        suffixes = Counter(after for _, after, kind in dated if kind == meeting_type)
        if suffixes:
            suffix = suffixes.most_common(1)[0][0]
        else:
            others = [after for _, after, _ in dated if after]
            separator = others[0][0] if others and not others[0][0].isalnum() else "-"
            suffix = f"{separator}{meeting_type}" if others else ""
        return _repeated(f"{prefix}{day}{suffix}")
    numbered = [str(m) for m in cop_meetings["meeting_id"] if _NUMBERED.match(str(m))]
    if numbered:
        return _numbered(numbered, fallback=f"{cop_id}-")
    return _repeated(f"{cop_id}-{day}")


def _numbered(ids: Iterable[str], fallback: str) -> Iterator[str]:
    numbers: dict[str, list[str]] = {}
    for value in ids:
        match = _NUMBERED.match(str(value))
        if match:
            numbers.setdefault(match.group(1), []).append(match.group(2))
    if numbers:
        prefix = max(numbers, key=lambda p: (len(numbers[p]), len(p)))
        width = max(len(d) for d in numbers[prefix])
        start = max(int(d) for d in numbers[prefix]) + 1
    else:
        prefix, width, start = fallback, 2, 1
    number = start
    while True:
        yield f"{prefix}{number:0{width}d}"
        number += 1


def _repeated(first: str) -> Iterator[str]:
    yield first
    number = 2
    while True:
        yield f"{first}-{number}"
        number += 1
