"""Headline figures per CoP: what `copdash metrics` prints and the Overview page shows."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd

from pipelines.metrics.catalogue import communities
from pipelines.metrics.cost import cost_summary
from pipelines.metrics.participation import (
    meeting_averages,
    meeting_summary,
    mode_comparison,
    pooled_equity,
)
from pipelines.metrics.selection import MEMBER_TYPES, STAGES, Selection
from pipelines.metrics.uptake import uptake_funnel

__all__ = ["headline"]


def _one_cop(con, sel: Selection, cop_id: str) -> dict[str, object]:
    cop_sel = dataclasses.replace(sel, cop_ids=(cop_id,))
    summary = meeting_summary(con, cop_sel)
    row: dict[str, object] = {
        "cop_id": cop_id,
        "meetings_n": len(summary),
        "observed_meetings_n": int(summary["is_observed"].astype(bool).sum()),
    }
    averages = meeting_averages(con, cop_sel).set_index("metric")
    for metric in ("attendance_rate", "voice_coverage", "gini_talk"):
        row[metric] = averages.loc[metric, "value"]
        row[f"{metric}_ci_low"] = averages.loc[metric, "ci_low"]
        row[f"{metric}_ci_high"] = averages.loc[metric, "ci_high"]
    equity = pooled_equity(con, cop_sel).set_index("group")
    for group in MEMBER_TYPES:
        found = group in equity.index
        row[f"equity_ratio_{group}"] = equity.loc[group, "equity_ratio"] if found else math.nan
        row[f"equity_ci_low_{group}"] = equity.loc[group, "ci_low"] if found else math.nan
        row[f"equity_ci_high_{group}"] = equity.loc[group, "ci_high"] if found else math.nan
    row["equity_meetings_n"] = int(equity["meetings_n"].max()) if len(equity) else 0
    row["equity_too_few"] = bool(equity["too_few"].any()) if len(equity) else True
    modes = mode_comparison(con, cop_sel)
    lay = modes[(modes["metric"] == "equity_ratio") & (modes["group"] == "lay")].iloc[0]
    row.update({
        "lay_equity_in_person": lay["in_person"],
        "lay_equity_online": lay["online"],
        "lay_equity_online_minus_in_person": lay["difference"],
        "lay_equity_difference_ci_low": lay["ci_low"],
        "lay_equity_difference_ci_high": lay["ci_high"],
        "in_person_meetings_n": int(lay["in_person_n"]),
        "online_meetings_n": int(lay["online_n"]),
        "mode_warning": lay["warning"],
    })
    cost = cost_summary(con, cop_sel)
    for column in ("direct_cost_gbp", "overhead_cost_gbp", "time_cost_gbp", "full_cost_gbp",
                   "attendee_hours", "cost_per_attendee_hour_gbp", "implemented_n",
                   "cost_per_implemented_gbp"):
        row[column] = cost[column].iloc[0] if len(cost) else math.nan
    funnel = uptake_funnel(con, cop_sel).set_index("stage")["pairs_n"]
    for stage in STAGES:
        row[f"funnel_{stage}_n"] = int(funnel.get(stage, 0))
    return row


def headline(con, sel: Selection) -> pd.DataFrame:
    """One row per selected CoP (every CoP when none is chosen)."""
    cops = list(sel.cop_ids) or communities(con)["cop_id"].tolist()
    return pd.DataFrame([_one_cop(con, sel, cop_id) for cop_id in cops])
