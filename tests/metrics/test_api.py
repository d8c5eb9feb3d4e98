"""The metrics API on the hand-worked dataset (see test_mart_meetings.py for its shape)."""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import pandas as pd
import pytest
from helpers import rounded

from pipelines import metrics
from pipelines.marts import build_marts
from pipelines.metrics import Selection
from pipelines.settings import PROJECT_ROOT

ALL = Selection()


def _row(frame, **where):
    for column, value in where.items():
        frame = frame[frame[column] == value]
    assert 1 == len(frame)
    return frame.iloc[0]


def test_pooled_equity_is_a_ratio_of_sums(con):
    """Lay pooled ratio = (sum T_lay / sum T) / (sum P_lay / sum P), not a mean of ratios."""
    # observed M1-M4: T_lay 60+30+0+60 = 150, T 300+120+150+200 = 770,
    # P_lay 1+2+0+2 = 5, P 3+3+2+4 = 12 -> (150/770)/(5/12) = 1800/3850 = 0.467532;
    # the mean of the defined per-meeting ratios would be (0.6+0.375+0.6)/3 = 0.525
    lay = _row(metrics.pooled_equity(con, ALL), group="lay")
    assert round(1800 / 3850, 6) == round(lay["equity_ratio"], 6)


def test_pooled_equity_has_interval_from_three_meetings(con):
    """Four observed meetings: an interval around the figure, not marked too few."""
    lay = _row(metrics.pooled_equity(con, ALL), group="lay")
    assert (4, False, True) == (lay["meetings_n"], lay["too_few"],
                                lay["ci_low"] <= lay["equity_ratio"] <= lay["ci_high"])


def test_pooled_equity_below_three_meetings_has_no_interval(con):
    """Up to 2019-04-30 (M1, M2 observed): figure shown, no interval, too_few."""
    # lay T 60+30 = 90 of 420, P 1+2 = 3 of 6 -> (90/420)/(3/6) = 0.428571
    lay = _row(metrics.pooled_equity(con, Selection(date_to=dt.date(2019, 4, 30))), group="lay")
    assert (0.428571, 2, True, True, True) == (
        round(lay["equity_ratio"], 6), lay["meetings_n"], lay["too_few"],
        math.isnan(lay["ci_low"]), math.isnan(lay["ci_high"]))


def test_turn_based_pooled_equity(con):
    """Turn-based lay ratio: (1+1+0+2)/(4+3+2+5) over 5/12 = (4/14)/(5/12) = 0.685714."""
    lay = _row(metrics.pooled_equity(con, ALL, basis="turns"), group="lay")
    assert round(48 / 70, 6) == round(lay["equity_ratio"], 6)


def test_meeting_share_grid_puts_each_observed_meeting_in_its_square(con):
    """Lay members per observed meeting (T = talk s, P = attendees): M1 60/300 = 0.2 of
    talk, 1/3 = 0.333 of the room -> square (30%, 20%); M2 30/120 = 0.25, 2/3 = 0.667 ->
    (65%, 25%); M3 no lay attendee, 0 and 0 -> (0%, 0%); M4 60/200 = 0.3, 2/4 = 0.5 ->
    (50%, 30%), a share on an edge in the square above it. Meetings not observed are left
    out; 4 observed meetings x 3 member types (zero-filled) = 12 counted in all."""
    grid = metrics.meeting_share_grid(con, ALL)
    lay = grid[grid["group"] == "lay"]
    assert [(0.0, 0.0, 1), (0.3, 0.2, 1), (0.5, 0.3, 1), (0.65, 0.25, 1)] == [
        (round(a, 6), round(t, 6), n) for a, t, n in
        lay[["attendee_share_from", "talk_share_from", "meetings_n"]].itertuples(index=False)]
    assert 12 == grid["meetings_n"].sum()


