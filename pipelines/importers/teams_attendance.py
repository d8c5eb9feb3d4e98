"""MS Teams attendance report -> people with their join and leave times.

The report is UTF-16 text, tab-separated despite its `.csv` name, in numbered sections:
`1. Summary` (meeting title, start and end), `2. Participants` (one row per person:
first join, last leave, in-meeting duration) and `3. In-Meeting Activities` (one row per
join/leave, so a person who dropped out and rejoined appears several times). Titles and
headers are translated in other languages, so columns are recognised by what they hold
(dates, durations, e-mail addresses), not by their header text. An admin setting can drop
the times altogether; such a report still says who was there.

Older reports (before 2021) have no sections: a `Meeting Summary` block, or a single
`Full Name / User Action / Timestamp` table of Joined/Left events; both are read too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from pipelines.errors import FileProblem
from pipelines.importers._records import AttendanceExport, PersonRow
from pipelines.importers._text import (
    Stamp,
    decide_date_order,
    parse_duration_s,
    parse_stamp,
    resolve_stamp,
)
from pipelines.importers.aliases import normalise

__all__ = ["parse_teams_attendance"]

FORMAT = "teams-attendance"
_SECTION = re.compile(r"^\s*([1-9])\.\s+\S")
_NAME_HEADERS = {"name", "full name", "nom", "nom complet", "nombre", "nombre completo",
                 "naam", "volledige naam", "nome", "nome completo", "namn", "navn", "nimi"}
_ACTION_HEADERS = {"user action", "action", "activity", "aktion", "acción"}
_HOW_TO_EXPORT = ("In Teams open the meeting, choose Attendance and 'Download', and import "
                  "that file without opening it in Excel first.")

Row = tuple[int, list[str]]  # (line number, cells)


def parse_teams_attendance(
    text: str, *, source_file: str, held_on: dt.date | None = None
) -> AttendanceExport:
    """Read a Teams attendance report; `held_on` decides the day/month order of its dates."""
    rows = _split_rows(text)
    if not rows:
        raise FileProblem(source_file, "the file is empty.", _HOW_TO_EXPORT)
    sections = _sections(rows)
    if sections:
        summary = sections.get(1, [])
        participants = _table(sections.get(2, []))
        activities = _table(sections.get(3, []))
    else:
        summary, participants = _unsectioned(rows)
        activities = None
    if participants is None and activities is None:
        raise FileProblem(
            source_file,
            "no participants table was found (no '2. Participants' section and no 'Name' header).",
            _HOW_TO_EXPORT,
        )
    report_start = _summary_start(summary)
    tables = [t for t in (participants, activities) if t is not None]
    if participants is not None and _is_action_table(participants[0]):
        return _from_actions(participants, report_start, source_file, held_on)

    stamps = [s for _, c in summary for cell in c for s in [parse_stamp(cell)] if s]
    read = [_read_table(header, body) for header, body in tables]
    for table in read:
        stamps += [s for row in table for s in (row.join, row.leave) if isinstance(s, Stamp)]
    orders, note = decide_date_order(stamps, report_start, held_on, source_file)
    export = AttendanceExport(source_file=source_file, format=FORMAT, rows=[],
                              report_start=resolve_stamp(report_start, orders))
    if note:
        export.notes.append(f"{source_file}: {note}.")

    part_rows = read[0] if participants is not None else []
    act_rows = read[-1] if activities is not None else []
    people = _same_people(part_rows + act_rows)
    timed_activities = [r for r in act_rows if r.join is not None or r.leave is not None]
    chosen: list[_TableRow] = []
    if timed_activities:
        # Activities give every join/leave; participants only add people missing there
        # (by identity: the same person may be spelled by e-mail in one section and by
        # account id or name in the other).
        in_activities = {people[id(r)] for r in act_rows}
        chosen = act_rows + [r for r in part_rows if people[id(r)] not in in_activities]
        for r in act_rows:
            r.duration_s = None  # the activities' durations are per interval, not totals
    else:
        chosen = part_rows or act_rows
    export.has_times = any(r.join is not None for r in chosen)
    export.rows = [r.to_person(orders) for r in chosen if r.names or r.emails]
    return export


# --------------------------------------------------------------------------- layout


def _split_rows(text: str) -> list[Row]:
    lines = text.splitlines()
    delimiter = "\t" if any("\t" in line for line in lines[:200]) else ","
    rows: list[Row] = []
    for number, line in enumerate(lines, start=1):
        try:
            cells = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
        except csv.Error:
            cells = line.split(delimiter)
        rows.append((number, [c.strip() for c in cells]))
    return rows


def _is_blank(cells: list[str]) -> bool:
    return not any(cells)


def _sections(rows: list[Row]) -> dict[int, list[Row]]:
    """Section number -> its rows; {} when the report has no numbered sections."""
    sections: dict[int, list[Row]] = {}
    current: int | None = None
    for number, cells in rows:
        first = cells[0] if cells else ""
        if _SECTION.match(first) and not any(cells[1:]):
            current = int(_SECTION.match(first)[1])
            sections[current] = []
        elif current is not None and not _is_blank(cells):
            sections[current].append((number, cells))
    return sections if 2 in sections or 3 in sections else {}


def _table(rows: list[Row]) -> tuple[Row, list[Row]] | None:
    """(header, body) of a section: the header is its first row."""
    return (rows[0], rows[1:]) if rows else None


def _unsectioned(rows: list[Row]) -> tuple[list[Row], tuple[Row, list[Row]] | None]:
    """Older layouts: key/value summary lines, then a table headed by a name column."""
    for i, (_, cells) in enumerate(rows):
        if cells and cells[0].casefold() in _NAME_HEADERS:
            summary = [r for r in rows[:i] if not _is_blank(r[1])]
            body = [r for r in rows[i + 1:] if not _is_blank(r[1])]
            return summary, (rows[i], body)
    return [r for r in rows if not _is_blank(r[1])], None


def _summary_start(summary: list[Row]) -> Stamp | None:
    """The meeting's start in the summary: the first value that is a date and time."""
    keyed = [(c[0].casefold(), parse_stamp(c[1]) if len(c) > 1 else None) for _, c in summary]
    for key, stamp in keyed:
        if stamp is not None and ("start" in key or "début" in key or "inicio" in key
                                  or "beginn" in key or "inizio" in key):
            return stamp
    return next((stamp for _, stamp in keyed if stamp is not None), None)


