"""mart_meeting_cost, mart_cost_summary, mart_uptake and mart_survey_scores, by hand.

Rates (time_rates.csv): lay any role 20.00 from 2019-01-01 and 25.00 from 2019-05-01;
clinical any role 50.00, GP 80.00 (from 2019-01-01), any role 70.00 from 2020-01-01 (after
every meeting); non_clinical commissioner 40.00. F1 (knowledge broker) has no rate.
Costs: K1 200.00 + K2 50.50 at M1, K3 20.00 at M2, K5 120.00 at M4, K4 100.00 overhead.
"""

from __future__ import annotations

import datetime as dt

from helpers import fetch, rounded

D = dt.date


def test_meeting_cost_every_column(con):
    """Every column of mart_meeting_cost; facilitators' hours count, their missing rate is 0."""
    # M1 120 min, no times: L1 C1 C2 F1 2 h each = 8 h; L1 2*20 + C1 2*50 + C2 (GP) 2*80
    #    + F1 0 = 300; direct 200 + 50.50 = 250.50; 250.50 / 8 = 31.3125
    # M2 L1 minutes_attended 50, L2 left-joined 60-10 = 50, C1 no times -> 60, F1 60:
    #    (50+50+60+60)/60 = 11/3 h; L1 50/60*20 + L2 50/60*20 + C1 1*50 = 250/3; direct 20;
    #    20 / (11/3) = 60/11
    # M3 C1 N1 F1 1 h each = 3 h; C1 50 + N1 (commissioner) 40 = 90; no direct cost
    # M4 90 min: 5 x 1.5 h = 7.5 h; L1, L2 1.5*25 (May rate) + C1 1.5*50 + N1 1.5*40 = 210;
    #    direct 120 -> 16.0
    # M5 L1 L2 F1 1 h each = 3 h; L1, L2 25 each = 50
    expected = rounded([
        ("c1", "M1", D(2019, 2, 1), "in_person", 250.5, 8.0, 300.0, 550.5, 31.3125, 1),
        ("c1", "M2", D(2019, 4, 1), "online", 20.0, 11 / 3, 250 / 3, 20 + 250 / 3, 60 / 11, 1),
        ("c1", "M3", D(2019, 5, 1), "online", 0.0, 3.0, 90.0, 90.0, 0.0, 1),
        ("c1", "M4", D(2019, 6, 1), "hybrid", 120.0, 7.5, 210.0, 330.0, 16.0, 1),
        ("c1", "M5", D(2019, 7, 1), "in_person", 0.0, 3.0, 50.0, 50.0, 0.0, 1),
    ])
    actual = fetch(con, """
        select cop_id, meeting_id, held_on, mode, direct_cost_gbp, attendee_hours,
            time_cost_gbp, full_cost_gbp, cost_per_attendee_hour_gbp, missing_rate_rows
        from mart_meeting_cost order by meeting_id""")
    assert expected == actual


def test_rate_lookup_role_beats_blank_and_latest_date_wins(con):
    """C2 (GP) gets the GP rate over the blank one; lay members get 20 before May, 25 after."""
    expected = [("C1", "M1", 50.0), ("C2", "M1", 80.0), ("L1", "M1", 20.0),
                ("L1", "M4", 25.0), ("L2", "M2", 20.0), ("L2", "M5", 25.0)]
    actual = fetch(con, """
        select member_id, meeting_id, hourly_rate_gbp from mart_meeting_member
        where (member_id, meeting_id) in (('C1','M1'), ('C2','M1'), ('L1','M1'), ('L1','M4'),
                                          ('L2','M2'), ('L2','M5'))
        order by member_id, meeting_id""")
    assert expected == actual


def test_cost_summary_every_column(con):
    """Every column of mart_cost_summary for c1."""
    # direct 250.50 + 20 + 120 + 100 = 490.50, of which overhead 100
    # attendee hours 8 + 11/3 + 3 + 7.5 + 3 = 151/6; time cost 300 + 250/3 + 90 + 210 + 50
    # = 2200/3; full 490.50 + 2200/3; per attendee hour 490.50 / (151/6) = 2943/151
    # implemented pairs: R1/Clinic A and R3/CoP = 2 -> full / 2
    # lay attendances: L1 at M1 M2 M4 M5, L2 at M2 M4 M5 = 7 -> 490.50 / 7
    full = 490.5 + 2200 / 3
    expected = rounded([("c1", 490.5, 100.0, 151 / 6, 2200 / 3, full, 2943 / 151, 2, full / 2,
                         7, 490.5 / 7, 5, 5)])
    actual = fetch(con, """
        select cop_id, direct_cost_gbp, overhead_cost_gbp, attendee_hours, time_cost_gbp,
            full_cost_gbp, cost_per_attendee_hour_gbp, implemented_n, cost_per_implemented_gbp,
            lay_attendances_n, cost_per_lay_attendance_gbp, meetings_n, missing_rate_rows
        from mart_cost_summary""")
    assert expected == actual


