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
