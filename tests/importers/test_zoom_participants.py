"""Zoom participants reports: meeting block, sessions, renamed devices."""

from __future__ import annotations

import datetime as dt

from pipelines.importers import parse_export


def _zoom(fixture_bytes):
    return parse_export("zoom_participants.csv", fixture_bytes("zoom_participants.csv"),
                        held_on=dt.date(2021, 6, 10))


def test_one_row_per_session(fixture_bytes):
    """Six sessions, Alice's two included, in file order."""
    assert ["Fay Host", "Alice Smith", "Bob's iPad (Bob Jones)", "Alice Smith",
            "Kitchen laptop (Carol White)", "Unknown Caller"] == [r.names[0] for r in _zoom(fixture_bytes).rows]


def test_renamed_device_tries_both_names(fixture_bytes):
    """`Bob's iPad (Bob Jones)`: the whole text, the shown name and the original name."""
    assert ("Bob's iPad (Bob Jones)", "Bob's iPad", "Bob Jones") == _zoom(fixture_bytes).rows[2].names


def test_dates_month_day_from_meeting_date(fixture_bytes):
    """06/10/2021 on the meeting of 10 June is month/day; 05:58:12 PM is 17:58:12."""
    assert dt.datetime(2021, 6, 10, 17, 58, 12) == _zoom(fixture_bytes).rows[0].joined


def test_meeting_block_start_time(fixture_bytes):
    """The meeting block's Start Time is the report's start."""
    assert dt.datetime(2021, 6, 10, 17, 58, 12) == _zoom(fixture_bytes).report_start


def test_whole_minutes_duration(fixture_bytes):
    """Duration (Minutes) 19 is 1140 seconds."""
    assert 1140.0 == _zoom(fixture_bytes).rows[1].attended_s


def test_table_without_meeting_block(fixture_bytes):
    """The export without the meeting block is read from its header row."""
    text = ("Name (Original Name),User Email,Total Duration (Minutes),Guest\n"
            "Alice Smith,,54,Yes\n")
    export = parse_export("z.csv", text.encode(), fmt="zoom-participants",
                          held_on=dt.date(2021, 6, 10))
    assert [(("Alice Smith",), None, 3240.0)] == [
        (r.names, r.joined, r.attended_s) for r in export.rows]  # 54 min * 60


def test_japanese_headers(fixture_bytes):
    """A Japanese account's export (`名前 (元の名前),ユーザーメール,参加時刻,...`, UTF-8 with a
    BOM, year-first 24-hour times): the same sessions as in English, e-mail by content."""
    export = parse_export("z.csv", fixture_bytes("zoom_participants_ja.csv"),
                          held_on=dt.date(2021, 6, 10))
    assert [("Fay Host", ("fay@host.ac.uk",), dt.datetime(2021, 6, 10, 17, 58, 12), 3840.0),
            ("Alice Smith", (), dt.datetime(2021, 6, 10, 18, 1), 1140.0),
            ("Bob's iPad (Bob Jones)", (), dt.datetime(2021, 6, 10, 18, 0), 1800.0),
            ("Alice Smith", (), dt.datetime(2021, 6, 10, 18, 25), 2100.0)] == [
        (r.names[0], r.emails, r.joined, r.attended_s) for r in export.rows]


def test_japanese_meeting_block_start(fixture_bytes):
    """The meeting block's 開始時刻 (start time) 2021/06/10 17:58:12 is the report's start."""
    export = parse_export("z.csv", fixture_bytes("zoom_participants_ja.csv"),
                          held_on=dt.date(2021, 6, 10))
    assert dt.datetime(2021, 6, 10, 17, 58, 12) == export.report_start


def test_spanish_headers_with_semicolons(fixture_bytes):
    """Older Spanish headers (`Hora para unirse`), re-saved with `;`: day/month dates read
    from the meeting's date (10/06/2021 is 10 June); Carol's laptop by e-mail."""
    export = parse_export("z.csv", fixture_bytes("zoom_participants_es_semicolon.csv"),
                          held_on=dt.date(2021, 6, 10))
    assert [("Fay Host", dt.datetime(2021, 6, 10, 17, 58, 12), dt.datetime(2021, 6, 10, 19, 2)),
            ("Kitchen laptop (Carol White)", dt.datetime(2021, 6, 10, 18, 10),
             dt.datetime(2021, 6, 10, 18, 50))] == [
        (r.names[0], r.joined, r.left) for r in export.rows]


def test_renamed_device_like_a_header_is_still_a_row():
    """`Alice (Alice Smith)` has the shape of a header (a word, then a phrase with it in
    brackets) but holds a time: it is a session row, not the table's header."""
    text = ("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
            "Alice (Alice Smith),,06/10/2021 06:01:00 PM,06/10/2021 06:20:00 PM,19\n")
    export = parse_export("z.csv", text.encode(), held_on=dt.date(2021, 6, 10))
    assert [("Alice (Alice Smith)", "Alice", "Alice Smith")] == [r.names for r in export.rows]


def test_translated_report_rows_in_database(programme_db, fixture_bytes):
    """M3 (18:00) from the Japanese export: Alice 1/60/54, Bob's iPad 0/30/30, Fay 0/62/62,
    as from the English one."""
    import duckdb

    from pipelines.importers import import_meeting_files

    import_meeting_files([("参加者.csv", fixture_bytes("zoom_participants_ja.csv"))], "M3",
                         db_path=programme_db)
    with duckdb.connect(str(programme_db), read_only=True) as con:
        rows = con.execute("select member_id, joined_min, left_min, minutes_attended from "
                           "attendance where meeting_id = 'M3' order by member_id").fetchall()
    assert [("P01", 1.0, 60.0, 54.0), ("P02", 0.0, 30.0, 30.0), ("P05", 0.0, 62.0, 62.0)] == rows