# --------------------------------------------------------------------------- rows


class _TableRow:
    """A participants or activities row, its times still as written."""

    def __init__(self, line: int, names: tuple[str, ...], emails: tuple[str, ...],
                 join: Stamp | str | None, leave: Stamp | str | None, duration_s: float | None):
        self.line, self.names, self.emails = line, names, emails
        self.join, self.leave, self.duration_s = join, leave, duration_s


    def to_person(self, orders: list[str]) -> PersonRow:
        person = PersonRow(line=self.line, names=self.names, emails=self.emails,
                           attended_s=self.duration_s)
        unreadable = []
        for value, attr in ((self.join, "joined"), (self.leave, "left")):
            if value is None:
                continue
            resolved = resolve_stamp(value, orders) if isinstance(value, Stamp) else None
            if resolved is None:
                unreadable.append(value.text if isinstance(value, Stamp) else value)
            setattr(person, attr, resolved)
        person.unreadable_time = " / ".join(unreadable)
        return person


def _same_people(rows: list[_TableRow]) -> dict[int, int]:
    """id(row) -> a person number shared by every row of the same person.

    Teams spells one person differently across rows and sections: `Email` in one,
    `Participant ID (UPN)` (which can differ from the e-mail) in another, only the name for
    guests. Rows are one person when they share an address, or share a name while at least
    one of them has no address (two rows with different addresses and the same name are two
    people). Every row of a person then carries all the person's names and addresses, so
    one alias finds all of them.
    """
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_email: dict[str, int] = {}
    for i, row in enumerate(rows):
        for email in row.emails:
            j = by_email.setdefault(email.casefold(), i)
            parent[find(i)] = find(j)
    groups_emails: dict[int, set[str]] = {}
    for i, row in enumerate(rows):
        groups_emails.setdefault(find(i), set()).update(e.casefold() for e in row.emails)
    by_name: dict[str, int] = {}
    for i, row in enumerate(rows):
        for name in row.names:
            key = normalise(name)
            j = by_name.setdefault(key, i)
            a, b = find(i), find(j)
            if a != b and not (groups_emails.get(a) and groups_emails.get(b)):
                parent[a] = b
                groups_emails[b] = groups_emails.get(b, set()) | groups_emails.pop(a, set())
    names: dict[int, dict[str, None]] = {}
    emails: dict[int, dict[str, None]] = {}
    for i, row in enumerate(rows):
        names.setdefault(find(i), {}).update(dict.fromkeys(row.names))
        emails.setdefault(find(i), {}).update(dict.fromkeys(row.emails))
    for i, row in enumerate(rows):
        person = find(i)
        row.names = tuple(dict.fromkeys(row.names + tuple(names[person])))
        row.emails = tuple(dict.fromkeys(row.emails + tuple(emails[person])))
    return {id(row): find(i) for i, row in enumerate(rows)}


