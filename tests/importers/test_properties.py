"""Property-based: no input makes an importer crash; it imports or says what is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.errors import FileProblem
from pipelines.importers import FORMATS, parse_export
from pipelines.importers._build import Meeting, attendance_rows, build_turns
from pipelines.importers._records import AttendanceExport

FIXTURES = Path(__file__).parent / "fixtures"

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
    "1\n00:00:01,000 --> 00:00:02,500", "[Alice Smith] 11:02:09", "[] 25:00:00",
    "0:0:58.90 --> 0:0:58.360", "Alice Smith   0:03", "1:02:03", "名前 (元の名前),参加時刻",
    "Nombre (nombre original);Hora para unirse", "&#237;", "&amp;", "(EXT)", "<c.yellow>",
    "NOTE", "STYLE", "PK\x03\x04",
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


# ------------------------------------------------------------------ talk time is speech

SEGMENTS = st.lists(st.tuples(st.sampled_from(["P01", "P02", "P03"]),
                              st.integers(0, 20_000), st.integers(0, 5_000)), max_size=25)


def _union_ms(segments: list[tuple[int, int]], limit_ms: int) -> int:
    """Length of the union of [start, end) intervals clipped to [0, limit_ms]: by hand,
    a sweep over the sorted intervals."""
    total, reach = 0, 0
    for start, end in sorted((max(s, 0), min(e, limit_ms)) for s, e in segments):
        if end <= start:
            continue
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


@settings(max_examples=300, deadline=None)
@given(segments=SEGMENTS, gap=st.sampled_from([0.0, 0.5, 1.0, 2.0]),
       limit_ms=st.integers(1_000, 26_000))
def test_turn_speech_is_the_members_union_of_segments(segments, gap, limit_ms):
    """For any speech segments, a member's talk time (sum of speech_ms over turns) is the
    length of the union of their segments clipped to the meeting: never a pause, never
    twice, never past the contract's limit."""
    from pipelines.importers._records import Cue

    cues = [(m, Cue(i, m, s / 1000, (s + n) / 1000)) for i, (m, s, n) in enumerate(segments)]
    turns = build_turns(cues, gap, limit_ms / 1000).turns
    for member in ("P01", "P02", "P03"):
        expected = _union_ms([(s, s + n) for m, s, n in segments if m == member], limit_ms)
        assert expected == sum(t.speech_ms for t in turns if t.member_id == member)


@settings(max_examples=300, deadline=None)
@given(segments=SEGMENTS, gap=st.sampled_from([0.0, 0.5, 1.0, 2.0]))
def test_turns_keep_the_contracts_rules(segments, gap):
    """Every turn has speech (> 0), starts + speech within its span, and one member's turns
    never overlap even as start_s + duration_s (what the contract checks)."""
    from pipelines.importers._records import Cue

    cues = [(m, Cue(i, m, s / 1000, (s + n) / 1000)) for i, (m, s, n) in enumerate(segments)]
    turns = build_turns(cues, gap, 30.0).turns
    for member in ("P01", "P02", "P03"):
        mine = [t for t in turns if t.member_id == member]
        assert all(0 < t.speech_ms <= t.end_ms - t.start_ms for t in mine)
        assert all(a.start_ms + a.speech_ms <= b.start_ms for a, b in zip(mine, mine[1:], strict=False))


@settings(max_examples=200, deadline=None)
@given(entries=st.lists(st.tuples(st.integers(0, 600), st.integers(0, 60)), min_size=1,
                        max_size=20))
def test_estimated_ends_never_pass_the_next_entry(entries):
    """Entries with only a start get an end after it and never past the next later start."""
    from pipelines.importers._records import Cue
    from pipelines.importers._speech import estimate_ends

    cues = [Cue(i, "A", float(s), float(s), words) for i, (s, words) in enumerate(entries)]
    estimate_ends(cues)
    starts = sorted({c.start_s for c in cues})
    for cue in cues:
        later = [s for s in starts if s > cue.start_s]
        assert cue.start_s < cue.end_s <= (later[0] if later else cue.end_s)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(segments=st.lists(st.tuples(st.sampled_from(["SPEAKER_00", "SPEAKER_01"]),
                                   st.integers(0, 5_500_000), st.integers(1, 900_000)),
                         min_size=1, max_size=12))
def test_stored_talk_time_is_the_summed_speech(shared_programme_db, segments):
    """Any RTTM imported into M1 (90 min, latest end 6000 s) stores, per member, the union
    of the label's segments clipped to 6000 s, every turn loaded and none quarantined."""
    import duckdb

    from pipelines.importers import import_meeting_files

    import_meeting_files([str(FIXTURES / "teams_dmy_utf16.csv")], "M1",
                         db_path=shared_programme_db)
    text = "".join(f"SPEAKER m1 1 {s / 1000:.3f} {n / 1000:.3f} <NA> <NA> {label} <NA> <NA>\n"
                   for label, s, n in segments)
    report = import_meeting_files([("m1.rttm", text.encode())], "M1",
                                  db_path=shared_programme_db)
    with duckdb.connect(str(shared_programme_db), read_only=True) as con:
        stored = dict(con.execute(
            "select member_id, sum(round(duration_s * 1000)) from speaking_turns "
            "where meeting_id = 'M1' and source = 'diarization' group by member_id").fetchall())
    expected = {member: _union_ms([(s, s + n) for label, s, n in segments if label == name],
                                  6_000_000)
                for name, member in (("SPEAKER_00", "P01"), ("SPEAKER_01", "P02"))}
    expected = {m: ms for m, ms in expected.items() if ms}
    assert (expected, 0, report.turns) == (
        {m: int(v) for m, v in stored.items()}, report.load.rows_quarantined,
        report.load.rows_loaded)
