"""Building canonical rows: rejoins merged, times relative to the start, turns merged."""

from __future__ import annotations

import datetime as dt

from pipelines.importers import parse_export
from pipelines.importers._build import Meeting, Turn, attendance_rows, build_turns, turn_frame
from pipelines.importers._records import Cue, PersonRow
from pipelines.importers.aliases import AliasIndex

ALIASES = [("Alice Smith", None, "P01"), ("Bob Jones", None, "P02"), ("carol@nhs.net", None, "P03"),
           ("Dan Green", None, "P04"), ("Fay Host", None, "P05")]
M1 = Meeting("M1", "C1", dt.date(2021, 4, 15), "10:00", 90, "online")
M3 = Meeting("M3", "C1", dt.date(2021, 6, 10), "18:00", 60, "online")


def _people(rows, meeting_id):
    index = AliasIndex.from_rows(ALIASES, meeting_id)
    people = {}
    for row in rows:
        member = index.resolve(row.names + row.emails)
        if member:
            people.setdefault(member, []).append(row)
    return people


def _times(rows):
    return [(r["member_id"], r["joined_min"], r["left_min"], r["minutes_attended"]) for r in rows]


def test_teams_rejoins_give_first_join_last_leave_and_sum(fixture_bytes):
    """M1 starts 10:00. Alice 10:02-10:30 + 10:40-11:20 -> 2, 80, 28+40=68; Bob 10:00:30-11:30
    -> 0.5, 90, 89.5; Fay joined 09:55 (counted from 10:00) to 11:31 -> 0, 91, 91."""
    export = parse_export("t.csv", fixture_bytes("teams_dmy_utf16.csv"), held_on=M1.held_on)
    rows, _ = attendance_rows(_people(export.rows, "M1"), M1, M1.start())
    assert [("P01", "2", "80", "68"), ("P02", "0.5", "90", "89.5"),
            ("P05", "0", "91", "91")] == _times(rows)


def test_online_report_marks_present_online(fixture_bytes):
    """Everyone in an online report is present, attended_via online."""
    export = parse_export("t.csv", fixture_bytes("teams_dmy_utf16.csv"), held_on=M1.held_on)
    rows, _ = attendance_rows(_people(export.rows, "M1"), M1, M1.start())
    assert {("present", "online")} == {(r["status"], r["attended_via"]) for r in rows}


def test_participants_only_report_uses_report_start(fixture_bytes):
    """M2 has no start time; the report starts 14:00. Carol 14:05-14:55 (50m) -> 5, 55, 50;
    Dan 13:58-15:00 (1h 2m) -> 0, 60, min(60 in the meeting, 62 reported) = 60."""
    m2 = Meeting("M2", "C1", dt.date(2021, 5, 4), None, 60, "online")
    export = parse_export("t.csv", fixture_bytes("teams_mdy_utf8.csv"), held_on=m2.held_on)
    rows, _ = attendance_rows(_people(export.rows, "M2"), m2, export.report_start)
    assert [("P03", "5", "55", "50"), ("P04", "0", "60", "60")] == _times(rows)


def test_zoom_sessions_merged_per_member(fixture_bytes):
    """M3 starts 18:00. Fay 17:58:12-19:02 -> 0, 62, 62; Alice 18:01-18:20 + 18:25-19:00
    -> 1, 60, 19+35=54; Bob's iPad 18:00-18:30 -> 0, 30, 30; Carol's laptop 18:10-18:50
    -> 10, 50, 40. Unknown Caller has no alias and no row."""
    export = parse_export("z.csv", fixture_bytes("zoom_participants.csv"), held_on=M3.held_on)
    rows, _ = attendance_rows(_people(export.rows, "M3"), M3, M3.start())
    assert [("P01", "1", "60", "54"), ("P02", "0", "30", "30"), ("P03", "10", "50", "40"),
            ("P05", "0", "62", "62")] == _times(rows)


def test_overlapping_devices_are_not_counted_twice():
    """Laptop 10:00-10:30 and phone 10:20-10:50 of one member: 0, 50, 50 (not 60)."""
    day = dt.date(2021, 4, 15)
    rows = [PersonRow(1, ("A",), joined=dt.datetime.combine(day, dt.time(10, 0)),
                      left=dt.datetime.combine(day, dt.time(10, 30))),
            PersonRow(2, ("A",), joined=dt.datetime.combine(day, dt.time(10, 20)),
                      left=dt.datetime.combine(day, dt.time(10, 50)))]
    out, _ = attendance_rows({"P01": rows}, M1, M1.start())
    assert [("P01", "0", "50", "50")] == _times(out)