def _column_kinds(header: list[str], body: list[list[str]]) -> dict[str, list[int]]:
    """Which columns hold the name, dates, durations and e-mail addresses."""
    width = max([len(header)] + [len(c) for c in body])
    kinds: dict[str, list[int]] = {"name": [], "date": [], "duration": [], "email": []}
    names = [i for i, h in enumerate(header) if h.casefold() in _NAME_HEADERS]
    kinds["name"] = names[:1] or [0]
    for i in range(width):
        if i in kinds["name"]:
            continue
        values = [c[i] for c in body if i < len(c) and c[i]]
        if not values:
            continue
        share = len(values) / 2
        if sum(parse_stamp(v) is not None for v in values) > share:
            kinds["date"].append(i)
        elif sum(parse_duration_s(v) is not None for v in values) > share:
            kinds["duration"].append(i)
        elif sum("@" in v for v in values) > share:
            kinds["email"].append(i)
    return kinds


def _read_table(header_row: Row, body: list[Row]) -> list[_TableRow]:
    header = header_row[1]
    kinds = _column_kinds(header, [c for _, c in body])

    def cell(cells: list[str], i: int | None) -> str:
        return cells[i] if i is not None and i < len(cells) else ""

    join_col = kinds["date"][0] if kinds["date"] else None
    leave_col = kinds["date"][1] if len(kinds["date"]) > 1 else None
    duration_col = kinds["duration"][0] if kinds["duration"] else None
    rows = []
    for number, cells in body:
        name = cell(cells, kinds["name"][0])
        emails = tuple(dict.fromkeys(cell(cells, i) for i in kinds["email"] if "@" in cell(cells, i)))
        times: list[Stamp | str | None] = []
        for col in (join_col, leave_col):
            raw = cell(cells, col)
            times.append(parse_stamp(raw) or raw if raw else None)
        duration = parse_duration_s(cell(cells, duration_col))
        rows.append(_TableRow(number, (name,) if name else (), emails, times[0], times[1], duration))
    return rows


# --------------------------------------------------------------------------- 2020 layout


def _is_action_table(header_row: Row) -> bool:
    return any(h.casefold() in _ACTION_HEADERS for h in header_row[1])


def _from_actions(
    table: tuple[Row, list[Row]], report_start: Stamp | None, source_file: str,
    held_on: dt.date | None,
) -> AttendanceExport:
    """`Full Name / User Action / Timestamp`: pair each Joined with the next Left."""
    header, body = table
    cols = [h.casefold() for h in header[1]]
    action_col = next(i for i, h in enumerate(cols) if h in _ACTION_HEADERS)
    time_col = next((i for i, h in enumerate(cols) if "time" in h), action_col + 1)
    events = []
    for number, cells in body:
        name = cells[0] if cells else ""
        action = cells[action_col].casefold() if action_col < len(cells) else ""
        raw = cells[time_col] if time_col < len(cells) else ""
        events.append((number, name, action, parse_stamp(raw), raw))
    stamps = [e[3] for e in events if e[3] is not None]
    orders, note = decide_date_order(stamps, report_start, held_on, source_file)
    export = AttendanceExport(source_file=source_file, format=FORMAT, rows=[],
                              report_start=resolve_stamp(report_start, orders))
    if note:
        export.notes.append(f"{source_file}: {note}.")
    open_rows: dict[str, PersonRow] = {}
    for number, name, action, stamp, raw in events:
        if not name:
            continue
        when = resolve_stamp(stamp, orders) if stamp else None
        if action.startswith("join") or action.startswith("rejoin"):
            person = PersonRow(line=number, names=(name,), joined=when)
            if when is None:
                person.unreadable_time = raw
            open_rows[name] = person
            export.rows.append(person)
        elif action.startswith("left") or action.startswith("leave"):
            person = open_rows.pop(name, None)
            if person is None:
                person = PersonRow(line=number, names=(name,))
                export.rows.append(person)
            person.left = when
            if when is None:
                person.unreadable_time = " / ".join(filter(None, [person.unreadable_time, raw]))
    return export
