"""Zoom participants report -> people with their join and leave times.

The CSV starts with a meeting block (`Meeting ID,Topic,Start Time,...` and one row of
values), then a blank line, then one row per session: `Name (Original Name),User Email,
Join Time,Leave Time,Duration (Minutes),Guest,...`. A person who rejoins, or joins from a
second device, has several rows; a renamed device shows `iPad (Alice Smith)`, so both the
shown and the original name are tried. Durations are whole minutes. The export without
the meeting block (only the participants table) and the one with a single total duration
per person ("unique users") are read too.

Zoom translates the headers into the language of the account (`名前 (元の名前),ユーザーメール,
参加時刻,退出時刻,所要時間（分）` in Japanese), and a copy re-saved by Excel may use `;`. So
the participants table is found by its first header, which in every language Zoom exports
is "name (original name)" in that language: a word followed, in brackets, by a phrase that
contains the same word (`Nombre (nombre original)`, `Nom (nom original)`, `Name
(ursprünglicher Name)`, `이름(원래 이름)`), or one of the known plain headers (`_NAME`).
Columns are then recognised by their content, as for Teams: the e-mail column holds
addresses, join and leave are the first two date columns, the duration is the column of
whole numbers. Headers listed in `docs/importers.md` with their sources.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata

from pipelines.errors import FileProblem
from pipelines.importers._records import AttendanceExport, PersonRow
from pipelines.importers._text import Stamp, decide_date_order, parse_stamp, resolve_stamp
from pipelines.importers.aliases import split_original_name

__all__ = ["is_participants_header", "parse_zoom_participants"]

FORMAT = "zoom-participants"
_WHOLE = re.compile(r"[0-9]+")
_HOW_TO_EXPORT = ("In Zoom open Reports > Usage, click the meeting's participant count and "
                  "choose 'Export' (with 'Show meeting data' ticked).")
# "Name (original name)" in any language: a word, then in brackets a phrase containing it.
_NAME_ORIGINAL = re.compile(r"^(?P<word>[^\W\d_]+)\s*\((?P<inner>[^()]*)\)$")
# Plain name headers seen in Zoom exports (the "unique users" and older layouts).
_NAME = {"name", "user name", "participant", "名前", "ユーザー名", "nombre", "nombre de usuario",
         "nom", "nom d'utilisateur", "benutzername", "nome", "이름"}
# The meeting block's start column (else the date before the last one: Start, End).
_START = ("start time", "開始時刻", "開始時間", "hora de inicio", "heure de début",
          "startzeit", "beginn", "hora de início", "시작 시간", "开始时间")


def _key(header: str) -> str:
    """Header as compared: NFKC (full-width brackets become plain), case folded, one space."""
    text = unicodedata.normalize("NFKC", header).casefold().replace("\u2019", "'")
    return re.sub(r"\s+", " ", re.sub(r"\s*\(\s*", " (", text)).strip()


def is_participants_header(cells: list[str], *, strict: bool = False) -> bool:
    """The header row of Zoom's participants table, in any of its languages.

    `strict` (for recognising the format) also wants a bracketed header, as Zoom writes
    them (`Name (Original Name)`, `Duration (Minutes)`, `所要時間（分）`), so that any CSV
    that happens to start with a `Name` column is not taken for a Zoom report.
    """
    filled = [c for c in cells if c.strip()]
    if len(filled) < 2 or any(parse_stamp(c) or "@" in c or _WHOLE.fullmatch(c) for c in filled):
        return False  # a row of values (a renamed device `Alice (Alice Smith)` looks similar)
    first = _key(cells[0])
    match = _NAME_ORIGINAL.match(first.replace(" (", "("))
    if match and match["word"] in match["inner"]:
        return True
    return first in _NAME and (not strict or any("(" in _key(c) for c in cells[1:]))


def parse_zoom_participants(
    text: str, *, source_file: str, held_on: dt.date | None = None
) -> AttendanceExport:
    """Read a Zoom participants report; `held_on` decides the day/month order of dates."""
    rows, header_at = _rows_and_header(text, source_file)
    header = rows[header_at][1]
    body = [(n, c) for n, c in rows[header_at + 1:] if any(c)]
    columns = _columns(header, [c for _, c in body])
    meeting_start = _meeting_start(rows[:header_at])

    def cell(cells: list[str], j: int | None) -> str:
        return cells[j] if j is not None and j < len(cells) else ""

    parsed = []
    for number, cells in body:
        join_raw, leave_raw = cell(cells, columns["join"]), cell(cells, columns["leave"])
        parsed.append((number, cells, parse_stamp(join_raw), parse_stamp(leave_raw),
                       join_raw, leave_raw))
    stamps = [s for p in parsed for s in p[2:4] if s is not None]
    orders, note = decide_date_order(stamps, meeting_start, held_on, source_file)
    export = AttendanceExport(source_file=source_file, format=FORMAT, rows=[],
                              report_start=resolve_stamp(meeting_start, orders),
                              has_times=columns["join"] is not None)
    if note:
        export.notes.append(f"{source_file}: {note}.")
    for number, cells, join, leave, join_raw, leave_raw in parsed:
        names = split_original_name(cell(cells, 0))
        email = cell(cells, columns["email"])
        minutes = cell(cells, columns["duration"])
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


def _rows_and_header(text: str, source_file: str) -> tuple[list[tuple[int, list[str]]], int]:
    """The file's rows (with the delimiter that finds the table) and the header's index."""
    for delimiter in (",", ";", "\t"):
        try:
            rows = [(n, [c.strip() for c in cells]) for n, cells in
                    enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
        except csv.Error as exc:
            raise FileProblem(source_file, f"the file is not a readable CSV ({exc}).",
                              _HOW_TO_EXPORT) from None
        headers = [i for i, (_, cells) in enumerate(rows) if is_participants_header(cells)]
        if headers:
            return rows, headers[0]
    raise FileProblem(
        source_file,
        "no participants table was found (a header row starting 'Name (Original Name)' or "
        "its translation, such as '名前 (元の名前)' or 'Nombre (nombre original)').",
        _HOW_TO_EXPORT,
    )


def _columns(header: list[str], body: list[list[str]]) -> dict[str, int | None]:
    """Which columns hold the e-mail, the join and leave times and the duration."""
    width = max([len(header)] + [len(c) for c in body])
    dates, emails, whole = [], [], []
    for j in range(1, width):
        values = [c[j] for c in body if j < len(c) and c[j]]
        if not values:
            continue
        share = len(values) / 2
        if sum(parse_stamp(v) is not None for v in values) > share:
            dates.append(j)
        elif sum("@" in v for v in values) > share:
            emails.append(j)
        elif all(_WHOLE.fullmatch(v) for v in values):
            whole.append(j)
    keys = [_key(h) for h in header]
    email_by_header = next((j for j, k in enumerate(keys)
                            if j and any(w in k for w in ("mail", "メール", "correo", "메일", "邮"))),
                           None)
    return {"email": emails[0] if emails else email_by_header,
            "join": dates[0] if dates else None,
            "leave": dates[1] if len(dates) > 1 else None,
            "duration": whole[0] if whole else None}


def _meeting_start(before: list[tuple[int, list[str]]]) -> Stamp | None:
    """The meeting block's start: the row of values under a header row, before the table."""
    filled = [cells for _, cells in before if any(cells)]
    for header, values in zip(filled, filled[1:], strict=False):
        stamps = [(j, s) for j, v in enumerate(values) if (s := parse_stamp(v)) is not None]
        if not stamps or any(parse_stamp(h) for h in header):
            continue
        keys = [_key(h) for h in header]
        by_header = [s for j, s in stamps if j < len(keys) and keys[j].startswith(_START)]
        if by_header:
            return by_header[0]
        return stamps[-2][1] if len(stamps) > 1 else stamps[0][1]
    return None
