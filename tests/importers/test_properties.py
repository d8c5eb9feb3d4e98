"""Property-based: no input makes an importer crash; it imports or says what is wrong."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.errors import FileProblem
from pipelines.importers import FORMATS, parse_export
from pipelines.importers._build import Meeting, attendance_rows, build_turns
from pipelines.importers._records import AttendanceExport

HELD_ON = dt.date(2021, 4, 15)
MEETING = Meeting("M1", "C1", HELD_ON, "10:00", 90, "online")

# Pieces of the real formats, so that generated files get deep into the parsers.
PIECES = st.sampled_from([
    "1. Summary", "2. Participants", "3. In-Meeting Activities", "Name", "Full Name",
    "User Action", "Joined", "Left", "First join", "Last leave", "Email", "\t", ",", " ",
    "15/04/21, 10:00:00", "4/15/21, 10:00:00 AM", "4/4/21, 23:00:00", "13/13/21, 25:61:00",
    "2021-04-15 10:00:00", "1h 27m 51s", "30m 0s", "a@b.org", "Alice Smith (External)",
    "Meeting ID,Topic,Start Time", "Name (Original Name),User Email,Join Time,Leave Time,"
    "Duration (Minutes),Guest", "06/10/2021 05:58:12 PM", "x (y)", "WEBVTT",
    "00:00:01.000 --> 00:00:02.000", "99:99:99.999 --> 00:00:00.000", "<v Alice>", "</v>",
    "Bob: hello", "NOTE", "SPEAKER f 1 1.0 2.0 <NA> <NA> S0 <NA> <NA>", "SPEAKER f 1 nan inf",
    "SPEAKER", "<NA>", "-1", "0", "1e309", "\r", "\u202f", "\x00", "é", '"',
])
LINES = st.lists(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=8).map("".join),
                 max_size=30).map("\n".join)


def _parse_or_explain(data: bytes, fmt: str | None):
    try:
        return parse_export("upload.csv", data, fmt=fmt, held_on=HELD_ON)
    except FileProblem as problem:
        assert problem.problem  # says what is wrong
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=LINES, fmt=st.sampled_from((None, *FORMATS)))
def test_structured_text_never_crashes(text, fmt):
    """Format-like text: parsed, or a FileProblem explaining what is wrong."""
    export = _parse_or_explain(text.encode("utf-8"), fmt)
    if isinstance(export, AttendanceExport):
        people = {str(i): [row] for i, row in enumerate(export.rows)}
        attendance_rows(people, MEETING, MEETING.start())  # building rows never crashes either
    elif export is not None:
        build_turns([(c.speaker, c) for c in export.cues], 1.0, MEETING.latest_end_s)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400), fmt=st.sampled_from((None, *FORMATS)))
def test_any_bytes_never_crash(data, fmt):
    """Arbitrary bytes: parsed, or a FileProblem explaining what is wrong."""
    _parse_or_explain(data, fmt)


@settings(max_examples=200, deadline=None)
@given(text=LINES)
def test_utf16_text_never_crashes(text):
    """The same texts in UTF-16 with a BOM, as Teams writes them."""
    _parse_or_explain(b"\xff\xfe" + text.encode("utf-16-le", errors="surrogatepass"), None)


def _table_rows(db) -> dict[str, list]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        return {t: sorted(con.execute(f'select * from "{t}"').fetchall(), key=repr)
                for t in tables}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=LINES, fmt=st.sampled_from((None, *FORMATS)))
def test_malformed_file_never_changes_the_database(shared_programme_db, tmp_path_factory,
                                                   text, fmt):
    """Whatever the file, an import that stops with an error leaves every table as it was."""
    from pipelines.errors import CopdashError
    from pipelines.importers import import_meeting_files

    before = _table_rows(shared_programme_db)
    try:
        import_meeting_files([("upload.csv", text.encode("utf-8"))], "M1", fmt=fmt,
                             db_path=shared_programme_db)
    except CopdashError:
        assert before == _table_rows(shared_programme_db)
