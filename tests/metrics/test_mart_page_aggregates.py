"""Marts pre-aggregated for pages (turn acts, data quality) on the hand-worked dataset."""

from __future__ import annotations

from helpers import fetch

from pipelines import metrics
from pipelines.metrics import Selection


def test_meeting_acts_count_voice_turns_per_type_facilitator_and_act(con):
    """M1 and M2 voice turns by member type, facilitator flag and act (chat left out)."""
    # M1: F1 (non_clinical facilitator) statement; L1 question; C1 statement + agreement;
    # C2 idea. M2 (no acts coded): F1 1, L1 1, C1 2 voice turns; its 3 chat messages skipped.
    expected = [
        ("M1", "clinical", False, "agreement", 1),
        ("M1", "clinical", False, "idea", 1),
        ("M1", "clinical", False, "statement", 1),
        ("M1", "lay", False, "question", 1),
        ("M1", "non_clinical", True, "statement", 1),
        ("M2", "clinical", False, "not_coded", 2),
        ("M2", "lay", False, "not_coded", 1),
        ("M2", "non_clinical", True, "not_coded", 1),
    ]
    assert expected == fetch(con, "select meeting_id, member_type, is_facilitator, act, turns_n "
                                  "from mart_meeting_acts where meeting_id in ('M1', 'M2') "
                                  "order by all")


def test_turn_acts_leave_facilitators_out_unless_switched_in(con):
    """M1 only: non_clinical has no turn without the facilitator, one statement with F1."""
    m1 = Selection(date_to=metrics.date_bounds(con)[0])  # the first meeting, M1 (2019-02-01)
    without = metrics.turn_acts(con, m1)
    with_f = metrics.turn_acts(con, Selection(date_to=m1.date_to, include_facilitators=True))
    # F1's statement is M1's only non_clinical turn: 1 turn, all of that type's turns
    assert ["clinical", "lay"] == sorted(set(without["member_type"]))
    assert [("non_clinical", "statement", 1, 1.0)] == [
        tuple(r) for r in with_f[with_f["member_type"] == "non_clinical"].itertuples(index=False)]


def test_meeting_quality_counts_what_was_recorded(con):
    """M2 and M5: attendance rows, present, present without times, turns, sources, no rate."""
    # M2: 5 attendance rows (L1 L2 C1 N1 F1), 4 present (N1 absent), only C1 present without
    # any time; voice t06-t09 = 4, chat t10-t12 = 3, sources chat_log and transcript; F1 has
    # no rate (non_clinical rates are for commissioners only) -> 1 missing.
    # M5: L1 L2 F1 present without times, no turns, F1 without a rate.
    expected = [
        ("M2", 5, 4, 1, 4, 3, "chat_log, transcript", 1),
        ("M5", 3, 3, 3, 0, 0, None, 1),
    ]
    assert expected == fetch(con, "select meeting_id, attendance_rows, present_n, "
                                  "present_without_times_n, voice_turns_n, chat_messages_n, "
                                  "turn_sources, missing_rate_rows from mart_meeting_quality "
                                  "where meeting_id in ('M2', 'M5') order by meeting_id")
