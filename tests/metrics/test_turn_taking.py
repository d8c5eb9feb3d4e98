"""Who responds to whom: floor transitions, expected counts, response shares, questions and
challenges, and the plain notes for meetings the figures cannot describe.

Meetings small enough to work out on paper, loaded through the real pipeline into a real
DuckDB file (tests/metrics/turn_data.py).
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipelines.metrics as metrics
from pipelines.metrics import Selection
from tests.metrics.helpers import fetch
from tests.metrics.turn_data import Programme

# Meeting A: present L1, L2 (lay), C1 (clinical), N1 (non-clinical), F1 (facilitator).
# Turns by start: F1 0 | L1 10 question | L1 20 | N1 25 small group | C1 30 | L2 40 challenge
# | N1 50 | F1 60 | C1 70 | L1 80.
# Floor (F1 and the small-group turn left out, L1's two turns merged):
#   L1 C1 L2 N1 C1 L1 = lay clinical lay non_clinical clinical lay
# Transitions (5): lay>clinical, clinical>lay, lay>non_clinical, non_clinical>clinical,
# clinical>lay. From totals r: lay 2, clinical 2, non_clinical 1; to totals c: lay 2,
# clinical 2, non_clinical 1; n = 5. expected = r_a c_b / 5:
#   lay>lay 0.8, lay>clinical 0.8, lay>non_clinical 0.4, clinical>lay 0.8,
#   clinical>clinical 0.8, clinical>non_clinical 0.4, non_clinical>lay 0.4,
#   non_clinical>clinical 0.4, non_clinical>non_clinical 0.2.
# Responses: lay turns 1 (next clinical: yes), 3 (next non_clinical: yes), 6 (no next turn)
#   -> 2 of 2; clinical turns 2, 5 (next lay) -> 2 of 2; non_clinical turn 4 -> 1 of 1.
# Questions and challenges: L1's question answered by C1 (clinical), L2's challenge by N1.
MEETING_A = [(0, "F1", ""), (10, "L1", "question"), (20, "L1", "statement"), (30, "C1", ""),
             (40, "L2", "challenge"), (50, "N1", ""), (60, "F1", ""), (70, "C1", ""),
             (80, "L1", "")]
# Meeting B: L1 L2 L1 C1 at 0, 10, 20, 30, no act codes. Floor: lay lay lay clinical.
# Transitions: lay>lay 2, lay>clinical 1; r lay 3; c lay 2, clinical 1; n 3:
#   expected lay>lay 3x2/3 = 2, lay>clinical 3x1/3 = 1, every other pair 0.
# Responses: turn 1 L1 (next two lay) no; turn 2 L2 (turn 4 clinical) yes; turn 3 L1 (next
# clinical) yes; turn 4 C1 has no next. lay 2 of 3; clinical 0 of 0 (undefined).
MEETING_B = [(0, "L1"), (10, "L2"), (20, "L1"), (30, "C1")]


def _meeting_a(programme: Programme, meeting_id: str = "A", held_on: str = "2020-01-01"):
    programme.meeting(meeting_id, "c1", held_on, ["L1", "L2", "C1", "N1", "F1"])
    for start, member, act in MEETING_A:
        programme.turn(meeting_id, member, start, act=act)
    programme.turn(meeting_id, "N1", 25, activity="small_group")


def _meeting_b(programme: Programme, meeting_id: str = "B", held_on: str = "2020-02-01"):
    programme.meeting(meeting_id, "c1", held_on, ["L1", "L2", "C1"], mode="online")
    for start, member in MEETING_B:
        programme.turn(meeting_id, member, start)


@pytest.fixture(scope="module")
def two_meetings(tmp_path_factory):
    """Meetings A and B."""
    programme = Programme()
    _meeting_a(programme)
    _meeting_b(programme)
    db = programme.build(tmp_path_factory.mktemp("turns"))
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_mart_turn_transitions_counts_and_expects_each_pair(two_meetings):
    """mart_turn_transitions holds all nine pairs of meeting A with the counts and the
    expected counts worked out above (facilitator and small-group turns left out)."""
    rows = fetch(two_meetings, "select from_member_type, to_member_type, transitions_n, "
                 "expected_n from mart_turn_transitions where meeting_id = 'A' "
                 "order by from_member_type, to_member_type")
    assert [
        ("clinical", "clinical", 0, 0.8), ("clinical", "lay", 2, 0.8),
        ("clinical", "non_clinical", 0, 0.4), ("lay", "clinical", 1, 0.8),
        ("lay", "lay", 0, 0.8), ("lay", "non_clinical", 1, 0.4),
        ("non_clinical", "clinical", 1, 0.4), ("non_clinical", "lay", 0, 0.4),
        ("non_clinical", "non_clinical", 0, 0.2),
    ] == rows


def test_mart_turn_response_counts_responses_within_two_turns(two_meetings):
    """mart_turn_response: meeting B's lay turns are responded to 2 times of 3, and the
    clinical member's last turn has no next turn, so its share is undefined."""
    rows = fetch(two_meetings, "select member_type, turns_with_next_n, responded_n, "
                 "response_share from mart_turn_response where meeting_id = 'B' "
                 "order by member_type")
    assert [("clinical", 0, 0, None), ("lay", 3, 2, 0.666667),
            ("non_clinical", 0, 0, None)] == rows


