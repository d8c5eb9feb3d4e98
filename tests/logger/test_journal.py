"""Journal -> turns and attendance, as the spec's "Turns" section says."""

from __future__ import annotations

import pytest

from pipelines.logger.journal import (
    JournalProblem,
    edit_problem,
    journal_to_rows,
    parse_journal,
    parse_lines,
    turns_of,
)
from tests.logger.conftest import events, session


def _turns(*items):
    turns, notes = turns_of(parse_journal(events("S1", session(), *items)))
    return [(t.member_id, t.start_s, t.duration_s) for t in turns], notes


def test_each_tap_ends_the_open_turn_and_starts_the_next():
    # P01 speaks 10..25 (15 s), P02 25..40 (15 s); silence ends it; end closes the session.
    turns, _ = _turns((10, "speak", {"member_id": "P01"}), (25, "speak", {"member_id": "P02"}),
                      (40, "silence", {}), (50, "end", {}))
    assert [("P01", 10, 15), ("P02", 25, 15)] == turns


def test_a_session_with_nobody_tapped_yet_has_no_turn():
    """A session just started (only who is present, no tap yet) has no turn and no note
    (the recorder's page shows such a journal before the first tap)."""
    turns, notes = _turns((0, "present", {"member_id": "P01"}))
    assert ([], []) == (turns, notes)


def test_an_undone_tap_leaves_the_turn_before_it_running():
    # The tap on P02 at 20 is undone: P01's turn runs 10..30 (20 s), then P03 30..40.
    turns, _ = _turns((10, "speak", {"member_id": "P01"}), (20, "speak", {"member_id": "P02"}),
                      (30, "speak", {"member_id": "P03"}), (40, "end", {}),
                      (41, "undo", {"target": "e3"}))
    assert [("P01", 10, 20), ("P03", 30, 10)] == turns


def test_an_undone_silence_joins_the_turn_to_the_next_boundary():
    # silence at 20 undone: P01 10..30 (20 s), P02 30..40 (10 s).
    turns, _ = _turns((10, "speak", {"member_id": "P01"}), (20, "silence", {}),
                      (30, "speak", {"member_id": "P02"}), (40, "end", {}),
                      (31, "undo", {"target": "e3"}))
    assert [("P01", 10, 20), ("P02", 30, 10)] == turns


def test_pause_ends_the_turn_and_nothing_is_recorded_until_the_next_speak():
    # P01 10..20; paused 20..50 (resume at 45 starts nothing); P02 50..60.
    turns, _ = _turns((10, "speak", {"member_id": "P01"}), (20, "pause", {}),
                      (45, "resume", {}), (50, "speak", {"member_id": "P02"}), (60, "end", {}))
    assert [("P01", 10, 10), ("P02", 50, 10)] == turns


def test_an_edit_changes_the_speaker_and_the_act_of_its_turn():
    journal = parse_journal(events("S1", session(), (10, "speak", {"member_id": "P01"}),
                                   (20, "end", {}),
                                   (30, "edit", {"target": "e2", "member_id": "P02",
                                                 "act": "question"})))
    turns, _ = turns_of(journal)
    assert [("P02", "question", 10.0)] == [(t.member_id, t.act, t.duration_s) for t in turns]


def test_lines_out_of_order_give_the_same_turns_as_in_order():
    items = events("S1", session(), (10, "speak", {"member_id": "P01"}),
                   (25, "speak", {"member_id": "P02"}), (40, "end", {}))
    ordered, _ = turns_of(parse_journal(items))
    shuffled, _ = turns_of(parse_journal([items[3], items[1], items[0], items[2]]))
    assert ordered == shuffled


def test_a_line_sent_twice_is_one_event():
    items = events("S1", session(), (10, "speak", {"member_id": "P01"}), (25, "end", {}))
    journal = parse_journal(items + [items[1]])
    # 3 distinct events; one turn P01 10..25.
    assert 3 == len(journal.events)
    assert [15.0] == [t.duration_s for t in turns_of(journal)[0]]


def test_a_repeated_event_id_with_other_values_is_a_note():
    items = events("S1", session(), (10, "speak", {"member_id": "P01"}), (25, "end", {}))
    changed = {**items[1], "member_id": "P02"}
    journal = parse_journal(items + [changed])
    assert any("repeats event e2" in note for note in journal.notes)


def test_an_open_turn_is_not_loaded_and_a_note_says_so():
    turns, notes = _turns((10, "speak", {"member_id": "P01"}))
    assert [] == turns
    assert any("still open" in note and "P01" in note for note in notes)


def test_a_clock_jump_while_someone_speaks_is_a_note():
    # P01 holds the floor from 10; the next event is at 2410 (a 40-minute gap > 10 minutes).
    _, notes = _turns((10, "speak", {"member_id": "P01"}), (2410, "silence", {}))
    assert any("clock jumps 0:40:00" in note for note in notes)


