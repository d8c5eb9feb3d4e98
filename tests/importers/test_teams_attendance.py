"""Teams attendance reports: sections, encodings, locale dates, rejoins, no-times variant."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.errors import FileProblem
from pipelines.importers import parse_export
from pipelines.importers.teams_attendance import parse_teams_attendance


def _dmy(fixture_bytes):
    return parse_export("teams_dmy_utf16.csv", fixture_bytes("teams_dmy_utf16.csv"),
                        held_on=dt.date(2021, 4, 15))


def test_utf16_report_rows_come_from_activities(fixture_bytes):
    """Each join/leave of the activities section is one row, rejoins included (5 rows)."""
    rows = _dmy(fixture_bytes).rows
    expected = [
        ("Fay Host", "09:55", "11:31"),
        ("Alice Smith (External)", "10:02", "10:30"),
        ("Bob Jones", "10:00", "11:30"),
        ("Guest Person (Unverified)", "10:10", "10:40"),
        ("Alice Smith (External)", "10:40", "11:20"),
    ]
    assert expected == [(r.names[0], f"{r.joined:%H:%M}", f"{r.left:%H:%M}") for r in rows]


def test_utf16_report_reads_day_month_dates(fixture_bytes):
    """15/04/21 is read as 15 April 2021 (day/month), the meeting's date."""
    assert dt.datetime(2021, 4, 15, 10, 0, 30) == _dmy(fixture_bytes).rows[2].joined


def test_summary_start_is_the_report_start(fixture_bytes):
    """The summary's `Start time` is the report's own meeting start."""
    assert dt.datetime(2021, 4, 15, 10, 0) == _dmy(fixture_bytes).report_start


def test_emails_are_kept_for_matching(fixture_bytes):
    """Email and Participant ID (UPN) are both e-mail addresses to try, once each."""
    assert ("bob.jones@nhs.net",) == _dmy(fixture_bytes).rows[2].emails


def test_month_day_report_with_title_case_headers(fixture_bytes):
    """`5/4/21, 2:05:00 PM` on the meeting of 4 May is 14:05 on 2021-05-04."""
    export = parse_export("teams_mdy_utf8.csv", fixture_bytes("teams_mdy_utf8.csv"),
                          held_on=dt.date(2021, 5, 4))
    carol = export.rows[0]
    assert (dt.datetime(2021, 5, 4, 14, 5), dt.datetime(2021, 5, 4, 14, 55), 3000.0) == (
        carol.joined, carol.left, carol.attended_s)  # 50m 0s = 3000 s


def test_report_without_times_gives_presence_only(fixture_bytes):
    """The admin setting without times: people, no join or leave."""
    export = parse_export("teams_no_times.csv", fixture_bytes("teams_no_times.csv"),
                          held_on=dt.date(2021, 5, 20))
    assert ([("Alice Smith", None), ("Dan Green (Guest)", None)], False) == (
        [(r.names[0], r.joined) for r in export.rows], export.has_times)


def test_value_ambiguous_between_orders_is_not_guessed(fixture_bytes):
    """On 4/4/21 both orders fit the meeting; 5/4/21 (next day or May?) stays unreadable."""
    text = ("1. Summary\nStart time\t4/4/21, 23:00:00\n\n2. Participants\n"
            "Name\tFirst join\tLast leave\tIn-meeting duration\n"
            "Ann Lee\t4/4/21, 23:00:00\t5/4/21, 00:10:00\t1h 10m 0s\n")
    row = parse_teams_attendance(text, source_file="r.csv", held_on=dt.date(2021, 4, 4)).rows[0]
    assert ("5/4/21, 00:10:00", None) == (row.unreadable_time, row.left)


def test_translated_sections_and_headers(fixture_bytes):
    """German titles and headers: columns are recognised by what they hold."""
    text = ("1. Zusammenfassung\nBesprechungstitel\tCoP\nStartzeit\t15.04.21, 10:00:00\n\n"
            "2. Teilnehmer\nName\tErster Beitritt\tLetztes Verlassen\tDauer in der Besprechung\t"
            "E-Mail\nAlice Smith\t15.04.21, 10:05:00\t15.04.21, 11:00:00\t55 Min. 0 s\ta@x.org\n")
    row = parse_teams_attendance(text, source_file="r.csv", held_on=dt.date(2021, 4, 15)).rows[0]
    assert (dt.datetime(2021, 4, 15, 10, 5), ("a@x.org",)) == (row.joined, row.emails)


def test_old_joined_left_layout(fixture_bytes):
    """The 2020 layout pairs each Joined with the next Left of the same person."""
    text = ("Full Name\tUser Action\tTimestamp\n"
            "Ann Lee\tJoined\t15/04/2021, 10:00:00\n"
            "Ann Lee\tLeft\t15/04/2021, 10:20:00\n"
            "Ann Lee\tJoined\t15/04/2021, 10:30:00\n"
            "Ann Lee\tLeft\t15/04/2021, 11:00:00\n")
    rows = parse_teams_attendance(text, source_file="r.csv", held_on=dt.date(2021, 4, 15)).rows
    assert [("10:00", "10:20"), ("10:30", "11:00")] == [
        (f"{r.joined:%H:%M}", f"{r.left:%H:%M}") for r in rows]


def test_report_without_participants_is_a_file_problem(fixture_bytes):
    """A file with a summary only says what is missing."""
    with pytest.raises(FileProblem, match="no participants table"):
        parse_teams_attendance("1. Summary\nMeeting title\tX\n", source_file="r.csv")