def test_meeting_share_grid_counts_meetings_sharing_a_square(con):
    """Squares 25% wide: M2 (0.667, 0.25) and M4 (0.5, 0.3) share the square (50%, 25%);
    M1 (0.333, 0.2) is in (25%, 0%), M3 in (0%, 0%)."""
    grid = metrics.meeting_share_grid(con, ALL, step=0.25)
    lay = grid[grid["group"] == "lay"]
    assert [(0.0, 0.0, 1), (0.25, 0.0, 1), (0.5, 0.25, 2)] == [
        (round(a, 6), round(t, 6), n) for a, t, n in
        lay[["attendee_share_from", "talk_share_from", "meetings_n"]].itertuples(index=False)]


def test_same_data_same_interval(con):
    """The fixed seed gives identical intervals on identical data."""
    first = metrics.pooled_equity(con, ALL)
    second = metrics.pooled_equity(con, ALL)
    assert first.equals(second)


def test_meeting_averages_weigh_meetings_equally(con):
    """Attendance rate over all 5 meetings; Gini and coverage over the 4 observed ones."""
    # attendance (0.75+0.75+0.5+1+0.5)/5 = 0.7; Gini (4/15+1/2+1/6+1/4)/4 = 0.295833;
    # coverage (1+2/3+1+1)/4 = 0.916667
    frame = metrics.meeting_averages(con, ALL)
    expected = rounded([("attendance_rate", 0.7, 5), ("gini_talk", 71 / 240, 4),
                        ("voice_coverage", 11 / 12, 4)])
    actual = rounded(frame[["metric", "value", "meetings_n"]].itertuples(index=False))
    assert expected == actual


def test_facilitator_switch_in_the_api(con):
    """meeting_summary with facilitators: M1 has 4 attendees and 400 s of talk."""
    summary = metrics.meeting_summary(con, Selection(include_facilitators=True))
    m1 = _row(summary, meeting_id="M1")
    assert (4, 400.0) == (m1["attendees_n"], m1["talk_s"])


def test_mode_comparison_lay_equity(con):
    """Lay equity in person (M1) 0.6 vs online (M2, M3) pooled, with counts and a warning."""
    # online: T_lay 30+0 = 30 of 270, P_lay 2+0 = 2 of 5 -> (30/270)/(2/5) = 0.277778;
    # difference 0.277778 - 0.6 = -0.322222; 1 in-person meeting -> no interval
    row = _row(metrics.mode_comparison(con, ALL), metric="equity_ratio", group="lay")
    assert (0.6, 0.277778, -0.322222, 1, 2, True, True) == (
        round(row["in_person"], 6), round(row["online"], 6), round(row["difference"], 6),
        row["in_person_n"], row["online_n"], math.isnan(row["ci_low"]),
        "too few" in row["warning"])


def test_mode_comparison_attendance_uses_all_meetings(con):
    """Attendance in person (M1 0.75, M5 0.5) = 0.625; online (M2 0.75, M3 0.5) = 0.625."""
    row = _row(metrics.mode_comparison(con, ALL), metric="attendance_rate")
    assert (0.625, 0.625, 0.0, 2, 2) == (row["in_person"], row["online"], row["difference"],
                                         row["in_person_n"], row["online_n"])


def test_hybrid_in_room_versus_remote(con):
    """M4: in the room L1 + C1 talk 120 of 200 with 2 of 4 attendees -> 1.2; remote L2 +
    N1 talk 80 of 200 -> 0.8; difference remote - in room = -0.4; one meeting, a warning."""
    row = _row(metrics.hybrid_comparison(con, ALL), metric="equity_ratio")
    assert (1.2, 0.8, -0.4, 1, True) == (
        round(row["in_room"], 6), round(row["remote"], 6), round(row["difference"], 6),
        row["meetings_n"], row["warning"] is not None)


def test_lay_timeline_marks_modes(con):
    """One row per observed meeting; M3 had no lay attendee: share 0, ratio NULL."""
    frame = metrics.lay_timeline(con, ALL)
    expected = rounded([("M1", "in_person", 0.2, 0.6), ("M2", "online", 0.25, 0.375),
                        ("M3", "online", 0.0, None), ("M4", "hybrid", 0.3, 0.6)])
    actual = rounded(frame[["meeting_id", "mode", "lay_talk_share", "lay_equity_ratio"]]
                     .itertuples(index=False))
    assert expected == actual


