"""Cost figures of a selection: direct, time and full economic cost, and ratios."""

from __future__ import annotations

import pandas as pd

from pipelines.metrics._sql import query
from pipelines.metrics.selection import Selection

__all__ = ["cost_summary", "cost_totals", "cost_by_category", "cost_by_month", "cost_rows", "meeting_cost",
           "mode_cost", "time_rates_used", "missing_rates"]


def cost_summary(con, sel: Selection) -> pd.DataFrame:
    """One row per selected CoP: the columns of mart_cost_summary for the selection."""
    return query(con, "cost_summary", sel.params())


def cost_totals(con, sel: Selection) -> pd.DataFrame:
    """One row for the whole selection, however many CoPs it spans.

    Money, hours and implemented pairs add up across CoPs (each pair belongs to one CoP);
    the ratios are recomputed from those sums (a ratio of sums, not a sum or mean of
    ratios): cost per attendee hour = direct cost / attendee hours; cost per implemented
    recommendation = full economic cost / implemented pairs; cost per meeting = direct
    (overheads included) or full economic cost / the selection's meetings. NULL where the
    denominator is 0.
    """
    per_cop = cost_summary(con, sel)
    sums = ["direct_cost_gbp", "overhead_cost_gbp", "attendee_hours", "time_cost_gbp",
            "full_cost_gbp", "implemented_n", "meetings_n", "missing_rate_rows"]
    row = {column: float(per_cop[column].astype(float).sum()) for column in sums}
    row["cops_n"] = len(per_cop)
    row["implemented_n"] = int(row["implemented_n"])
    row["meetings_n"] = int(row["meetings_n"])
    row["missing_rate_rows"] = int(row["missing_rate_rows"])
    hours, implemented, meetings = row["attendee_hours"], row["implemented_n"], row["meetings_n"]
    row["cost_per_attendee_hour_gbp"] = row["direct_cost_gbp"] / hours if hours else None
    row["cost_per_implemented_gbp"] = row["full_cost_gbp"] / implemented if implemented else None
    row["direct_cost_per_meeting_gbp"] = row["direct_cost_gbp"] / meetings if meetings else None
    row["full_cost_per_meeting_gbp"] = row["full_cost_gbp"] / meetings if meetings else None
    return pd.DataFrame([row])


def cost_by_category(con, sel: Selection) -> pd.DataFrame:
    """Direct cost per CoP and category: cop_id, category, amount_gbp."""
    return query(con, "cost_by_category", sel.params())


def cost_by_month(con, sel: Selection, per_cop: bool = True) -> pd.DataFrame:
    """Direct cost per CoP, month (first day) and category; per_cop=False sums the selected
    CoPs (columns month, category, amount_gbp): what a programme-wide chart needs, a few
    hundred rows rather than one per CoP, month and category."""
    frame = query(con, "cost_by_month", {**sel.params(), "per_cop": per_cop})
    return frame if per_cop else frame.drop(columns="cop_id")


def cost_rows(con, sel: Selection) -> pd.DataFrame:
    """The cost rows counted in the selection (with the linked meeting's mode and type)."""
    return query(con, "cost_rows", sel.params())


def meeting_cost(con, sel: Selection) -> pd.DataFrame:
    """One row per selected meeting: the columns of mart_meeting_cost."""
    return query(con, "meeting_cost", sel.params())


def mode_cost(con, sel: Selection) -> pd.DataFrame:
    """Per mode: meeting-linked direct cost, attendee hours, cost per attendee hour."""
    frame = query(con, "mode_cost", sel.params())
    frame["cost_per_attendee_hour_gbp"] = [
        d / h if h else float("nan")
        for d, h in zip(frame["direct_cost_gbp"], frame["attendee_hours"], strict=True)
    ]
    return frame[["mode", "direct_cost_gbp", "attendee_hours", "cost_per_attendee_hour_gbp",
                  "meetings_n"]]


def time_rates_used(con, sel: Selection) -> pd.DataFrame:
    """The hourly rates applied in the selection, with their source and how many rows."""
    return query(con, "rates_used", sel.params())


def missing_rates(con, sel: Selection) -> pd.DataFrame:
    """Present attendance rows with no hourly rate (counted as 0 in the time cost)."""
    return query(con, "missing_rates", sel.params())
