"""Zoom participants report -> people with their join and leave times.

The CSV starts with a meeting block (`Meeting ID,Topic,Start Time,...` and one row of
values), then a blank line, then one row per session: `Name (Original Name),User Email,
Join Time,Leave Time,Duration (Minutes),Guest,...`. A person who rejoins, or joins from a
second device, has several rows; a renamed device shows `iPad (Alice Smith)`, so both the
shown and the original name are tried. Durations are whole minutes. The export without
the meeting block (only the participants table) and the one with a single total duration
per person ("unique users") are read too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from pipelines.errors import FileProblem
from pipelines.importers._records import AttendanceExport, PersonRow
from pipelines.importers._text import Stamp, decide_date_order, parse_stamp, resolve_stamp
from pipelines.importers.aliases import split_original_name

__all__ = ["parse_zoom_participants"]

FORMAT = "zoom-participants"
_WHOLE = re.compile(r"[0-9]+")
_HOW_TO_EXPORT = ("In Zoom open Reports > Usage, click the meeting's participant count and "
                  "choose 'Export' (with 'Show meeting data' ticked).")


def parse_zoom_participants(
    text: str, *, source_file: str, held_on: dt.date | None = None
) -> AttendanceExport:
    """Read a Zoom participants report; `held_on` decides the day/month order of dates."""
    try:
        rows = [(n, [c.strip() for c in cells])
                for n, cells in enumerate(csv.reader(io.StringIO(text)), start=1)]
    except csv.Error as exc:
        raise FileProblem(source_file, f"the file is not a readable CSV ({exc}).",
                          _HOW_TO_EXPORT) from None
    meeting_start: Stamp | None = None
    header_at = None
    for i, (_, cells) in enumerate(rows):
        lower = [c.casefold() for c in cells]
        if "meeting id" in lower and i + 1 < len(rows):
            start_col = next((j for j, c in enumerate(lower) if c.startswith("start time")), None)
            values = rows[i + 1][1]
            if start_col is not None and start_col < len(values):
                meeting_start = parse_stamp(values[start_col])
        elif lower and lower[0].startswith("name") and any(
            c.startswith(("join time", "duration", "total duration", "user email")) for c in lower
        ):
            header_at = i
            break
    if header_at is None:
        raise FileProblem(
            source_file,
            "no participants table was found (a header row starting 'Name (Original Name)').",
            _HOW_TO_EXPORT,
        )
    header = [c.casefold() for c in rows[header_at][1]]

    def col(*starts: str) -> int | None:
        return next((j for j, c in enumerate(header) if c.startswith(starts)), None)

    email_col = next((j for j, c in enumerate(header) if "email" in c), None)
    join_col, leave_col = col("join time"), col("leave time")
    duration_col = col("duration", "total duration")

    def cell(cells: list[str], j: int | None) -> str:
        return cells[j] if j is not None and j < len(cells) else ""

    body = [(n, c) for n, c in rows[header_at + 1:] if any(c)]
    parsed = []
    for number, cells in body:
        join_raw, leave_raw = cell(cells, join_col), cell(cells, leave_col)
        parsed.append((number, cells, parse_stamp(join_raw), parse_stamp(leave_raw),
                       join_raw, leave_raw))
    stamps = [s for p in parsed for s in p[2:4] if s is not None]
    orders, note = decide_date_order(stamps, meeting_start, held_on, source_file)
    export = AttendanceExport(source_file=source_file, format=FORMAT, rows=[],
                              report_start=resolve_stamp(meeting_start, orders),
                              has_times=join_col is not None)
    if note:
        export.notes.append(f"{source_file}: {note}.")
    for number, cells, join, leave, join_raw, leave_raw in parsed:
        names = split_original_name(cell(cells, 0))
        email = cell(cells, email_col)
        minutes = cell(cells, duration_col)
        person = PersonRow(line=number, names=names, emails=(email,) if "@" in email else (),
                           attended_s=float(minutes) * 60 if _WHOLE.fullmatch(minutes) else None)
        unreadable = []
        for stamp, raw, attr in ((join, join_raw, "joined"), (leave, leave_raw, "left")):
            value = resolve_stamp(stamp, orders)
            if raw and value is None:
                unreadable.append(raw)
            setattr(person, attr, value)
        person.unreadable_time = " / ".join(unreadable)
        if person.names or person.emails:
            export.rows.append(person)
    return export
