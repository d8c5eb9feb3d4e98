"""Pure chart functions for a programme of many CoPs: a DataFrame in, a Plotly figure out.

`exclusion_bars` draws `pipelines.metrics.digital_exclusion`: per group, the share of
members who came to no online meeting and the share who came far less, stacked; a group
too small to show (suppressed) is named with no bar, and the chart says so.

`funnel_plot` draws one metric of `pipelines.metrics.cop_funnel` (one dot per CoP) over the
limit lines of `pipelines.metrics.funnel_curve`: the programme's figure (dashed), the 95%
limits (dotted) and the 99.8% limits (solid). CoPs outside the 95% limits are drawn as
orange diamonds, outside the 99.8% limits as vermillion squares labelled with their name
(up to MAX_FUNNEL_LABELS, beside the dot towards the middle of the plot, so that a name
stays whole at 390 px), so they stand out without a colour alone saying it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import OKABE_ITO, _layout, _note, group_label, wrap_label

__all__ = ["EXCLUSION_COLOURS", "FUNNEL_STYLES", "LABEL_WIDTH", "MAX_FUNNEL_LABELS",
           "exclusion_bars", "funnel_plot", "label_anchors"]

# signal -> (legend name, colour, symbol)
FUNNEL_STYLES = {
    "within": ("Inside the 95% limits", OKABE_ITO["grey"], "circle"),
    "outside_95": ("Outside the 95% limits", OKABE_ITO["orange"], "diamond"),
    "outside_998": ("Outside the 99.8% limits", OKABE_ITO["vermillion"], "square"),
}
MAX_FUNNEL_LABELS = 20  # more labelled CoPs than this crowd the chart; the table lists them all
LABEL_WIDTH = 18  # characters per line of a CoP's name beside its dot (room at 390 px)


def _band(signal: object) -> str | None:
    if not isinstance(signal, str):
        return None
    if signal.endswith("_998"):
        return "outside_998"
    if signal.endswith("_95"):
        return "outside_95"
    return "within"


def label_anchors(n: pd.Series, value: pd.Series, target: float | None,
                  span: tuple[float, float]) -> list[tuple[str, str]]:
    """(xanchor, yanchor) of each labelled CoP's name, so that it stays on the chart at
    390 px: towards the middle of the plot across (right of a dot in the left third of the
    log x `span`, left of one in the right third, centred between) and towards the
    programme's figure up and down (under a dot above it, over one below). A name centred
    over its dot ran out of the plot near an edge and was cut off."""
    low, high = (math.log10(v) for v in span)
    anchors = []
    for x, y in zip(n.astype(float), value.astype(float), strict=True):
        share = (math.log10(x) - low) / (high - low) if high > low and x > 0 else 0.5
        across = "left" if share < 1 / 3 else "right" if share > 2 / 3 else "center"
        up = "top" if target is not None and y > target else "bottom"
        anchors.append((across, up))
    return anchors


def _name_labels(fig: go.Figure, rows: pd.DataFrame, value: pd.Series, names: list[str],
                 target: float | None, span: tuple[float, float]) -> None:
    """Each CoP's name beside its dot, as an annotation on a white ground (limit lines
    crossing plain text made it hard to read), placed by label_anchors. A log axis takes
    an annotation's x as its log10."""
    shift = {"left": 7, "right": -7, "center": 0, "bottom": 8, "top": -8}
    for x, y, name, (across, up) in zip(rows["n"].astype(float), value, names,
                                         label_anchors(rows["n"], value, target, span),
                                         strict=True):
        fig.add_annotation(x=math.log10(x), y=y, xref="x", yref="y",
                           text=wrap_label(name, LABEL_WIDTH), showarrow=False,
                           xanchor=across, yanchor=up, xshift=shift[across], yshift=shift[up],
                           align={"left": "left", "right": "right"}.get(across, "center"),
                           bgcolor="rgba(255, 255, 255, 0.85)", font={"size": 12})


def _limit_lines(fig: go.Figure, curve: pd.DataFrame, percent: bool) -> None:
    scale = 100.0 if percent else 1.0
    fig.add_trace(go.Scatter(x=curve["n"], y=curve["target"] * scale, mode="lines",
                             name="Programme's figure", line={"color": OKABE_ITO["black"],
                                                              "dash": "dash", "width": 2},
                             hoverinfo="skip"))
    for level, dash, column in (("95%", "dot", "95"), ("99.8%", "solid", "998")):
        for side, show in (("low", True), ("high", False)):
            fig.add_trace(go.Scatter(
                x=curve["n"], y=curve[f"{side}_{column}"] * scale, mode="lines",
                name=f"{level} limits", legendgroup=level, showlegend=show,
                line={"color": OKABE_ITO["blue"], "dash": dash, "width": 1.5},
                hoverinfo="skip"))