def test_uptake_every_column(con):
    """Every column of mart_uptake: skipped stages, a drop, a same-day tie."""
    # R1/Clinic A: proposed 02-01 -> implemented 06-01 (skips agreed, in_progress): 120 days
    #   (Feb 28 + Mar 31 + Apr 30 + May 31)
    # R1/Clinic B: only proposed 06-01
    # R2/Clinic A: proposed, agreed 04-01, dropped 05-01: furthest agreed, never implemented
    # R3/CoP: proposed and agreed both on 04-01 (tie: the later stage), ..., implemented
    #   06-01 (61 days: Apr 30 + May 31), sustained 07-01
    expected = [
        ("R1", "c1", "Clinic A", D(2019, 2, 1), "implemented", D(2019, 6, 1), "implemented",
         D(2019, 6, 1), 120),
        ("R1", "c1", "Clinic B", D(2019, 6, 1), "proposed", D(2019, 6, 1), "proposed",
         None, None),
        ("R2", "c1", "Clinic A", D(2019, 2, 1), "dropped", D(2019, 5, 1), "agreed", None, None),
        ("R3", "c1", "CoP", D(2019, 4, 1), "sustained", D(2019, 7, 1), "sustained",
         D(2019, 6, 1), 61),
    ]
    actual = fetch(con, """
        select recommendation_id, cop_id, site, first_on, latest_status, latest_on,
            furthest_stage, implemented_on, days_to_implemented
        from mart_uptake order by recommendation_id, site""")
    assert expected == actual


def test_uptake_tie_on_a_date_takes_the_later_stage(con):
    """As of 2019-04-01, R3/CoP (proposed and agreed that day) is at agreed."""
    expected = [("agreed",)]
    actual = fetch(con, "select latest_status from uptake_as_of(null, DATE '2019-04-01') "
                        "where recommendation_id = 'R3'")
    assert expected == actual


def test_survey_scores_every_column(con):
    """Every column of mart_survey_scores: reverse coding, subscales, too few answers."""
    # q2 is reverse-coded: v' = 1 + 5 - v. total = mean of answered items; voice = q1, q2';
    # belonging = q3, q4; NULL below half the scale's items answered.
    # S1 4,2->4,5,3: total 16/4 = 4; voice 4; belonging 4
    # S4 2,4->2,1,(q4 blank): total 5/3 from 3 items; voice 2; belonging 1 item of 2 = 0.5,
    #    enough -> 1
    # S7 3,5->1,3,3: total 10/4 = 2.5; voice (3+1)/2 = 2; belonging 3
    # S9 only q1 = 5: total 1 of 4 < 0.5 -> NULL; voice 1 of 2 -> 5; belonging 0 -> NULL
    expected = rounded([
        ("c1", "S1", "test_experience", "2019-Q2", "lay", "belonging", 2, 4.0),
        ("c1", "S1", "test_experience", "2019-Q2", "lay", "total", 4, 4.0),
        ("c1", "S1", "test_experience", "2019-Q2", "lay", "voice", 2, 4.0),
        ("c1", "S4", "test_experience", "2019-Q2", "clinical", "belonging", 1, 1.0),
        ("c1", "S4", "test_experience", "2019-Q2", "clinical", "total", 3, 5 / 3),
        ("c1", "S4", "test_experience", "2019-Q2", "clinical", "voice", 2, 2.0),
        ("c1", "S7", "test_experience", "2019-Q2", "non_clinical", "belonging", 2, 3.0),
        ("c1", "S7", "test_experience", "2019-Q2", "non_clinical", "total", 4, 2.5),
        ("c1", "S7", "test_experience", "2019-Q2", "non_clinical", "voice", 2, 2.0),
        ("c1", "S9", "test_experience", "2019-Q2", "non_clinical", "belonging", 0, None),
        ("c1", "S9", "test_experience", "2019-Q2", "non_clinical", "total", 1, None),
        ("c1", "S9", "test_experience", "2019-Q2", "non_clinical", "voice", 1, 5.0),
    ])
    actual = fetch(con, """
        select cop_id, response_id, instrument_id, wave, member_type, scale, items_answered,
            score
        from mart_survey_scores where response_id in ('S1', 'S4', 'S7', 'S9')
        order by response_id, scale""")
    assert expected == actual


def test_survey_scores_one_row_per_response_and_scale(con):
    """9 responses x 3 scales (total, voice, belonging) = 27 rows."""
    expected = [(27, 27)]
    actual = fetch(con, "select count(*), count(distinct (response_id, scale)) "
                        "from mart_survey_scores")
    assert expected == actual