def test_unreadable_time_is_passed_as_written():
    """A time that cannot be read without guessing goes to the load as written."""
    out, warnings = attendance_rows(
        {"P01": [PersonRow(4, ("A",), unreadable_time="5/4/21, 00:10:00")]}, M1, M1.start())
    assert ("5/4/21, 00:10:00", 1) == (out[0]["joined_min"], len(warnings))


def _turns(cues, gap=1.0, latest_end_s=6000.0):
    return [(t.member_id, t.start_ms, t.end_ms, t.speech_ms, t.words)
            for t in build_turns(cues, gap, latest_end_s).turns]


def test_consecutive_cues_merge_under_the_gap():
    """Alice 5.0-8.5 and 8.9-10.0 (gap 0.4 s < 1 s) -> one turn 5.0-10.0 holding 3.5 + 1.1 =
    4.6 s of speech (the 0.4 s pause is not talk), 6+5 = 11 words; Bob 12-15 and 16.5-18
    (gap 1.5 s) stay two turns of 3 s and 1.5 s."""
    cues = [("P01", Cue(1, "A", 5.0, 8.5, 6)), ("P01", Cue(2, "A", 8.9, 10.0, 5)),
            ("P02", Cue(3, "B", 12.0, 15.0, 5)), ("P02", Cue(5, "B", 16.5, 18.0, 2))]
    assert [("P01", 5000, 10000, 4600, 11), ("P02", 12000, 15000, 3000, 5),
            ("P02", 16500, 18000, 1500, 2)] == _turns(cues)


def test_gap_setting_changes_merging():
    """With merge_gap_s = 2, Bob's 1.5 s gap merges too: one turn 12-18 with 3 + 1.5 = 4.5 s
    of speech, 5+2 = 7 words."""
    cues = [("P02", Cue(3, "B", 12.0, 15.0, 5)), ("P02", Cue(5, "B", 16.5, 18.0, 2))]
    assert [("P02", 12000, 18000, 4500, 7)] == _turns(cues, gap=2.0)


def test_another_speaker_between_keeps_turns_apart():
    """Alice 0-2, Bob 2.2-2.6, Alice 2.8-4: Bob speaks in between, so Alice has two turns
    (the floor changed hands), although each gap is under 1 s."""
    cues = [("P01", Cue(1, "A", 0.0, 2.0)), ("P02", Cue(2, "B", 2.2, 2.6)),
            ("P01", Cue(3, "A", 2.8, 4.0))]
    assert [("P01", 0, 2000, 2000, None), ("P02", 2200, 2600, 400, None),
            ("P01", 2800, 4000, 1200, None)] == _turns(cues)


def test_overlapping_segments_of_one_member_are_joined():
    """Alice 0-10 and 5-12 overlap (one voice cannot talk twice): their union 0-12 is 12 s,
    not 10 + 7 = 17 s; Bob 2-3 overlaps her and keeps his 1 s."""
    cues = [("P01", Cue(1, "A", 0.0, 10.0)), ("P02", Cue(2, "B", 2.0, 3.0)),
            ("P01", Cue(3, "A", 5.0, 12.0))]
    assert [("P01", 0, 12000, 12000, None), ("P02", 2000, 3000, 1000, None)] == _turns(cues)


def test_speech_after_the_contracts_limit_is_not_counted():
    """Latest end 100 s: a segment 90-110 keeps 10 s, one at 120-130 is left out; the build
    says 10 + 10 = 20 s in 2 segments were not counted."""
    build = build_turns([("P01", Cue(1, "A", 90.0, 110.0)), ("P01", Cue(2, "A", 120.0, 130.0))],
                        1.0, 100.0)
    assert ([(90000, 100000, 10000)], 20000, 2) == (
        [(t.start_ms, t.end_ms, t.speech_ms) for t in build.turns], build.clipped_ms,
        build.clipped_segments)


def test_segment_of_no_length_is_left_out():
    """An RTTM segment of duration 0 carries no speech: no turn, counted as empty."""
    build = build_turns([("P01", Cue(1, "A", 5.0, 5.0))], 1.0, 100.0)
    assert ([], 1) == (build.turns, build.empty_segments)


def test_turn_ids_are_deterministic():
    """Turn ids are `<meeting>-tr-0001`, ... in time order, so a re-import has the same ids;
    duration_s is the speech in the turn (4.6 s in a turn spanning 5-10 s)."""
    frame = turn_frame([Turn("P01", 5000, 10000, 4600, 11, 2)], "M1", "transcript")
    assert [{"turn_id": "M1-tr-0001", "meeting_id": "M1", "member_id": "P01", "channel": "voice",
             "start_s": "5", "duration_s": "4.6", "activity": "", "act": "", "words": "11",
             "source": "transcript"}] == frame.to_dict("records")
