"""mart_meeting_summary and mart_meeting_group on the hand-worked dataset.

The dataset (tests/metrics/data): CoP c1; members L1, L2 (lay; L2 joins 2019-03-01),
C1, C2 (clinical; C2 is a GP and leaves 2019-03-31), N1 (non_clinical), F1 (facilitator,
non_clinical). Meetings: M1 in person 02-01 (120 min), M2 online 04-01 (60), M3 online
05-01 (60, no lay attendee), M4 hybrid 06-01 (90), M5 in-person preparation 07-01 (60,
no voice turn = unobserved). Expected (non-facilitators): M1 L1 C1 C2 N1; M2-M5 L1 L2 C1 N1.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from helpers import fetch, rounded

D = dt.date


def test_meeting_summary_every_column(con):
    """Every column of mart_meeting_summary matches the hand-worked values."""
    # M1 attendees L1 C1 C2 (F1 left out) = 3 of 4 expected -> 0.75; talk 60+180+60 = 300 s
    #    in 4 turns; Gini x = 60,60,180: sum|xi-xj| = 480, 480/(2*9*100) = 0.266667;
    #    all three spoke -> coverage 1; no chat.
    # M2 L1 L2 C1 = 3/4; talk 30+0+90 = 120 in 3 turns; Gini x = 0,30,90 (mean 40):
    #    360/(2*9*40) = 0.5; L2 silent -> coverage 2/3; chat 2 (L1) + 1 (L2) = 3, 3/3 = 1.
    # M3 C1 N1 = 2/4; talk 100+50 = 150, 2 turns; Gini 100/(2*4*75) = 1/6; chat 1, 1/2.
    # M4 L1 L2 C1 N1 = 4/4; talk 40+20+80+60 = 200, 5 turns; Gini 400/(2*16*50) = 0.25;
    #    chat 1, 1/4.
    # M5 L1 L2 = 2/4; unobserved -> talk, turns, Gini, coverage NULL.
    expected = rounded([
        ("c1", "M1", D(2019, 2, 1), "in_person", "cop", 120, 3, 4, 0.75, 300.0, 4,
         480 / 1800, 1.0, 0, 0.0, True),
        ("c1", "M2", D(2019, 4, 1), "online", "cop", 60, 3, 4, 0.75, 120.0, 3,
         0.5, 2 / 3, 3, 1.0, True),
        ("c1", "M3", D(2019, 5, 1), "online", "cop", 60, 2, 4, 0.5, 150.0, 2,
         1 / 6, 1.0, 1, 0.5, True),
        ("c1", "M4", D(2019, 6, 1), "hybrid", "cop", 90, 4, 4, 1.0, 200.0, 5,
         0.25, 1.0, 1, 0.25, True),
        ("c1", "M5", D(2019, 7, 1), "in_person", "preparation", 60, 2, 4, 0.5, None, None,
         None, None, 0, 0.0, False),
    ])
    actual = fetch(con, """
        select cop_id, meeting_id, held_on, mode, meeting_type, duration_min, attendees_n,
            expected_n, attendance_rate, talk_s, turns_n, gini_talk, voice_coverage,
            chat_messages_n, chat_rate, is_observed
        from mart_meeting_summary order by meeting_id""")
    assert expected == actual


def test_meeting_group_every_column(con):
    """Every column of mart_meeting_group, all three types for every meeting, zero-filled."""
    # columns: meeting, type, attendees, expected, attendance rate, talk_s, turns,
    #          talk share, attendee share, equity ratio, turn equity ratio, voice coverage,
    #          chat messages, chat rate, observed
    # M1 (T=300, N=4, P=3): lay 60/300 = 0.2 over 1/3 -> 0.6; turns 1/4 over 1/3 -> 0.75.
    #    clinical 240/300 = 0.8 over 2/3 -> 1.2; turns 3/4 over 2/3 -> 1.125.
    #    non_clinical: N1 sent apologies -> 0 attendees, ratio NULL (not 0).
    # M2 (T=120, N=3, P=3): lay 30/120 = 0.25 over 2/3 -> 0.375; turns 1/3 / 2/3 = 0.5;
    #    L2 silent -> coverage 1/2; chat 3 over 2 lay attendees = 1.5.
    #    clinical 90/120 = 0.75 over 1/3 -> 2.25; turns 2/3 / 1/3 = 2.
    # M3 (T=150, N=2, P=2): no lay attendee -> talk share 0, ratio NULL.
    #    clinical 100/150 over 1/2 -> 4/3; non_clinical 50/150 over 1/2 -> 2/3; turns 1 each.
    # M4 (T=200, N=5, P=4): lay 60/200 = 0.3 over 0.5 -> 0.6, turns 2/5 / 0.5 = 0.8;
    #    clinical 80/200 over 1/4 -> 1.6, turns 2/5 / 1/4 = 1.6;
    #    non_clinical 60/200 over 1/4 -> 1.2, turns 1/5 / 1/4 = 0.8.
    # M5 unobserved: talk NULL, shares of talk NULL, ratios NULL; lay 2 of 2 attendees.
    expected = rounded([
        ("M1", "clinical", 2, 2, 1.0, 240.0, 3, 0.8, 2 / 3, 1.2, 1.125, 1.0, 0, 0.0, True),
        ("M1", "lay", 1, 1, 1.0, 60.0, 1, 0.2, 1 / 3, 0.6, 0.75, 1.0, 0, 0.0, True),
        ("M1", "non_clinical", 0, 1, 0.0, 0.0, 0, 0.0, 0.0, None, None, None, 0, None, True),
        ("M2", "clinical", 1, 1, 1.0, 90.0, 2, 0.75, 1 / 3, 2.25, 2.0, 1.0, 0, 0.0, True),
        ("M2", "lay", 2, 2, 1.0, 30.0, 1, 0.25, 2 / 3, 0.375, 0.5, 0.5, 3, 1.5, True),
        ("M2", "non_clinical", 0, 1, 0.0, 0.0, 0, 0.0, 0.0, None, None, None, 0, None, True),
        ("M3", "clinical", 1, 1, 1.0, 100.0, 1, 2 / 3, 0.5, 4 / 3, 1.0, 1.0, 0, 0.0, True),
        ("M3", "lay", 0, 2, 0.0, 0.0, 0, 0.0, 0.0, None, None, None, 0, None, True),
        ("M3", "non_clinical", 1, 1, 1.0, 50.0, 1, 1 / 3, 0.5, 2 / 3, 1.0, 1.0, 1, 1.0, True),
        ("M4", "clinical", 1, 1, 1.0, 80.0, 2, 0.4, 0.25, 1.6, 1.6, 1.0, 0, 0.0, True),
        ("M4", "lay", 2, 2, 1.0, 60.0, 2, 0.3, 0.5, 0.6, 0.8, 1.0, 1, 0.5, True),
        ("M4", "non_clinical", 1, 1, 1.0, 60.0, 1, 0.3, 0.25, 1.2, 0.8, 1.0, 0, 0.0, True),
        ("M5", "clinical", 0, 1, 0.0, None, None, None, 0.0, None, None, None, 0, None, False),
        ("M5", "lay", 2, 2, 1.0, None, None, None, 1.0, None, None, None, 0, 0.0, False),
        ("M5", "non_clinical", 0, 1, 0.0, None, None, None, 0.0, None, None, None, 0, None,
         False),
    ])
    actual = fetch(con, """
        select meeting_id, member_type, attendees_n, expected_n, attendance_rate, talk_s,
            turns_n, talk_share, attendee_share, equity_ratio, turn_equity_ratio,
            voice_coverage, chat_messages_n, chat_rate, is_observed
        from mart_meeting_group order by meeting_id, member_type""")
    assert expected == actual


def test_meeting_group_carries_meeting_columns(con):
    """mart_meeting_group repeats cop_id, held_on and mode of its meeting on every row."""
    expected = [("c1", "M1", D(2019, 2, 1), "in_person")] * 3
    actual = fetch(con, "select cop_id, meeting_id, held_on, mode from mart_meeting_group "
                        "where meeting_id = 'M1'")
    assert expected == actual


def test_facilitator_switch_puts_facilitators_back(con):
    """With facilitators included, F1 counts as an attendee, an expected member and a talker."""
    # M1 with F1: attendees L1 C1 C2 F1 = 4 of 5 expected -> 0.8; talk 300 + 100 = 400 s,
    # 5 turns; Gini x = 60,60,100,180 (sum 400): sum (2i-n-1) x_(i) = -3*60 -1*60 +1*100
    # +3*180 = 400 -> 400 / (4 * 400) = 0.25.
    expected = [(4, 5, 0.8, 400.0, 5, 0.25)]
    actual = fetch(con, """
        select attendees_n, expected_n, attendance_rate, talk_s, turns_n, gini_talk
        from mart_meeting_stats where facilitators_included and meeting_id = 'M1'""")
    assert expected == actual


def test_facilitator_switch_changes_group_ratio(con):
    """With F1 in, non_clinical has an attendee at M1 and a defined equity ratio."""
    # M1 with F1: non_clinical talk 100/400 = 0.25 over 1/4 attendees -> 1.0
    expected = [(1, 0.25, 0.25, 1.0)]
    actual = fetch(con, """
        select attendees_n, talk_share, attendee_share, equity_ratio
        from mart_meeting_group_stats
        where facilitators_included and attribute = 'member_type'
          and meeting_id = 'M1' and group_value = 'non_clinical'""")
    assert expected == actual


def test_equity_by_gender(con):
    """The same equity ratio by gender: M1 women L1 + C1, one man C2."""
    # M1 T = 300: female 60 + 180 = 240 -> 0.8 over 2/3 = 1.2; male 60 -> 0.2 over 1/3 = 0.6;
    # N1 (no gender recorded) was absent -> not_recorded 0 attendees, ratio NULL
    expected = [("female", 2, 1.2), ("male", 1, 0.6), ("not_recorded", 0, None)]
    actual = fetch(con, """
        select group_value, attendees_n, equity_ratio from mart_meeting_group_stats
        where not facilitators_included and attribute = 'gender' and meeting_id = 'M1'
        order by group_value""")
    assert expected == actual


def test_late_joiner_and_leaver_expected_only_while_members(con):
    """L2 (joined 03-01) is not expected at M1; C2 (left 03-31) is expected only at M1."""
    expected = [("C2", "M1"), ("L2", "M2"), ("L2", "M3"), ("L2", "M4"), ("L2", "M5")]
    actual = fetch(con, """
        select member_id, meeting_id from mart_meeting_member
        where is_expected and member_id in ('L2', 'C2') order by member_id, meeting_id""")
    assert expected == actual


def test_meeting_group_of_one_group_keeps_its_rows_only(con):
    """meeting_group(..., group="lay"): the lay rows of the table above, one per meeting,
    in date order (attendees, expected, attendance rate, equity ratio)."""
    # M1 1 of 1, ratio 0.6; M2 2 of 2, 0.375; M3 0 of 2, none; M4 2 of 2, 0.6;
    # M5 2 of 2, unobserved (none)
    from pipelines import metrics

    frame = metrics.meeting_group(con, metrics.Selection(), by="member_type", group="lay")
    assert {"lay"} == set(frame["group"])
    actual = [(m, int(a), int(e), float(r), None if q != q else round(float(q), 6))
              for m, a, e, r, q in frame[["meeting_id", "attendees_n", "expected_n",
                                          "attendance_rate", "equity_ratio"]].itertuples(index=False)]
    assert [("M1", 1, 1, 1.0, 0.6), ("M2", 2, 2, 1.0, 0.375), ("M3", 0, 2, 0.0, None),
            ("M4", 2, 2, 1.0, 0.6), ("M5", 2, 2, 1.0, None)] == actual


def test_meeting_counts_of_every_meeting_and_of_a_date_range(con):
    """meeting_counts: M1-M5 are 5 meetings, 4 observed (M5 has no voice turn), every one
    with a chair (L1 or F1), the latest on 2019-07-01; up to 2019-05-01: M1-M3, 3 of each."""
    from pipelines import metrics

    every = metrics.meeting_counts(con, metrics.Selection()).iloc[0]
    assert (5, 4, 5, D(2019, 7, 1)) == (int(every["meetings_n"]), int(every["observed_n"]),
                                       int(every["chair_recorded_n"]),
                                       every["last_held_on"].date())
    early = metrics.meeting_counts(con, metrics.Selection(date_to=D(2019, 5, 1))).iloc[0]
    assert (3, 3, 3, D(2019, 5, 1)) == (int(early["meetings_n"]), int(early["observed_n"]),
                                       int(early["chair_recorded_n"]),
                                       early["last_held_on"].date())


def test_meeting_counts_without_meetings_has_no_latest_date(con):
    """A date range with no meeting: zero counts and no latest date (not an error)."""
    from pipelines import metrics

    none = metrics.meeting_counts(con, metrics.Selection(date_to=D(2018, 1, 1))).iloc[0]
    assert (0, 0, 0) == (int(none["meetings_n"]), int(none["observed_n"]),
                         int(none["chair_recorded_n"]))
    assert none["last_held_on"] is pd.NaT or pd.isna(none["last_held_on"])