def test_survey_summary_primary_and_secondary_suppression(con):
    """k = 3, total scale: lay (n 1) suppressed; clinical (n 3), the next smallest, hidden
    too because the total is shown; non_clinical (n 4) and the total shown."""
    # non_clinical totals 4, 5, 2.5, 3 (S9 has no total score): mean 3.625; sample sd
    # sqrt(3.6875/3) = 1.108678; t(0.975, 3) = 3.182446; half width 3.182446*1.108678/2 =
    # 1.764147; agreeing (> 3): 4 and 5 -> 0.5.
    # all: 4 + 4.5 + 3 + 5/3 + 4 + 5 + 2.5 + 3 = 27.666667 / 8 = 3.458333; agreeing 4/8
    frame = metrics.survey_summary(con, ALL, "test_experience", k=3)
    total = frame[frame["scale"] == "total"]
    expected = rounded([
        ("clinical", 3, None, None, None, None, True),
        ("lay", 1, None, None, None, None, True),
        ("non_clinical", 4, 3.625, 3.625 - 1.764147, 3.625 + 1.764147, 0.5, False),
        ("all", 8, 83 / 24, None, None, 0.5, False),
    ], 5)
    actual = rounded(total[["group", "n", "mean", "ci_low", "ci_high", "share_agreeing",
                            "suppressed"]].assign(ci_low=lambda f: f["ci_low"].where(
                                f["group"] != "all"), ci_high=lambda f: f["ci_high"].where(
                                f["group"] != "all")).itertuples(index=False), 5)
    assert expected == actual


def test_survey_suppression_notes(con):
    """A suppressed cell says why in words."""
    frame = metrics.survey_summary(con, ALL, "test_experience", k=3)
    lay = _row(frame, scale="total", group="lay")
    assert "fewer than 3 responses" == lay["note"]


def test_survey_default_k_from_settings(con):
    """With the default k = 5 every member-type cell of the total scale is hidden."""
    frame = metrics.survey_summary(con, ALL, "test_experience")
    total = frame[(frame["scale"] == "total") & (frame["group"] != "all")]
    assert [True, True, True] == total["suppressed"].tolist()


def test_item_distribution_suppresses_small_cells(con):
    """q1: lay has 1 respondent (< 3) -> hidden; non_clinical 5 respondents shown."""
    # non_clinical q1 answers 4, 5, 3, 4, 5 -> value 4: 2 of 5 = 0.4
    frame = metrics.survey_item_distribution(con, ALL, "test_experience", k=3)
    q1 = frame[frame["item_id"] == "q1"]
    lay = _row(q1, member_type="lay")
    four = _row(q1, member_type="non_clinical", value=4)
    assert (True, 2, 0.4) == (lay["suppressed"], four["n"], four["share"])


def test_uptake_funnel_counts_skipped_stages(con):
    """R1/Clinic A skipped to implemented; R2 dropped after agreed."""
    # proposed 4 pairs; agreed R1A (skipped), R2A, R3 = 3; in progress R1A, R3 = 2;
    # implemented R1A, R3 = 2; sustained R3 = 1
    frame = metrics.uptake_funnel(con, ALL)
    expected = [("proposed", 4), ("agreed", 3), ("in_progress", 2), ("implemented", 2),
                ("sustained", 1)]
    assert expected == list(frame.itertuples(index=False, name=None))


def test_uptake_status_counts_latest_status(con):
    """Latest status of each pair (as of the last event): R1/Clinic A implemented, R1/Clinic B
    proposed, R2/Clinic A dropped, R3/CoP sustained; every status listed, zero-filled."""
    frame = metrics.uptake_status(con, ALL)
    expected = [("proposed", 1), ("agreed", 0), ("in_progress", 0), ("implemented", 1),
                ("sustained", 1), ("dropped", 1)]
    assert expected == list(frame.itertuples(index=False, name=None))


def test_uptake_status_as_of_the_end_date(con):
    """As of 2019-05-15: R1A proposed, R2A dropped (05-01), R3 in progress (05-01)."""
    frame = metrics.uptake_status(con, metrics.Selection(date_to=dt.date(2019, 5, 15)))
    assert {"proposed": 1, "in_progress": 1, "dropped": 1, "agreed": 0, "implemented": 0,
            "sustained": 0} == dict(frame.itertuples(index=False, name=None))


