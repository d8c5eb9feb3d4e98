"""What users see in a CSV download of an API frame (pipelines.safe_csv, as the dashboard's
download buttons and `copdash export` write them): dates as plain dates, counts as whole
numbers even where some are missing, missing values as empty fields.

The frames come through Arrow (pipelines/metrics/_sql.py); these tests pin the cells a
spreadsheet user reads, whatever the conversion. Data: the hand-worked programme
(tests/metrics/data), whose uptake and lay members are worked out in test_mart_* and
test_api.py.
"""

from __future__ import annotations

import csv
import io

from pipelines import metrics
from pipelines.metrics import Selection
from pipelines.safe_csv import to_safe_csv

ALL = Selection()


def _cells(frame) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(to_safe_csv(frame).decode("utf-8-sig"))))


def test_uptake_download_has_whole_days_and_blank_when_not_implemented(con):
    """days_to_implemented is a whole number of days, blank for a pair never implemented
    (the column mixes numbers and blanks, which must not turn 120 into 120.0)."""
    # R1/Clinic A: proposed 2019-02-01, implemented 2019-06-01: 28 + 31 + 30 + 31 = 120 days
    # R1/Clinic B: only proposed 2019-06-01: no implemented date, no days
    rows = {(r["recommendation_id"], r["site"]): r for r in _cells(metrics.uptake(con, ALL))}
    picked = [(r["first_on"], r["implemented_on"], r["days_to_implemented"], r["furthest_rank"])
              for r in (rows[("R1", "Clinic A")], rows[("R1", "Clinic B")])]
    assert [("2019-02-01", "2019-06-01", "120", "4"), ("2019-06-01", "", "", "1")] == picked


def test_lay_members_download_has_plain_dates_and_counts(con):
    """Dates are written as dates (no time of day), a missing date as an empty field, counts
    as integers and the stopped-coming flag as True/False."""
    # L2 joined 2019-03-01 (L1 has no joined_on: blank); neither has left. L1 was expected at
    # all 5 meetings M1-M5 and came to 4 (apologies at M3): first M1 2019-02-01, last M5
    # 2019-07-01.
    rows = {r["member_id"]: r for r in _cells(metrics.lay_members(con, ALL))}
    l1, l2 = rows["L1"], rows["L2"]
    assert ("", "", "5", "4", "2019-02-01", "2019-07-01", "False") == (
        l1["joined_on"], l1["left_on"], l1["meetings_expected_n"], l1["meetings_attended_n"],
        l1["first_attended_on"], l1["last_attended_on"], l1["stopped_coming"])
    assert ("2019-03-01", "") == (l2["joined_on"], l2["left_on"])


def test_uptake_by_month_download_has_first_days_of_months(con):
    """Each month is written as its first day, with whole pair counts."""
    # February 2019: R1/Clinic A and R2/Clinic A proposed on 2019-02-01: 2 pairs proposed
    first = _cells(metrics.uptake_by_month(con, ALL))[0]
    assert {"month": "2019-02-01", "status": "proposed", "pairs_n": "2"} == first
