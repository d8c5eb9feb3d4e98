"""One import: files of one meeting -> parsed -> mapped to members -> loaded.

Every file is read and parsed before anything is written, so a malformed file leaves the
database unchanged. People who cannot be mapped through `member_aliases` are listed with
suggestions and left out (never guessed); the rows of everyone else go through
`pipelines.load.load_frames`, so the data contracts, the quarantine and the single
transaction apply to imports exactly as to any load. Re-importing a file replaces that
meeting's rows from that source, so importing twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipelines import limits
from pipelines.errors import CopdashError, FileProblem
from pipelines.importers._build import (
    ATTENDANCE_COLUMNS,
    Meeting,
    attendance_rows,
    build_turns,
    turn_frame,
)
from pipelines.importers._records import AttendanceExport, Cue, PersonRow, TranscriptExport
from pipelines.importers._report import FileSummary, ImportReport, Kept, Unresolved
from pipelines.importers._text import decode_export, format_number
from pipelines.importers.aliases import AliasIndex, normalise, strip_suffixes
from pipelines.importers.detect import FORMATS, detect_format
from pipelines.importers.docx_transcript import is_docx, parse_docx
from pipelines.importers.rttm import parse_rttm
from pipelines.importers.srt_transcript import parse_srt
from pipelines.importers.teams_attendance import parse_teams_attendance
from pipelines.importers.teams_transcript_text import parse_teams_text
from pipelines.importers.vtt_transcript import parse_vtt
from pipelines.importers.zoom_participants import parse_zoom_participants
from pipelines.importers.zoom_transcript_text import parse_zoom_text

if TYPE_CHECKING:
    from pipelines.load import LoadReport

__all__ = ["FileInput", "ImportReport", "Kept", "Unresolved", "add_aliases",
           "import_meeting_files", "meeting_choices", "member_choices", "parse_export"]

FileInput = str | os.PathLike | tuple[str, bytes]
Export = AttendanceExport | TranscriptExport
_SQL = Path(__file__).parent / "sql"
_TRANSCRIPT_PARSERS = {"vtt": parse_vtt, "srt": parse_srt, "teams-text": parse_teams_text,
                       "zoom-text": parse_zoom_text}


# --------------------------------------------------------------------------- public API


def parse_export(name: str, data: bytes, *, fmt: str | None = None,
                 held_on: dt.date | None = None, recording: str | None = None) -> Export:
    """Bytes of one export -> its parsed records (no database involved).

    `recording` names the recording to read from an RTTM file that holds several
    (`RecordingChoiceNeeded`, a FileProblem listing them, when it is needed and missing).
    """
    if fmt is not None and fmt not in FORMATS:
        raise FileProblem(name, f"'{fmt}' is not a known format.",
                          f"Use one of: {', '.join(FORMATS)}.")
    limits.check_export(name, data)  # size, and a .docx's zip before it is opened
    if fmt == "docx" or (fmt is None and is_docx(data)):
        return parse_docx(data, source_file=name)
    text = decode_export(data, name)
    fmt = fmt or detect_format(text, name)
    if fmt == "teams-attendance":
        return parse_teams_attendance(text, source_file=name, held_on=held_on)
    if fmt == "zoom-participants":
        return parse_zoom_participants(text, source_file=name, held_on=held_on)
    if fmt in _TRANSCRIPT_PARSERS:
        return _TRANSCRIPT_PARSERS[fmt](text, source_file=name)
    return parse_rttm(text, source_file=name, recording=recording)


def import_meeting_files(
    files: Sequence[FileInput],
    meeting_id: str,
    *,
    fmt: str | None = None,
    mark_absent: bool = False,
    db_path: str | os.PathLike | None = None,
    merge_gap_s: float | None = None,
    recording: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportReport:
    """Import a meeting's exports; FileProblem (nothing written) when a file is malformed.

    `recording` says which recording of a multi-recording RTTM file is this meeting's.
    `dry_run` parses and matches names without loading anything (the Import page uses it
    to show who still needs an alias, and what would be kept, before the user imports).
    """
    from pipelines.load import load_frames
    from pipelines.settings import get_settings

    if not files:
        raise CopdashError("No file to import: name at least one export file.")
    gap = get_settings().merge_gap_s if merge_gap_s is None else merge_gap_s
    context = _read_context(meeting_id, db_path)
    exports = _parse_all(files, fmt, context.meeting.held_on, recording)
    if recording is not None and not any(e.format == "rttm" for e in exports):
        raise CopdashError(f"--recording {recording} names a recording of an RTTM file, but "
                           "none of the files is one: leave it out, or add the .rttm file.")
    report = ImportReport(meeting_id=meeting_id, dry_run=dry_run)
    index = AliasIndex.from_rows(context.aliases, meeting_id, suggest_among=context.cop_members)
    frames: dict[str, pd.DataFrame] = {}
    replace: dict[str, dict[str, str]] = {}
    unresolved: dict[tuple[str, str], Unresolved] = {}
    for export in exports:
        records = len(export.rows) if isinstance(export, AttendanceExport) else len(export.cues)
        report.files.append(FileSummary(export.source_file, export.format, records))
        report.notes += export.notes
        if isinstance(export, AttendanceExport):
            _import_attendance(export, context, index, mark_absent, report, unresolved,
                               frames, replace)
        else:
            _import_turns(export, context, index, gap, report, unresolved, frames, replace)
    report.unresolved = sorted(unresolved.values(), key=lambda u: (u.kind, u.name.casefold()))
    if frames and not dry_run:
        names = ", ".join(f.name for f in report.files)
        load = load_frames(frames, source_name=f"{names} (import into {meeting_id})",
                           db_path=db_path, replace=replace, progress=progress)
        if load.file_problems:
            raise CopdashError(load.summary())
        report.load = load
    return report


def add_aliases(rows: Iterable[Mapping[str, str]], *,
                db_path: str | os.PathLike | None = None) -> LoadReport:
    """Write aliases (alias, member_id, optional meeting_id) through the normal load."""
    from pipelines.load import load_frames

    frame = pd.DataFrame(
        [{"alias": strip_suffixes(str(r["alias"])), "meeting_id": str(r.get("meeting_id") or ""),
          "member_id": str(r["member_id"])} for r in rows],
        columns=["alias", "meeting_id", "member_id"], dtype=object)
    if frame.empty:
        raise CopdashError("No alias to add: choose a member for at least one name.")
    load = load_frames({"member_aliases": frame}, source_name="aliases added while importing",
                       db_path=db_path)
    if load.file_problems:
        raise CopdashError(load.summary())
    return load


def meeting_choices(db_path: str | os.PathLike | None = None) -> list[tuple[str, str]]:
    """(meeting_id, label) of every meeting, newest first, for a picker."""
    from pipelines.load import open_readonly

    with open_readonly(db_path) as con:
        rows = con.execute(_sql("meetings_list")).fetchall()
    return [(m, f"{m} ({held_on}, {mode})") for m, held_on, mode in rows]


def member_choices(meeting_id: str, db_path: str | os.PathLike | None = None) -> list[str]:
    """The member ids of the meeting's CoP (what an unresolved name can be mapped to)."""
    from pipelines.load import open_readonly

    with open_readonly(db_path) as con:
        rows = con.execute(_sql("cop_members"), {"meeting_id": meeting_id}).fetchall()
    return [f"{member_id}" for member_id, _ in rows]