def test_uptake_by_month(con):
    """Status of each pair at each month's end, from February to July 2019."""
    frame = metrics.uptake_by_month(con, ALL)
    expected = [
        (dt.date(2019, 2, 1), "proposed", 2), (dt.date(2019, 3, 1), "proposed", 2),
        (dt.date(2019, 4, 1), "proposed", 1), (dt.date(2019, 4, 1), "agreed", 2),
        (dt.date(2019, 5, 1), "proposed", 1), (dt.date(2019, 5, 1), "in_progress", 1),
        (dt.date(2019, 5, 1), "dropped", 1),
        (dt.date(2019, 6, 1), "proposed", 1), (dt.date(2019, 6, 1), "implemented", 2),
        (dt.date(2019, 6, 1), "dropped", 1),
        (dt.date(2019, 7, 1), "proposed", 1), (dt.date(2019, 7, 1), "implemented", 1),
        (dt.date(2019, 7, 1), "sustained", 1), (dt.date(2019, 7, 1), "dropped", 1),
    ]
    actual = [(m.date() if hasattr(m, "date") else m, s, n)
              for m, s, n in frame.itertuples(index=False, name=None)]
    assert expected == actual


def test_time_to_implementation(con):
    """Days 120 (R1/Clinic A) and 61 (R3/CoP): median 90.5, range 61 to 120."""
    frame = metrics.time_to_implementation(con, ALL)
    assert [(2, 90.5, 61.0, 120.0)] == list(frame.itertuples(index=False, name=None))


def test_recommendation_meetings_link_uptake_to_participation(con):
    """Events decided at M2 carry M2's lay equity ratio 0.375."""
    frame = metrics.recommendation_meetings(con, ALL)
    m2 = frame[frame["meeting_id"] == "M2"]
    expected = [("R2", "agreed", 0.375, 3), ("R3", "agreed", 0.375, 3)]
    actual = rounded(m2[["recommendation_id", "status", "lay_equity_ratio", "attendees_n"]]
                     .itertuples(index=False))
    assert expected == actual


def test_cost_summary_for_online_meetings_only(con):
    """modes = online: M2, M3; linked cost K3 20.00, overheads left out."""
    # hours 11/3 + 3 = 20/3; time cost 250/3 + 90 = 520/3; 20 / (20/3) = 3.0
    frame = metrics.cost_summary(con, Selection(modes=("online",)))
    row = _row(frame, cop_id="c1")
    expected = rounded([(20.0, 0.0, 20 / 3, 520 / 3, 3.0)])
    actual = rounded([(row["direct_cost_gbp"], row["overhead_cost_gbp"], row["attendee_hours"],
                       row["time_cost_gbp"], row["cost_per_attendee_hour_gbp"])])
    assert expected == actual


def test_cost_dates_select_by_incurred_on(con):
    """From 2019-02-01 the overhead K4 (2019-01-15) drops out: 490.50 - 100 = 390.50."""
    row = _row(metrics.cost_summary(con, Selection(date_from=dt.date(2019, 2, 1))), cop_id="c1")
    assert 390.5 == row["direct_cost_gbp"]


def test_mode_cost(con):
    """Linked direct cost per attendee hour by mode: in person 250.50 / (8 + 3)."""
    frame = metrics.mode_cost(con, ALL)
    expected = rounded([("hybrid", 120.0, 7.5, 16.0, 1), ("in_person", 250.5, 11.0,
                                                          250.5 / 11, 2),
                        ("online", 20.0, 20 / 3, 3.0, 2)])
    assert expected == rounded(frame.itertuples(index=False, name=None))


def test_missing_rates_are_reported(con):
    """F1 (knowledge broker, no rate) is reported at all five meetings."""
    frame = metrics.missing_rates(con, ALL)
    assert [5] == frame.groupby("role")["attendance_rows"].sum().tolist()