def test_two_taps_at_the_same_moment_leave_no_turn_of_no_length():
    # P01 at 10 then P02 at 10: P01's turn has length 0 and is left out; P02 10..20.
    turns, notes = _turns((10, "speak", {"member_id": "P01"}), (10, "speak", {"member_id": "P02"}),
                          (20, "end", {}))
    assert [("P02", 10, 10)] == turns
    assert any("no length" in note for note in notes)


def test_events_after_the_end_are_left_out_with_a_note():
    turns, notes = _turns((10, "speak", {"member_id": "P01"}), (20, "end", {}),
                          (30, "speak", {"member_id": "P02"}), (40, "silence", {}))
    assert [("P01", 10, 10)] == turns
    assert any("after the session's end" in note for note in notes)


def test_rows_follow_the_spec_turn_id_source_and_attendance():
    items = events("S1", session(), (1, "present", {"member_id": "P01"}),
                   (2, "present", {"member_id": "P02", "attended_via": "in_person"}),
                   (10.5, "speak", {"member_id": "P01", "activity": "plenary"}),
                   (22.25, "silence", {}))
    turns, attendance = journal_to_rows(items)
    # One turn: 10.5..22.25 = 11.75 s, turn_id S1-e4.
    assert [{"turn_id": "S1-e4", "meeting_id": "M1", "member_id": "P01", "channel": "voice",
             "start_s": "10.5", "duration_s": "11.75", "activity": "plenary", "act": "",
             "words": "", "source": "logger"}] == turns.to_dict("records")
    assert [("P01", "present", ""), ("P02", "present", "in_person")] == list(
        attendance[["member_id", "status", "attended_via"]].itertuples(index=False, name=None))


def test_a_speaker_not_marked_present_is_a_note():
    notes: list[str] = []
    journal_to_rows(events("S1", session(), (10, "speak", {"member_id": "P03"}), (20, "end", {})),
                    notes=notes)
    assert any("P03" in note and "not marked present" in note for note in notes)


def test_extra_fields_are_allowed():
    turns, _ = _turns((10, "speak", {"member_id": "P01", "device": "tablet-2", "x": [1]}),
                      (20, "end", {"note": "done"}))
    assert [("P01", 10, 10)] == turns


def test_a_line_that_is_not_json_names_its_line():
    text = '{"v": 1}\n\n{not json\n'
    with pytest.raises(JournalProblem, match="line 3 is not valid JSON"):
        parse_lines(text, "j.jsonl")


def test_an_unknown_kind_names_its_line():
    items = events("S1", session(), (10, "shout", {}))
    with pytest.raises(JournalProblem, match="line 2 has an unknown kind 'shout'"):
        parse_journal(items)


def test_a_journal_without_a_session_event_is_refused():
    items = events("S1", (10, "speak", {"member_id": "P01"}))
    with pytest.raises(JournalProblem, match="no 'session' event"):
        parse_journal(items)


def test_a_target_that_names_no_event_is_refused():
    items = events("S1", session(), (10, "undo", {"target": "nope"}))
    with pytest.raises(JournalProblem, match="line 2: its target 'nope' names no event"):
        parse_journal(items)


def test_an_undo_of_a_present_event_is_refused():
    items = events("S1", session(), (1, "present", {"member_id": "P01"}),
                   (2, "undo", {"target": "e2"}))
    with pytest.raises(JournalProblem, match="can only target"):
        parse_journal(items)


def test_a_negative_time_is_refused():
    items = events("S1", session(), (-1, "silence", {}))
    with pytest.raises(JournalProblem, match="line 2: 'at' must be a number"):
        parse_journal(items)


def test_an_empty_journal_is_refused():
    with pytest.raises(JournalProblem, match="the session is empty"):
        parse_journal([])


# ------------------------------------------------- edits of a turn's start and duration
# The recording of these tests: P01 speaks 10..25 (tap e2), P02 25..40 (tap e3), silence
# at 40, end at 50.
RECORDED = ((10, "speak", {"member_id": "P01"}), (25, "speak", {"member_id": "P02"}),
            (40, "silence", {}), (50, "end", {}))


def test_an_edit_sets_the_start_and_the_duration_of_its_turn():
    """The observer started P01's turn late and ended it late: 12 s for 10 s gives P01
    12..22; P02's turn 25..40 stays as tapped."""
    turns, notes = _turns(*RECORDED, (60, "edit", {"target": "e2", "start_s": 12,
                                                   "duration_s": 10}))
    assert [("P01", 12, 10), ("P02", 25, 15)] == turns
    assert not any("edit" in note for note in notes)


def test_an_edit_of_the_start_alone_keeps_the_turns_length():
    """P02's turn moved to start at 30 keeps its 15 s: 30..45, within the end at 50."""
    turns, _ = _turns(*RECORDED, (60, "edit", {"target": "e3", "start_s": 30}))
    assert [("P01", 10, 15), ("P02", 30, 15)] == turns