def test_pooled_transitions_are_sums_over_meetings(two_meetings):
    """Pooled over A and B: lay>lay 0 + 2 = 2 observed against 0.8 + 2 = 2.8 expected
    (ratio 2 / 2.8 = 0.714286); clinical>lay 2 against 0.8 + 0 (ratio 2.5). Two meetings:
    too few for an interval."""
    frame = metrics.turn_transitions(two_meetings, Selection()).set_index(
        ["from_member_type", "to_member_type"])
    lay_lay, clinical_lay = frame.loc[("lay", "lay")], frame.loc[("clinical", "lay")]
    assert (2, 2.8, 0.714286, 2, 0.8, 2.5, True) == (
        lay_lay["transitions_n"], round(lay_lay["expected_n"], 6), round(lay_lay["ratio"], 6),
        clinical_lay["transitions_n"], round(clinical_lay["expected_n"], 6),
        clinical_lay["ratio"], bool(lay_lay["too_few"]))


def test_pooled_response_share_is_a_ratio_of_sums(two_meetings):
    """Lay response share over A and B: (2 + 2) / (2 + 3) = 0.8."""
    frame = metrics.turn_response(two_meetings, Selection()).set_index("member_type")
    assert (5, 4, 0.8) == (frame.loc["lay", "turns_with_next_n"],
                           frame.loc["lay", "responded_n"],
                           frame.loc["lay", "response_share"])


def test_questions_and_challenges_are_answered_by_the_next_turn(two_meetings):
    """L1's question is answered by a clinician, L2's challenge by a non-clinical member."""
    rows = [tuple(r) for r in metrics.turn_answers(two_meetings, Selection()).itertuples(
        index=False)]
    assert [("lay", "challenge", "non_clinical", 1, 1.0),
            ("lay", "question", "clinical", 1, 1.0)] == rows


def test_facilitator_switch_puts_facilitator_turns_back(two_meetings):
    """With facilitators, meeting A's floor starts F1 L1 ... and has F1 between N1 and C1:
    F(non_clinical) L C L N F C L: transitions non_clinical>lay gains F1>L1, and
    non_clinical>non_clinical gains N1>F1 (two different members of one type); N1>C1
    becomes F1>C1, still non_clinical>clinical."""
    frame = metrics.turn_transitions(two_meetings, Selection(include_facilitators=True,
                                                             modes=("in_person",)))
    pairs = frame.set_index(["from_member_type", "to_member_type"])["transitions_n"]
    assert (1, 1, 1) == (pairs[("non_clinical", "lay")], pairs[("non_clinical", "non_clinical")],
                         pairs[("non_clinical", "clinical")])


@pytest.fixture(scope="module")
def three_b(tmp_path_factory):
    """Meeting B three times: every resample draws copies of the same meeting."""
    programme = Programme()
    for i in range(3):
        _meeting_b(programme, f"B{i}", f"2020-0{i + 1}-01")
    db = programme.build(tmp_path_factory.mktemp("three"))
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_interval_of_identical_meetings_is_the_value(three_b):
    """Three copies of B: lay>lay is 6 observed against 6 expected in every resample, so
    the ratio is 1 with the interval [1, 1]; lay response share 6 / 9 with [2/3, 2/3]."""
    transitions = metrics.turn_transitions(three_b, Selection()).set_index(
        ["from_member_type", "to_member_type"]).loc[("lay", "lay")]
    response = metrics.turn_response(three_b, Selection()).set_index("member_type").loc["lay"]
    assert (1.0, 1.0, 1.0, 0.666667, 0.666667, 0.666667) == (
        transitions["ratio"], transitions["ci_low"], transitions["ci_high"],
        round(response["response_share"], 6), round(response["ci_low"], 6),
        round(response["ci_high"], 6))


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    """D: one speaker (L1 twice: one floor turn). E: lay members only (L1 L2 L1). G: C1 at
    0, then L1 and L2 both at 10 (a tie, ordered by turn id: L1 first). No act codes."""
    programme = Programme()
    programme.meeting("D", "c1", "2020-01-01", ["L1", "C1"])
    programme.turn("D", "L1", 0)
    programme.turn("D", "L1", 20)
    programme.meeting("E", "c1", "2020-02-01", ["L1", "L2"])
    for start, member in ((0, "L1"), (10, "L2"), (20, "L1")):
        programme.turn("E", member, start)
    programme.meeting("G", "c1", "2020-03-01", ["L1", "L2", "C1"])
    for start, member in ((0, "C1"), (10, "L1"), (10, "L2")):
        programme.turn("G", member, start)
    db = programme.build(tmp_path_factory.mktemp("awkward"))
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_bad_inputs_give_plain_notes(awkward):
    """One speaker, one member type, a tie in start times and no act codes: one plain
    note each, in that order."""
    notes = metrics.turn_notes(awkward, Selection())
    starts = ("1 meeting had only one speaker", "1 meeting had speakers of one member type",
              "1 meeting had turns by different members starting at the same second",
              "No turn has an act code")
    assert [True] * 4 == [note.startswith(start) for note, start in zip(notes, starts,
                                                                        strict=True)]


