"""Recommendation uptake: pairs' status, the funnel, status by month, time to implement."""

from __future__ import annotations

import pandas as pd

from pipelines.metrics._sql import query
from pipelines.metrics.selection import STAGES, Selection

__all__ = ["uptake", "uptake_funnel", "uptake_status", "uptake_by_month", "time_to_implementation",
           "recommendation_meetings"]

STATUSES = (*STAGES, "dropped")


def uptake(con, sel: Selection) -> pd.DataFrame:
    """mart_uptake rows (plus title) as of the selection's end date, for its CoPs."""
    return query(con, "uptake", sel.params())


def uptake_funnel(con, sel: Selection) -> pd.DataFrame:
    """Pairs that ever reached each stage (or a later one), stages in order; dropped pairs
    count at the stages they reached before being dropped. Columns: stage, pairs_n."""
    pairs = uptake(con, sel)
    reached = pairs["furthest_rank"].dropna().astype(int)
    rows = [{"stage": stage, "pairs_n": int((reached >= rank).sum())}
            for rank, stage in enumerate(STAGES, start=1)]
    return pd.DataFrame(rows, columns=["stage", "pairs_n"])


def uptake_status(con, sel: Selection) -> pd.DataFrame:
    """Pairs per latest status as of the selection's end date (what is in progress now,
    beside the funnel's "ever reached"): status, pairs_n, every status in stage order then
    dropped, zero-filled."""
    latest = uptake(con, sel)["latest_status"].dropna()
    rows = [{"status": status, "pairs_n": int((latest == status).sum())} for status in STATUSES]
    return pd.DataFrame(rows, columns=["status", "pairs_n"])


def uptake_by_month(con, sel: Selection) -> pd.DataFrame:
    """Pairs per current status at the end of each month: month, status, pairs_n."""
    return query(con, "uptake_by_month", sel.params())


def time_to_implementation(con, sel: Selection) -> pd.DataFrame:
    """Days from a pair's first event to its first implemented: pairs_n, median, min, max."""
    days = uptake(con, sel)["days_to_implemented"].dropna().astype(float)
    return pd.DataFrame([{
        "pairs_n": len(days),
        "median_days": float(days.median()) if len(days) else float("nan"),
        "min_days": float(days.min()) if len(days) else float("nan"),
        "max_days": float(days.max()) if len(days) else float("nan"),
    }])


def recommendation_meetings(con, sel: Selection) -> pd.DataFrame:
    """Uptake events decided at a selected meeting, with the meeting's lay equity ratio,
    lay talk share and attendees (facilitator switch honoured)."""
    return query(con, "recommendation_meetings", sel.params())