def test_lay_members(con):
    """L1 chaired M1 and M4 and attended the preparation session M5."""
    # L1 expected at M1-M5 (5), attended M1 M2 M4 M5 (4) -> 0.8; talk 60 + 30 + 40 = 130
    frame = metrics.lay_members(con, ALL)
    l1 = _row(frame, member_id="L1")
    assert (5, 4, 0.8, 1, 2, 130.0, False) == (
        l1["meetings_expected_n"], l1["meetings_attended_n"], l1["attendance_rate"],
        l1["preparation_attended_n"], l1["chaired_n"], l1["talk_s"], l1["stopped_coming"])


def test_headline_one_row_per_cop(con):
    """The headline carries the pooled lay ratio and the cost per implemented pair."""
    row = _row(metrics.headline(con, ALL), cop_id="c1")
    full = 490.5 + 2200 / 3
    assert (round(1800 / 3850, 6), round(full / 2, 6)) == (
        round(row["equity_ratio_lay"], 6), round(row["cost_per_implemented_gbp"], 6))


@pytest.fixture
def empty_con(tmp_path):
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    con.execute((PROJECT_ROOT / "pipelines/sql/core/tables.sql").read_text())
    build_marts(con)
    yield con
    con.close()


@pytest.mark.parametrize("name", [
    "meeting_summary", "meeting_counts", "meeting_group", "meeting_share_grid", "pooled_equity",
    "meeting_averages", "mode_comparison",
    "hybrid_comparison", "lay_timeline", "turn_acts", "chat_by_group", "lay_members",
    "latest_changes", "data_quality", "survey_scores", "survey_summary", "cost_summary",
    "cost_by_category", "cost_by_month", "meeting_cost", "mode_cost", "time_rates_used",
    "missing_rates", "uptake", "uptake_funnel", "uptake_status", "uptake_by_month", "time_to_implementation",
    "recommendation_meetings", "headline",
])
def test_empty_database_gives_empty_answers(empty_con, name):
    """Every API function answers on a database with tables but no rows, without error."""
    frame = getattr(metrics, name)(empty_con, ALL)
    assert hasattr(frame, "columns")


def test_secondary_suppression_hides_the_smallest_shown_cell_by_n_then_group():
    """k = 3. Breakdown w1: lay (n 1) is hidden; clinical and manager tie at n 4, so the
    first by name (clinical) is hidden too, as the total (n 9) is shown; manager stays.
    Breakdown w2 has no total row: lay (n 2) is hidden and nothing else (no total to work
    it out from). Row labels that are not 0..n-1 keep their rows."""
    from pipelines.metrics.surveys import suppress

    frame = pd.DataFrame({
        "wave": ["w1", "w1", "w1", "w1", "w2", "w2"],
        "group": ["manager", "lay", "clinical", "all", "lay", "clinical"],
        "n": [4, 1, 4, 9, 2, 6],
        "mean": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        "ci_low": 0.0, "ci_high": 9.0, "share_agreeing": 0.5,
    }, index=[10, 11, 12, 13, 14, 15])
    result = suppress(frame, 3, ["wave"])
    assert [False, True, True, False, True, False] == result["suppressed"].tolist()
    assert [1.0, None, None, 4.0, None, 6.0] == [None if pd.isna(v) else v for v in result["mean"]]
    assert result.loc[12, "note"].startswith("hidden so that a group with fewer than 3")
    assert "fewer than 3 responses" == result.loc[11, "note"]
    assert pd.isna(result.loc[10, "note"])  # shown: no note


def test_meeting_counts_by_cop_count_each_cops_meetings(con):
    """The hand-worked programme has one CoP, c1: meetings M1 to M5 (M5 a preparation
    session), of which M1 to M4 have voice turns (observed). CoP meetings only: M1 to M4.
    A CoP with no selected meeting has no row."""
    assert [("c1", 5, 4)] == list(metrics.meeting_counts_by_cop(con, ALL).itertuples(index=False))
    cop_only = metrics.meeting_counts_by_cop(con, Selection(meeting_types=("cop",)))
    assert [("c1", 4, 4)] == list(cop_only.itertuples(index=False))
    assert metrics.meeting_counts_by_cop(con, Selection(cop_ids=("no-such-cop",))).empty