# --------------------------------------------------------------------------- steps


@dataclass
class _Context:
    meeting: Meeting
    expected: list[str]
    aliases: list[tuple[str, str | None, str]]
    # member_id -> (status, attended_via, minutes_attended) of the stored attendance rows
    existing: dict[str, tuple[str, str | None, float | None]]
    cop_members: frozenset[str] = frozenset()      # every member of the meeting's CoP
    # source -> member_id -> (turns, talk seconds) of the stored voice turns
    stored_turns: dict[str, dict[str, tuple[int, float]]] = field(default_factory=dict)


def _sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


def _read_context(meeting_id: str, db_path: str | os.PathLike | None) -> _Context:
    from pipelines.load import open_readonly

    params = {"meeting_id": meeting_id}
    with open_readonly(db_path) as con:
        row = con.execute(_sql("meeting"), params).fetchone()
        if row is None:
            raise CopdashError(
                f"Meeting '{meeting_id}' is not in the database. Check the meeting id, or load "
                "the meetings file with this meeting first (copdash load), then import again.")
        meeting = Meeting(meeting_id=row[0], cop_id=row[1], held_on=row[2], start_time=row[3],
                          duration_min=int(row[4]), mode=row[5])
        expected = [r[0] for r in con.execute(_sql("members"), params).fetchall()]
        aliases = [tuple(r) for r in con.execute(_sql("aliases"), params).fetchall()]
        existing = {r[0]: (r[1], r[2], r[3])
                    for r in con.execute(_sql("attendance"), params).fetchall()}
        cop_members = frozenset(r[0] for r in con.execute(_sql("cop_members"), params).fetchall())
        stored: dict[str, dict[str, tuple[int, float]]] = {}
        for source, member_id, turns_n, talk_s in con.execute(_sql("stored_turns"),
                                                              params).fetchall():
            stored.setdefault(source, {})[member_id] = (int(turns_n), float(talk_s or 0))
    return _Context(meeting, expected, aliases, existing, cop_members, stored)


