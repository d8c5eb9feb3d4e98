"""Cost figures pooled over several CoPs: sums first, then ratios."""

from __future__ import annotations

import duckdb
import pytest

from pipelines import metrics
from pipelines.load import load_paths

TWO_COPS = {
    "communities.csv": "cop_id,name,started_on\nA,CoP A,2020-01-01\nB,CoP B,2020-01-01\n",
    "members.csv": ("member_id,cop_id,member_type\n"
                    "A1,A,lay\nA2,A,clinical\nB1,B,lay\n"),
    "meetings.csv": ("meeting_id,cop_id,held_on,duration_min,mode,meeting_type\n"
                     "MA1,A,2020-02-01,120,in_person,cop\n"
                     "MB1,B,2020-02-01,60,online,cop\n"),
    "attendance.csv": ("meeting_id,member_id,status,attended_via\n"
                       "MA1,A1,present,in_person\nMA1,A2,present,in_person\n"
                       "MB1,B1,present,online\n"),
    "costs.csv": ("cost_id,cop_id,meeting_id,incurred_on,category,amount_gbp\n"
                  "KA,A,MA1,2020-02-01,venue,100.00\n"
                  "KB,B,MB1,2020-02-01,digital,300.00\n"
                  "KO,B,,2020-03-01,administration,50.00\n"),
    "recommendations.csv": "recommendation_id,source,title\nR1,CoP good practice,Support\n",
    "recommendation_status.csv": ("recommendation_id,cop_id,site,status_on,status\n"
                                  "R1,A,CoP,2020-02-01,implemented\n"),
}


@pytest.fixture(scope="module")
def two_cop_con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two_cops")
    for name, text in TWO_COPS.items():
        (folder / name).write_text(text)
    db = folder / "cop.duckdb"
    report = load_paths([folder], db)
    assert 0 == report.rows_quarantined, report.summary()
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_cost_totals_pool_sums_before_dividing(two_cop_con):
    """Two CoPs: cost per attendee hour is total direct cost / total hours, not a sum or
    mean of the CoPs' own ratios."""
    # direct: A 100 + B 300 + B's overhead 50 = 450; hours: A 2 h x 2 members + B 1 h = 5
    # per attendee hour 450 / 5 = 90 (the CoPs' own ratios: 25 and 350, mean 187.5)
    # no time rates -> time cost 0; full 450; one implemented pair (R1 at A) -> 450
    row = metrics.cost_totals(two_cop_con, metrics.Selection()).iloc[0]
    assert (450.0, 50.0, 5.0, 0.0, 450.0, 90.0, 1, 450.0, 2) == (
        row["direct_cost_gbp"], row["overhead_cost_gbp"], row["attendee_hours"],
        row["time_cost_gbp"], row["full_cost_gbp"], row["cost_per_attendee_hour_gbp"],
        row["implemented_n"], row["cost_per_implemented_gbp"], row["cops_n"])


def test_cost_totals_leave_ratios_undefined_without_implemented_pairs(two_cop_con):
    """CoP B alone has implemented nothing: cost per implemented recommendation is None, not 0."""
    # B: direct 300 + 50 = 350, 1 attendee hour -> 350 per hour; no implemented pair
    row = metrics.cost_totals(two_cop_con, metrics.Selection(cop_ids=("B",))).iloc[0]
    assert (350.0, 350.0, None) == (row["direct_cost_gbp"], row["cost_per_attendee_hour_gbp"],
                                    row["cost_per_implemented_gbp"])


def test_cost_by_month_over_all_cops_sums_each_month_and_category(two_cop_con):
    """per_cop=False: one row per month and category over both CoPs, as the Cost page's
    chart shows it."""
    # Feb 2020: A venue 100, B digital 300; Mar 2020: B administration 50 (no meeting)
    frame = metrics.cost_by_month(two_cop_con, metrics.Selection(), per_cop=False)
    assert ["month", "category", "amount_gbp"] == list(frame.columns)
    assert [("2020-02-01", "digital", 300.0), ("2020-02-01", "venue", 100.0),
            ("2020-03-01", "administration", 50.0)] == [
        (str(m.date()), c, float(a)) for m, c, a in frame.itertuples(index=False)]


def test_cost_by_month_per_cop_keeps_each_cop_apart(two_cop_con):
    """The default lists CoPs apart: A's venue 100 and B's digital 300 in February, B's
    administration 50 in March."""
    frame = metrics.cost_by_month(two_cop_con, metrics.Selection())
    assert [("A", "2020-02-01", "venue", 100.0), ("B", "2020-02-01", "digital", 300.0),
            ("B", "2020-03-01", "administration", 50.0)] == [
        (cop, str(m.date()), c, float(a)) for cop, m, c, a in frame.itertuples(index=False)]


def test_cost_totals_give_cost_per_meeting(two_cop_con):
    """Cost per meeting: direct (overheads included) and full cost over the meetings held."""
    # both CoPs: 2 meetings (MA1, MB1); direct 450 -> 225 per meeting; no time rates, so
    # full = direct = 450 -> 225. CoP B alone: 1 meeting, direct 300 + 50 = 350 per meeting.
    both = metrics.cost_totals(two_cop_con, metrics.Selection()).iloc[0]
    only_b = metrics.cost_totals(two_cop_con, metrics.Selection(cop_ids=("B",))).iloc[0]
    assert (2, 225.0, 225.0, 1, 350.0) == (
        both["meetings_n"], both["direct_cost_per_meeting_gbp"],
        both["full_cost_per_meeting_gbp"], only_b["meetings_n"],
        only_b["direct_cost_per_meeting_gbp"])


def test_cost_per_meeting_is_undefined_without_meetings(two_cop_con):
    """A period with no meeting: no cost per meeting (None), not a division by zero."""
    # 2020-03 has B's overhead of 50 but no meeting
    import datetime as dt

    row = metrics.cost_totals(two_cop_con, metrics.Selection(
        date_from=dt.date(2020, 3, 1), date_to=dt.date(2020, 3, 31))).iloc[0]
    assert (0, 50.0, None) == (row["meetings_n"], row["direct_cost_gbp"],
                               row["direct_cost_per_meeting_gbp"])
