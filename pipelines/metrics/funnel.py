"""Many CoPs side by side: funnel plots (Spiegelhalter 2005) of each CoP's pooled lay equity
ratio and voice coverage against the amount of observed talk behind it.

Each CoP's figure is compared with the programme's (the same ratio of sums over every
selected CoP) with 95% and 99.8% control limits that narrow as the amount of data grows,
so a small CoP is not flagged for noise. One SQL aggregate gives every CoP's sums
(`cop_funnel.sql`); the limits are numpy arrays over all CoPs at once, so 1,000 CoPs cost
what 10 do.

Variance under the null hypothesis that a CoP is like the programme (docs/metrics.md,
"Funnel plots"; docs/decisions.md, issue 16):
- Voice coverage c = voiced attendances / attendances, a binomial proportion over the
  CoP's n attendances (attendee x observed meeting): Var(c) = c0 (1 - c0) / n.
- Lay equity ratio ER = s / p (s the lay share of talk, p the lay share of attendees). The
  talk share is treated as a proportion over the CoP's n voice turns with expectation
  s0 = ER0 * p0 (p0 the programme's lay share of attendees), so
  Var(ER) = ER0 (1 - ER0 p0) / (n p0): the limits depend on n alone, as a funnel needs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.metrics._sql import query
from pipelines.metrics.selection import Selection

__all__ = ["FUNNEL_METRICS", "Z_95", "Z_998", "cop_funnel", "funnel_curve", "funnel_limits"]

Z_95 = 1.959963984540054   # two-sided 95%
Z_998 = 3.090232306167813  # two-sided 99.8%
FUNNEL_METRICS: tuple[str, ...] = ("lay_equity_ratio", "voice_coverage")
# the amount of data behind each metric (the funnel's x axis)
PRECISION_UNITS = {"lay_equity_ratio": "voice turns", "voice_coverage": "attendances"}
COLUMNS = ["metric", "cop_id", "value", "n", "n_unit", "talk_hours", "meetings_n", "target",
           "low_95", "high_95", "low_998", "high_998", "signal", "note"]
ONE_COP = ("The funnel compares CoPs with one another: only one CoP in the selection has "
           "observed meetings, so there is nothing to compare it with.")


def funnel_limits(target: float, spread: float, n, z: float,
                  bounds: tuple[float, float | None] = (0.0, None)) -> tuple[np.ndarray, np.ndarray]:
    """Control limits target -/+ z * sqrt(spread / n), clipped to `bounds` (arrays of n)."""
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = z * np.sqrt(max(spread, 0.0) / n)
    half = np.where(n > 0, half, np.nan)
    low, high = target - half, target + half
    lower, upper = bounds
    low = np.maximum(low, lower)
    if upper is not None:
        high = np.minimum(high, upper)
    return low, high


def _signal(value: np.ndarray, low95, high95, low998, high998) -> np.ndarray:
    signal = np.full(len(value), None, dtype=object)
    known = ~np.isnan(value) & ~np.isnan(low95)
    signal[known] = "within"
    signal[known & (value > high95)] = "above_95"
    signal[known & (value < low95)] = "below_95"
    signal[known & (value > high998)] = "above_998"
    signal[known & (value < low998)] = "below_998"
    return signal


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom > 0, top / bottom, np.nan)


def _metric_frames(sums: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, float, float, tuple]]:
    """Per metric: (rows with value and n, target, spread, bounds)."""
    col = {name: sums[name].to_numpy(float) for name in (
        "lay_talk_s", "talk_s", "lay_attendees_n", "attendees_n", "turns_n", "voiced_n")}
    talk_share = _ratio(col["lay_talk_s"], col["talk_s"])
    equity = _ratio(talk_share, _ratio(col["lay_attendees_n"], col["attendees_n"]))
    equity = np.where(col["lay_attendees_n"] > 0, equity, np.nan)
    total = {name: float(np.nansum(values)) for name, values in col.items()}
    p0 = total["lay_attendees_n"] / total["attendees_n"] if total["attendees_n"] else np.nan
    er0 = ((total["lay_talk_s"] / total["talk_s"]) / p0
           if total["talk_s"] and p0 and p0 > 0 else np.nan)
    c0 = total["voiced_n"] / total["attendees_n"] if total["attendees_n"] else np.nan
    equity_spread = er0 * (1 - er0 * p0) / p0 if np.isfinite(er0) else np.nan
    return {
        "lay_equity_ratio": (pd.DataFrame({"value": equity, "n": col["turns_n"]}), er0,
                             equity_spread, (0.0, None)),
        "voice_coverage": (pd.DataFrame({"value": _ratio(col["voiced_n"], col["attendees_n"]),
                                         "n": col["attendees_n"]}), c0, c0 * (1 - c0),
                           (0.0, 1.0)),
    }


def cop_funnel(con, sel: Selection) -> pd.DataFrame:
    """One row per metric (lay_equity_ratio, voice_coverage) and CoP with observed meetings:
    metric, cop_id, value (the CoP's pooled figure), n (voice turns for the equity ratio,
    attendances for voice coverage), n_unit, talk_hours, meetings_n, target (the
    programme's figure), low_95, high_95, low_998, high_998 (the limits at the CoP's n),
    signal (within, above_95, below_95, above_998, below_998; None without a value), note
    (plain words where there is no figure or no comparison)."""
    sums = query(con, "cop_funnel", sel.params())
    if sums.empty:
        return pd.DataFrame(columns=COLUMNS)
    parts = []
    one_cop = len(sums) < 2
    for metric, (rows, target, spread, bounds) in _metric_frames(sums).items():
        n = rows["n"].to_numpy(float)
        value = rows["value"].to_numpy(float)
        if one_cop or not np.isfinite(target):
            low95 = high95 = low998 = high998 = np.full(len(rows), np.nan)
        else:
            low95, high95 = funnel_limits(target, spread, n, Z_95, bounds)
            low998, high998 = funnel_limits(target, spread, n, Z_998, bounds)
        note = np.full(len(rows), ONE_COP if one_cop else None, dtype=object)
        if metric == "lay_equity_ratio":
            note[np.isnan(value)] = ("No lay member attended this CoP's observed meetings, so "
                                     "it has no lay equity ratio.")
        parts.append(pd.DataFrame({
            "metric": metric, "cop_id": sums["cop_id"].to_numpy(), "value": value, "n": n,
            "n_unit": PRECISION_UNITS[metric],
            "talk_hours": sums["talk_s"].to_numpy(float) / 3600.0,
            "meetings_n": sums["meetings_n"].to_numpy(int),
            "target": target if not one_cop else np.nan,
            "low_95": low95, "high_95": high95, "low_998": low998, "high_998": high998,
            "signal": _signal(value, low95, high95, low998, high998), "note": note,
        }))
    return pd.concat(parts, ignore_index=True)[COLUMNS]


def funnel_curve(con, sel: Selection, points: int = 80) -> pd.DataFrame:
    """The funnel's limit lines: per metric, `points` values of n from below the smallest
    CoP's to above the largest (log-spaced), with target, low_95, high_95, low_998,
    high_998 (the same limits `cop_funnel` gives each CoP). Empty with fewer than two CoPs."""
    columns = ["metric", "n", "target", "low_95", "high_95", "low_998", "high_998"]
    sums = query(con, "cop_funnel", sel.params())
    if len(sums) < 2:
        return pd.DataFrame(columns=columns)
    parts = []
    for metric, (rows, target, spread, bounds) in _metric_frames(sums).items():
        n = rows["n"].to_numpy(float)
        n = n[n > 0]
        if not len(n) or not np.isfinite(target):
            continue
        grid = np.geomspace(max(n.min() / 2, 1.0), n.max() * 1.5, points)
        low95, high95 = funnel_limits(target, spread, grid, Z_95, bounds)
        low998, high998 = funnel_limits(target, spread, grid, Z_998, bounds)
        parts.append(pd.DataFrame({"metric": metric, "n": grid, "target": target,
                                   "low_95": low95, "high_95": high95,
                                   "low_998": low998, "high_998": high998}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