def test_an_edit_that_would_overlap_the_next_turn_is_left_out_with_a_plain_note():
    """P01 lengthened to 20 s would run 10..30 across P02's 25..40: the edit is left out
    (both turns as tapped) and the note names the turn it would overlap."""
    turns, notes = _turns(*RECORDED, (60, "edit", {"target": "e2", "duration_s": 20}))
    assert [("P01", 10, 15), ("P02", 25, 15)] == turns
    assert any("line 6" in note and "overlap the turn of P02 from 25 s to 40 s" in note
               for note in notes)


def test_an_edit_past_the_end_of_the_session_is_left_out_with_a_plain_note():
    """P02 lengthened to 30 s would end at 55 s, after the session's end at 50 s."""
    turns, notes = _turns(*RECORDED, (60, "edit", {"target": "e3", "duration_s": 30}))
    assert [("P01", 10, 15), ("P02", 25, 15)] == turns
    assert any("would end at 55 s, after the session's last moment (50 s)" in note
               for note in notes)


def test_edits_apply_in_order_so_shortening_first_makes_room_for_a_later_move():
    """P01 shortened to 10..20 first, then P02 moved to start at 20 (keeping 15 s: 20..35):
    both apply, because the second edit is checked against the turns after the first."""
    turns, _ = _turns(*RECORDED, (60, "edit", {"target": "e2", "duration_s": 10}),
                      (61, "edit", {"target": "e3", "start_s": 20}))
    assert [("P01", 10, 10), ("P02", 20, 15)] == turns


def test_edit_problem_says_why_before_the_edit_is_written():
    """The page asks before writing: moving P02 to start at 20 overlaps P01's 10..25; moving
    it to 26 does not (26..41 lies between 25 and the end at 50)."""
    journal = parse_journal(events("S1", session(), *RECORDED))
    assert "overlap the turn of P01 from 10 s to 25 s" in edit_problem(
        journal, {"target": "e3", "start_s": 20})
    assert edit_problem(journal, {"target": "e3", "start_s": 26}) is None


def test_an_edit_whose_start_is_not_a_number_names_its_line():
    items = events("S1", session(), *RECORDED, (60, "edit", {"target": "e2", "start_s": "12"}))
    with pytest.raises(JournalProblem, match="line 6: the edit's start_s must be a number"):
        parse_journal(items)


def test_a_journal_that_creates_a_member_without_a_cop_is_refused():
    """A new member needs a CoP to belong to; the session line names none."""
    items = events("S1", session(), (0, "present", {"member_id": "P09",
                                                   "new_member": {"member_type": "lay"}}))
    with pytest.raises(JournalProblem, match="line 2 creates a member, but the session"):
        parse_journal(items)


def test_a_session_with_no_tap_yet_has_no_turns():
    """Right after the set-up (only `session` and `present`), the journal gives no turn and
    no error: the page shows its "no turns yet" note."""
    turns, _ = _turns((0, "present", {"member_id": "P01"}))
    assert [] == turns


def test_someone_marked_present_after_the_taps_began_is_in_the_attendance():
    """P01 present at set-up (0 s) speaks 10..30; P02 arrives at 25 s (during P01's turn,
    which it does not end: a `present` is no boundary) and speaks 30..40. Attendance: P01
    and P02 (P02 in the room, as marked); turns 10..30 (20 s) and 30..40 (10 s)."""
    items = events("S1", session(), (0, "present", {"member_id": "P01"}),
                   (10, "speak", {"member_id": "P01"}),
                   (25, "present", {"member_id": "P02", "attended_via": "in_person"}),
                   (30, "speak", {"member_id": "P02"}), (40, "end", {}))
    turns, attendance = journal_to_rows(items)
    assert [("P01", "10", "20"), ("P02", "30", "10")] == list(
        turns[["member_id", "start_s", "duration_s"]].itertuples(index=False, name=None))
    assert [("P01", "present", ""), ("P02", "present", "in_person")] == list(
        attendance[["member_id", "status", "attended_via"]].itertuples(index=False, name=None))


def test_a_member_created_by_a_present_mid_journal_is_one_the_session_creates():
    """P05's `present` with new_member comes at 25 s, after P01's tap: the journal creates
    P05 as it would at set-up (new_members: P05 -> lay carer)."""
    items = events("S1", session(cop_id="C1"), (0, "present", {"member_id": "P01"}),
                   (10, "speak", {"member_id": "P01"}),
                   (25, "present", {"member_id": "P05",
                                    "new_member": {"member_type": "lay", "role": "carer"}}),
                   (30, "speak", {"member_id": "P05"}), (40, "end", {}))
    assert {"P05": {"member_type": "lay", "role": "carer"}} == parse_journal(items).new_members