def _parse_all(files: Sequence[FileInput], fmt: str | None, held_on: dt.date,
               recording: str | None = None) -> list[Export]:
    """Parse every file first; any problem stops the import before the database is touched."""
    exports: list[Export] = []
    problems: list[FileProblem] = []
    for item in files:
        if isinstance(item, tuple):
            name, data = item
        else:
            path = Path(item)
            name = str(item)
            if not path.is_file():
                problems.append(FileProblem(name, "there is no such file."))
                continue
            data = path.read_bytes()
        try:
            exports.append(parse_export(name, data, fmt=fmt, held_on=held_on,
                                        recording=recording))
        except FileProblem as problem:
            problems.append(problem)
    by_kind: dict[str, list[str]] = {}
    for export in exports:
        kind = "attendance" if isinstance(export, AttendanceExport) else export.source
        by_kind.setdefault(kind, []).append(export.source_file)
    for kind, names in by_kind.items():
        if len(names) > 1:
            problems.append(FileProblem(
                ", ".join(names), f"these files are all {kind} exports of one meeting.",
                f"Import one {kind} file per meeting (a corrected file replaces the earlier one)."))
    if "transcript" in by_kind and "diarization" in by_kind:
        problems.append(FileProblem(
            ", ".join(by_kind["transcript"] + by_kind["diarization"]),
            "a transcript and a diarization file of the same meeting were given together.",
            "Import them one at a time: each becomes the meeting's speaking turns from its "
            "own source."))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise CopdashError("Nothing was imported:\n" + "\n".join(f"- {p}" for p in problems))
    return exports


def _note_unresolved(unresolved: dict[tuple[str, str], Unresolved], index: AliasIndex,
                     kind: str, names: tuple[str, ...], source_file: str, line: int) -> None:
    name = strip_suffixes(names[0])
    item = unresolved.get((kind, normalise(name)))
    if item is None:
        item = Unresolved(name=name, kind=kind, suggestions=index.suggest(name),
                          conflicting=index.conflicting(names))
        unresolved[(kind, normalise(name))] = item
    if source_file not in item.files:
        item.files.append(source_file)
    item.lines.append(line)


def _import_attendance(export: AttendanceExport, context: _Context, index: AliasIndex,
                       mark_absent: bool, report: ImportReport,
                       unresolved: dict[tuple[str, str], Unresolved],
                       frames: dict[str, pd.DataFrame],
                       replace: dict[str, dict[str, str]]) -> None:
    meeting = context.meeting
    people: dict[str, list[PersonRow]] = {}
    someone_unresolved = False
    for row in export.rows:
        member_id = index.resolve(row.names + row.emails)
        if member_id is None:
            someone_unresolved = True
            _note_unresolved(unresolved, index, "person", row.names or row.emails,
                             export.source_file, row.line)
        else:
            people.setdefault(member_id, []).append(row)
    start = meeting.start()
    if start is None and export.has_times:
        start = export.report_start
        if start is not None:
            report.notes.append(f"meeting {meeting.meeting_id} has no start_time; the report's "
                                f"own start ({start:%H:%M}) was used for join and leave minutes.")
        else:
            joins = [r.joined for rows in people.values() for r in rows if r.joined]
            start = min(joins) if joins else None
            if start is not None:
                report.notes.append(
                    f"meeting {meeting.meeting_id} has no start_time and the report gives "
                    f"none; the first join ({start:%H:%M}) was used as the start.")
    rows, warnings = attendance_rows(people, meeting, start)
    report.notes += [f"{export.source_file} {w}" for w in warnings]
    if mark_absent and someone_unresolved:
        report.notes.append("--mark-absent was not applied: someone in the report is not "
                            "matched yet and could wrongly be marked absent. Run the import "
                            "again once every name is matched.")
    elif mark_absent:
        for member_id in context.expected:
            if member_id in people:
                continue
            status, via, _ = context.existing.get(member_id, ("", None, None))
            if status in ("present", "apologies") and via != "online":
                continue  # in the room, or sent apologies: not this report's to change
            rows.append({"meeting_id": meeting.meeting_id, "member_id": member_id,
                         "status": "absent", "attended_via": "", "joined_min": "",
                         "left_min": "", "minutes_attended": ""})
            report.absent_rows += 1
    if someone_unresolved:
        # Someone in the report has no alias yet and could be any member whose online row
        # is stored: matched people's rows are updated, every other stored row is kept.
        kept = [Kept("attendance", member_id, 1, minutes_attended=minutes)
                for member_id, (status, via, minutes) in sorted(context.existing.items())
                if via == "online" and member_id not in people]
        report.kept += kept
        if kept:
            report.notes.append(
                f"{export.source_file}: the stored online attendance of {len(kept)} member(s) "
                "not matched in this report was kept, because a name in the report is not "
                "matched yet; once every name is matched, importing the report again replaces "
                "the meeting's online attendance in full.")
        if not people:
            return  # nothing matched: keep what the database holds until aliases exist
    report.attendance_rows = len(rows)
    frames["attendance"] = pd.DataFrame(rows, columns=ATTENDANCE_COLUMNS, dtype=object)
    if not someone_unresolved:
        replace["attendance"] = {"meeting_id": meeting.meeting_id, "attended_via": "online"}


