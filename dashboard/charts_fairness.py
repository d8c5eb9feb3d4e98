"""The fair online-versus-in-person comparison: raw, within-member and adjusted differences
side by side (pure DataFrame -> Plotly figure)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import OKABE_ITO, _layout, wrap_label

__all__ = ["COMPARISON_LABELS", "fair_comparison"]

COMPARISON_LABELS = {
    "raw": "Raw: all online v all in-person meetings",
    "within_member": "Within-member: the same people in each mode",
    "adjusted": "Adjusted: same CoP, meeting type, size and time",
}


def fair_comparison(frame: pd.DataFrame, title: str, x_title: str) -> go.Figure:
    """One dot per comparison (online - in person) with its 95% interval as a bar, and a
    dashed line at no difference, labelled above the plot; a comparison that could not be
    worked out is left out.

    frame: comparison, difference, ci_low, ci_high, n, n_unit (mode_fairness.fair_comparison)."""
    shown = frame[frame["difference"].notna()].iloc[::-1]
    has_ci = shown["ci_low"].notna() & shown["ci_high"].notna()
    labels = [wrap_label(f"{COMPARISON_LABELS.get(c, c)} (n = {n} {unit})", 26)
              for c, n, unit in zip(shown["comparison"], shown["n"], shown["n_unit"],
                                    strict=True)]
    fig = go.Figure(go.Scatter(
        x=shown["difference"], y=labels, mode="markers",
        marker={"size": 13, "color": OKABE_ITO["blue"]},
        error_x={"type": "data", "symmetric": False,
                 "array": (shown["ci_high"] - shown["difference"]).where(has_ci, 0),
                 "arrayminus": (shown["difference"] - shown["ci_low"]).where(has_ci, 0),
                 "thickness": 2, "width": 8},
        customdata=shown[["ci_low", "ci_high"]].astype(float).values,
        hovertemplate=("<b>%{y}</b><br>Online − in person %{x:.2f}<br>95% interval "
                       "%{customdata[0]:.2f} to %{customdata[1]:.2f}<extra></extra>"),
    ))
    # The line's label sits above the plot area, in the top margin: inside it (Plotly's
    # annotation_position) it covered the top row's dot or bar at 390 px. It leans away
    # from the nearer edge so that it is never cut off.
    fig.add_vline(x=0, line_dash="dash", line_color=OKABE_ITO["black"])
    fig.add_annotation(x=0, xref="x", y=1, yref="paper", yanchor="bottom", yshift=2,
                       xanchor=_label_anchor(shown), text="no difference", showarrow=False)
    return _layout(fig, title, x_title, "Comparison", showlegend=False,
                   height=max(320, 80 + 70 * len(shown)), yaxis={"automargin": True})


def _label_anchor(shown: pd.DataFrame) -> str:
    """xanchor of the "no difference" label: where 0 falls in the x range the dots and bars
    span (0 included), the label to the line's right in the left third, to its left in the
    right third, centred between."""
    values = pd.concat([shown["difference"], shown["ci_low"], shown["ci_high"]]).dropna()
    low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
    share = -low / (high - low) if high > low else 0.5
    return "left" if share < 1 / 3 else "right" if share > 2 / 3 else "center"