def funnel_plot(cops: pd.DataFrame, curve: pd.DataFrame, title: str, x_title: str,
                y_title: str, *, percent: bool = False,
                names: Mapping[str, str] | None = None) -> go.Figure:
    """One dot per CoP (`cops`: one metric's rows of cop_funnel) against the amount of data
    behind it (x, log scale), over the limit lines of the same metric (`curve`)."""
    names = names or {}
    scale = 100.0 if percent else 1.0
    fig = go.Figure()
    if len(curve):
        _limit_lines(fig, curve, percent)
    shown = cops[cops["value"].notna()].assign(band=cops["signal"].map(_band))
    xs = [v for v in [*shown["n"].astype(float), *curve.get("n", pd.Series(dtype=float))] if v > 0]
    span = (min(xs), max(xs)) if xs else (1.0, 1.0)
    target = float(curve["target"].iloc[0]) * scale if len(curve) else None
    labelled = 0
    for band, (name, colour, symbol) in FUNNEL_STYLES.items():
        rows = shown[shown["band"] == band]
        if rows.empty:
            continue
        cop_names = [names.get(c, str(c)) for c in rows["cop_id"]]
        label = band == "outside_998" and labelled + len(rows) <= MAX_FUNNEL_LABELS
        labelled += len(rows) if label else 0
        value = rows["value"].astype(float) * scale
        if label:
            _name_labels(fig, rows, value, cop_names, target, span)
        fig.add_trace(go.Scatter(
            x=rows["n"].astype(float).tolist(), y=value.tolist(), mode="markers", name=name,
            marker={"color": colour, "symbol": symbol, "size": 11 if band != "within" else 8,
                    "line": {"color": OKABE_ITO["black"], "width": 1}},
            customdata=list(zip(cop_names, rows["meetings_n"], rows["talk_hours"], strict=True)),
            hovertemplate=("%{customdata[0]}<br>" + y_title + ": %{y:.2f}<br>" + x_title
                           + ": %{x:,.0f}<br>%{customdata[1]} observed meetings, "
                           "%{customdata[2]:.1f} hours of talk<extra></extra>")))
    outside = shown[shown["band"] == "outside_998"]
    if len(outside) > MAX_FUNNEL_LABELS:
        _note(fig, f"{len(outside)} CoPs are outside the 99.8% limits: too many to label; "
              "the table lists them.")
    _layout(fig, title, x_title, y_title)
    fig.update_xaxes(type="log")
    if percent:
        fig.update_yaxes(ticksuffix="%")
    return fig


# part of a bar -> (column of digital_exclusion, legend name, colour); not the member-type
# colours, since the bars can be of member types
EXCLUSION_COLOURS = {
    "no_online": ("no_online_n", "Came to no online meeting", OKABE_ITO["reddish_purple"]),
    "far_fewer": ("far_fewer_n", "Came far less online", OKABE_ITO["orange"]),
}


def exclusion_bars(frame: pd.DataFrame, title: str, group_title: str) -> go.Figure:
    """Horizontal stacked bars, one per group (then all members), of the shares of members
    looked at who came to no online meeting and who came far less (% of members_n)."""
    rows = frame.reset_index(drop=True)
    labels = ["All members" if g == "all" else group_label(g) for g in rows["group"]]
    suppressed = rows["suppressed"].fillna(False).astype(bool)
    labels = [f"{name} (hidden)" if hidden else name for name, hidden in zip(
        labels, suppressed, strict=True)]
    members = rows["members_n"].astype(float)
    fig = go.Figure()
    for column, name, colour in EXCLUSION_COLOURS.values():
        share = (rows[column].astype(float) / members * 100).where(~suppressed)
        fig.add_trace(go.Bar(
            y=labels, x=share.tolist(), orientation="h", name=name, marker_color=colour,
            customdata=members.tolist(),
            hovertemplate="%{y}: %{x:.0f}% of %{customdata:.0f} members<extra>" + name
                          + "</extra>"))
    hidden = [name for name, flag in zip(labels, suppressed, strict=True) if flag]
    if hidden:
        _note(fig, f"Groups marked hidden have too few members to show ({', '.join(hidden)}).")
    _layout(fig, title, "Members looked at (%)", group_title, barmode="stack")
    fig.update_layout(legend_traceorder="normal")  # the parts in the order they are stacked
    fig.update_xaxes(range=[0, 100], ticksuffix="%")
    fig.update_yaxes(autorange="reversed")
    return fig