def _import_turns(export: TranscriptExport, context: _Context, index: AliasIndex, gap: float,
                  report: ImportReport, unresolved: dict[tuple[str, str], Unresolved],
                  frames: dict[str, pd.DataFrame],
                  replace: dict[str, dict[str, str]]) -> None:
    meeting = context.meeting
    if export.clock_times:
        _place_clock_times(export, meeting, report)
    kind = "speaker label" if export.source == "diarization" else "person"
    resolved: list[tuple[str, Cue]] = []
    for cue in export.cues:
        member_id = index.resolve((cue.speaker,), meeting_only=export.source == "diarization")
        if member_id is None:
            _note_unresolved(unresolved, index, kind, (cue.speaker,), export.source_file,
                             cue.position)
        else:
            resolved.append((member_id, cue))
    report.skipped_cues += export.skipped_without_speaker
    stored = context.stored_turns.get(export.source, {})
    if len(resolved) < len(export.cues) and stored:
        # A name is not matched yet: it could be anyone whose turns are stored, and the
        # turns of a file replace the meeting's turns from that source as a whole (their
        # ids and merging depend on every speaker), so the stored turns stay as they are.
        report.kept += [Kept("speaking_turns", member_id, turns_n, talk_s=talk_s,
                             source=export.source)
                        for member_id, (turns_n, talk_s) in sorted(stored.items())]
        report.notes.append(
            f"{export.source_file} was not loaded: a name in it is not matched yet, so the "
            f"meeting's {sum(n for n, _ in stored.values())} stored {export.source} turn(s) "
            "were kept as they were. Match every name, then import it again to replace them.")
        return
    if not resolved:
        return  # nothing matched and nothing stored: nothing to load until aliases exist
    build = build_turns(resolved, gap, meeting.latest_end_s)
    if build.empty_segments:
        report.notes.append(f"{export.source_file}: {build.empty_segments} segment(s) of no "
                            "length carry no speech and were left out.")
    if build.clipped_segments:
        report.notes.append(
            f"{export.source_file}: {format_number(build.clipped_ms / 1000, 1)} s of speech in "
            f"{build.clipped_segments} segment(s) fell before the meeting's start or more than "
            "10 minutes after its planned end (the data contract's limit) and was not counted.")
    frames["speaking_turns"] = turn_frame(build.turns, meeting.meeting_id, export.source)
    replace["speaking_turns"] = {"meeting_id": meeting.meeting_id, "source": export.source}
    report.turns += len(build.turns)


def _place_clock_times(export: TranscriptExport, meeting: Meeting, report: ImportReport) -> None:
    """Clock times of day (Zoom's saved transcript) -> seconds from the meeting's start.

    The meeting's start time is time zero when the transcript's first entry falls within an
    hour before it up to its latest end; otherwise, when every time fits within the meeting's
    length, they are read as time from the start of the recording; a meeting without a
    start time takes the first entry as time zero. Anything else is the wrong meeting.
    """
    first = min(c.start_s for c in export.cues)
    last = max(c.end_s for c in export.cues)
    start = meeting.start()
    if start is not None:
        zero = start.hour * 3600 + start.minute * 60 + start.second
        if zero - 3600 <= first <= zero + meeting.latest_end_s:
            _shift(export, zero)
            return
        if last <= meeting.latest_end_s:
            report.notes.append(f"{export.source_file}: its times ({_clock(first)} to "
                                f"{_clock(last)}) were read as time from the start of the "
                                "recording: they cannot be clock times of this meeting.")
            return
        raise FileProblem(
            export.source_file,
            f"its entries run from {_clock(first)} to {_clock(last)}, but meeting "
            f"{meeting.meeting_id} started at {start:%H:%M} and lasted {meeting.duration_min} "
            "minutes.",
            "Check that you chose the right meeting, or correct the meeting's start_time.")
    _shift(export, first)
    report.notes.append(f"meeting {meeting.meeting_id} has no start_time; the transcript's first "
                        f"entry ({_clock(first)}) was taken as its start.")


def _shift(export: TranscriptExport, zero: float) -> None:
    for cue in export.cues:
        cue.start_s -= zero
        cue.end_s -= zero


def _clock(seconds: float) -> str:
    whole = int(seconds) % 86_400
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
