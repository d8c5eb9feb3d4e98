"""Reading locale dates, durations and encodings of exports."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest

from pipelines.errors import FileProblem
from pipelines.importers._text import (
    DMY,
    MDY,
    decide_date_order,
    decode_export,
    format_number,
    parse_duration_s,
    parse_stamp,
)


def test_duration_with_hours_minutes_seconds():
    """Teams durations like `1h 27m 51s` are read as seconds."""
    assert 5271.0 == parse_duration_s("1h 27m 51s")  # 3600 + 27*60 + 51


def test_duration_minutes_only_and_clock():
    """`30m 0s` and `01:02:03` are durations too."""
    assert (1800.0, 3723.0) == (parse_duration_s("30m 0s"), parse_duration_s("01:02:03"))


def test_duration_rejects_text():
    """A word is not a duration."""
    assert parse_duration_s("Organizer") is None


def test_twelve_hour_stamp_with_narrow_space():
    """`7:02:11\u202fPM` (narrow no-break space, as newer Windows writes) is 19:02:11."""
    stamp = parse_stamp("7/22/26, 7:02:11\u202fPM")
    assert dt.datetime(2026, 7, 22, 19, 2, 11) == stamp.resolve(MDY)


def test_stamp_orders_of_unambiguous_date():
    """15/04/21 can only be day/month."""
    assert {DMY} == parse_stamp("15/04/21, 10:00:00").orders()


def test_order_decided_by_meeting_date():
    """5/4/21 is 4 May under month/day: the meeting on 2021-05-04 decides the order."""
    stamp = parse_stamp("5/4/21, 2:00:00 PM")
    orders, _ = decide_date_order([stamp], stamp, dt.date(2021, 5, 4), "r.csv")
    assert [MDY] == orders


def test_both_orders_kept_when_meeting_date_reads_both_ways():
    """4/4/21 is the meeting's date either way: both orders stay, values decide per row."""
    stamp = parse_stamp("4/4/21, 10:00:00")
    orders, _ = decide_date_order([stamp], stamp, dt.date(2021, 4, 4), "r.csv")
    assert [DMY, MDY] == orders


def test_report_for_another_day_is_a_file_problem():
    """A report dated 15 April imported into a meeting of 4 May is the wrong file."""
    stamp = parse_stamp("15/04/21, 10:00:00")
    with pytest.raises(FileProblem, match="2021-05-04"):
        decide_date_order([stamp], stamp, dt.date(2021, 5, 4), "r.csv")


def test_mixed_orders_are_a_file_problem():
    """13/04/21 needs day/month, 4/13/21 needs month/day: never swapped silently."""
    stamps = [parse_stamp("13/04/21, 10:00:00"), parse_stamp("4/13/21, 10:00:00")]
    with pytest.raises(FileProblem, match="cannot all be read the same way"):
        decide_date_order(stamps, None, dt.date(2021, 4, 13), "r.csv")


def test_utf16_with_bom_is_decoded():
    """Teams' UTF-16 little-endian with BOM becomes text without the BOM."""
    data = codecs.BOM_UTF16_LE + "1. Summary\r\n".encode("utf-16-le")
    assert "1. Summary\r\n" == decode_export(data, "r.csv")


def test_undecodable_bytes_are_a_file_problem():
    """Bytes that are neither UTF-8 nor UTF-16 are reported with what to do."""
    with pytest.raises(FileProblem, match="not readable text"):
        decode_export(b"Name\xff\xfe\xfd", "r.csv")


def test_number_format_has_no_trailing_zeros():
    """Numbers go to the loader as short decimal text."""
    assert ["89.5", "90", "0"] == [format_number(89.5), format_number(90.0), format_number(-0.0)]