def test_response_and_notes_from_one_read_match_the_two_calls(awkward):
    """turn_response_and_notes (what the pages call) gives exactly turn_response's table
    and turn_notes' four notes for the same selection."""
    response, notes = metrics.turn_response_and_notes(awkward, Selection())
    pd.testing.assert_frame_equal(metrics.turn_response(awkward, Selection()), response)
    assert metrics.turn_notes(awkward, Selection()) == notes


def test_tie_is_ordered_by_turn_id(awkward):
    """Meeting G's floor is C1 L1 L2 (L1's turn id comes first): clinical>lay 1, lay>lay 1."""
    rows = fetch(awkward, "select from_member_type, to_member_type, transitions_n "
                 "from mart_turn_transitions where meeting_id = 'G' and transitions_n > 0 "
                 "order by 1, 2")
    assert [("clinical", "lay", 1), ("lay", "lay", 1)] == rows


def test_one_speaker_meeting_has_no_transitions(awkward):
    """Meeting D: one floor turn, so no transitions and NULL expected counts."""
    rows = fetch(awkward, "select sum(transitions_n), count(expected_n) "
                 "from mart_turn_transitions where meeting_id = 'D'")
    assert [(0, 0)] == rows


def test_no_floor_turns_gives_a_note(awkward):
    """A selection without observed meetings says so instead of showing a matrix."""
    notes = metrics.turn_notes(awkward, Selection(cop_ids=("nobody",)))
    assert 1 == len(notes) and notes[0].startswith("No turns of the whole group")


@st.composite
def floors(draw):
    """A meeting's speakers in order: 2 to 12 turns by members L1, L2, C1, N1."""
    return draw(st.lists(st.sampled_from(["L1", "L2", "C1", "N1"]), min_size=2, max_size=12))


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(speakers=floors())
def test_expected_counts_keep_the_table_margins(tmp_path_factory, speakers):
    """For any meeting, observed and expected counts have the same total, the same row
    totals and the same column totals (the independence table keeps both margins)."""
    programme = Programme()
    programme.meeting("P", "c1", "2020-01-01", ["L1", "L2", "C1", "N1"])
    for i, member in enumerate(speakers):
        programme.turn("P", member, 10 * i)
    db = programme.build(tmp_path_factory.mktemp("prop"))
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = fetch(con, "select sum(transitions_n) - sum(expected_n) as d from "
                     "mart_turn_transitions group by from_member_type union all "
                     "select sum(transitions_n) - sum(expected_n) from mart_turn_transitions "
                     "group by to_member_type")
        merged = [s for i, s in enumerate(speakers) if i == 0 or s != speakers[i - 1]]
    finally:
        con.close()
    if len(merged) < 2:
        assert all(d is None for (d,) in rows)
    else:
        assert all(abs(d) < 1e-9 for (d,) in rows)


def test_rows_out_of_step_with_the_member_types_are_refused():
    """The per-meeting arrays are the query's rows reshaped, three member types per meeting:
    a meeting missing a type (here the second meeting has types 0 and 1 only, so its rows
    read 0 1 2 0 1) would shift every later meeting's figures onto the wrong types, so it
    is an error rather than a wrong interval."""
    from pipelines.metrics.turn_taking import _meetings_n

    whole = pd.DataFrame({"member_type_i": [0, 1, 2, 0, 1, 2]})
    assert _meetings_n(whole, "member_type_i", 3) == 2
    short = pd.DataFrame({"member_type_i": [0, 1, 2, 0, 1]})
    with pytest.raises(ValueError, match="3 keys per meeting"):
        _meetings_n(short, "member_type_i", 3)
    blank = pd.DataFrame({"member_type_i": pd.array([0, None, 2], dtype="Int64")})
    with pytest.raises(ValueError, match="3 keys per meeting"):
        _meetings_n(blank, "member_type_i", 3)
