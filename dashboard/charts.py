"""Pure chart functions: a DataFrame in, a Plotly figure out.

No Streamlit and no database here, so every chart can be tested with a small hand-made
frame. Every figure has a title, axis titles with units and hover details; colours come
from the Okabe-Ito palette (safe for the common forms of colour blindness), one colour
per member type on every page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from pipelines.palette import (
    MEMBER_TYPE_COLOURS,
    MEMBER_TYPE_LABELS,
    MODE_COLOURS,
    MODE_LABELS,
    OKABE_ITO,
    OTHER_COLOURS,
    STATUS_COLOURS,
    STATUS_ORDER,
)

__all__ = [
    "MEMBER_TYPE_COLOURS",
    "MEMBER_TYPE_LABELS",
    "MODE_COLOURS",
    "MODE_LABELS",
    "OKABE_ITO",
    "STATUS_COLOURS",
    "STATUS_ORDER",
    "bar_by_group",
    "chat_rate",
    "cost_by_category",
    "cost_by_month",
    "diverging_items",
    "equity_intervals",
    "group_colour",
    "group_label",
    "group_timeline",
    "load_results",
    "meeting_costs",
    "meeting_timeline",
    "mode_differences",
    "scale_scores",
    "share_scatter",
    "turn_acts",
    "uptake_by_month",
    "uptake_funnel",
    "uptake_matrix",
]

# The palette is shared with the printed report (pipelines/palette.py).
_OTHER_COLOURS = OTHER_COLOURS
_FONT = {"size": 14}


def group_label(group: object) -> str:
    """Plain label for a group value: member types by name, others as written."""
    if group is None or (isinstance(group, float) and pd.isna(group)):
        return "Not recorded"
    return MEMBER_TYPE_LABELS.get(str(group), str(group).replace("_", " ").capitalize())


def group_colour(group: object, others: Sequence[object] = ()) -> str:
    """The group's colour: fixed for member types, else by position among `others`."""
    if group in MEMBER_TYPE_COLOURS:
        return MEMBER_TYPE_COLOURS[str(group)]
    ordered = [g for g in others if g not in MEMBER_TYPE_COLOURS]
    index = ordered.index(group) if group in ordered else 0
    return _OTHER_COLOURS[index % len(_OTHER_COLOURS)]


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, **extra: object) -> go.Figure:
    fig.update_layout(
        title={"text": title},
        xaxis_title=x_title,
        yaxis_title=y_title,
        font=_FONT,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"t": 90, "l": 60, "r": 20, "b": 60},
        hoverlabel={"font_size": 14},
        **extra,
    )
    return fig


def _ordered_groups(values: pd.Series) -> list[object]:
    known = [g for g in MEMBER_TYPE_COLOURS if g in set(values)]
    rest = sorted({v for v in values if v not in MEMBER_TYPE_COLOURS}, key=str)
    return known + rest


_MAX_BANDS = 40  # more shaded bands than this is noise: shade by month, then by quarter
_PERIODS = (None, "M", "Q")  # each meeting, then the month's and the quarter's usual mode


def _mode_runs(frame: pd.DataFrame, period: str | None) -> pd.DataFrame:
    """Contiguous runs of one mode along the timeline: start, end, mode (one row per run).

    Without a period every meeting counts (a band reaches halfway to the neighbouring
    meetings); with one, each month or quarter takes its most frequent mode (ties: the
    first in MODE_COLOURS' order) and bands span whole periods."""
    if period is None:
        frame = frame.drop_duplicates("held_on")
        dates = frame["held_on"]
        half_gap = dates.diff().fillna(pd.Timedelta(days=14)) / 2
        spans = pd.DataFrame({
            "start": dates - half_gap,
            "end": dates + half_gap.shift(-1).fillna(pd.Timedelta(days=7)),
            "mode": frame["mode"].astype(str),
        })
    else:
        rank = {mode: index for index, mode in enumerate(MODE_COLOURS)}
        counted = (frame.assign(period=frame["held_on"].dt.to_period(period),
                                rank=frame["mode"].map(rank).fillna(len(rank)))
                   .groupby(["period", "mode", "rank"], as_index=False).size()
                   .sort_values(["period", "size", "rank"], ascending=[True, False, True])
                   .drop_duplicates("period"))
        spans = pd.DataFrame({
            "start": counted["period"].dt.start_time,
            "end": (counted["period"] + 1).dt.start_time,
            "mode": counted["mode"].astype(str),
        }).reset_index(drop=True)
    run = (spans["mode"] != spans["mode"].shift()).cumsum()
    return spans.groupby(run, sort=True).agg(start=("start", "first"), end=("end", "last"),
                                             mode=("mode", "first"))


def _shade_modes(fig: go.Figure, held_on: pd.Series, modes: pd.Series) -> None:
    """Shade contiguous periods held in one mode, so a move online is visible.

    Runs of same-mode meetings along the selection's timeline are merged into one band.
    When the modes alternate too often for that to read (several CoPs' meetings
    interleaved), each month (then each quarter) is shaded by its usual mode instead;
    beyond that no shading is drawn. All bands are set in one layout update: adding them
    one by one copies the shape list each time (quadratic in the number of bands).
    """
    frame = (
        pd.DataFrame({"held_on": pd.to_datetime(held_on), "mode": modes})
        .dropna()
        .sort_values("held_on", kind="stable")
        .reset_index(drop=True)
    )
    if frame.empty:
        return
    for period in _PERIODS:
        runs = _mode_runs(frame, period)
        if len(runs) <= _MAX_BANDS:
            break
    else:
        return
    bands = [
        {"type": "rect", "xref": "x", "yref": "y domain", "x0": row.start, "x1": row.end,
         "y0": 0, "y1": 1, "fillcolor": MODE_COLOURS.get(row.mode, OKABE_ITO["grey"]),
         "opacity": 0.15, "layer": "below", "line": {"width": 0}}
        for row in runs.itertuples(index=False)
    ]
    fig.update_layout(shapes=[*fig.layout.shapes, *bands])
    # An invisible trace per mode gives the shading a legend entry.
    fig.add_traces([
        go.Scatter(
            x=[None], y=[None], mode="markers", name=f"{MODE_LABELS.get(mode, mode)} meetings (shaded)",
            marker={"symbol": "square", "size": 14,
                    "color": MODE_COLOURS.get(mode, OKABE_ITO["grey"]), "opacity": 0.4},
            hoverinfo="skip",
        )
        for mode in dict.fromkeys(runs["mode"])
    ])


def equity_intervals(frame: pd.DataFrame, title: str, by_label: str = "Member type") -> go.Figure:
    """Pooled equity ratio per group with its 95% interval and a parity line at 1.

    frame: group, equity_ratio, ci_low, ci_high, meetings_n, too_few.
    """
    fig = go.Figure()
    groups = _ordered_groups(frame["group"])
    for group in groups:
        row = frame[frame["group"] == group].iloc[0]
        value = row["equity_ratio"]
        low, high = row["ci_low"], row["ci_high"]
        has_ci = pd.notna(low) and pd.notna(high) and pd.notna(value)
        fig.add_trace(go.Scatter(
            x=[value], y=[group_label(group)], mode="markers", name=group_label(group),
            marker={"size": 14, "color": group_colour(group, groups)},
            error_x={"type": "data", "symmetric": False,
                     "array": [high - value if has_ci else 0],
                     "arrayminus": [value - low if has_ci else 0], "thickness": 2, "width": 8},
            customdata=[[low, high, row["meetings_n"],
                         "too few meetings for an interval" if bool(row["too_few"]) else ""]],
            hovertemplate=(
                "<b>%{y}</b><br>Equity ratio %{x:.2f}<br>95% interval %{customdata[0]:.2f}"
                " to %{customdata[1]:.2f}<br>%{customdata[2]} meetings %{customdata[3]}<extra></extra>"
            ),
        ))
    fig.add_vline(x=1, line_dash="dash", line_color=OKABE_ITO["black"],
                  annotation_text="parity (1)", annotation_position="top")
    return _layout(fig, title, "Equity ratio (talk share ÷ attendee share; 1 = parity)", by_label,
                   showlegend=False)


def share_scatter(frame: pd.DataFrame, title: str) -> go.Figure:
    """Talk share against attendee share, one point per meeting and group.

    frame: meeting_id, held_on, group, talk_share, attendee_share, equity_ratio.
    """
    fig = go.Figure()
    groups = _ordered_groups(frame["group"])
    for group in groups:
        part = frame[frame["group"] == group]
        fig.add_trace(go.Scatter(
            x=part["attendee_share"], y=part["talk_share"], mode="markers",
            name=group_label(group), marker={"size": 11, "color": group_colour(group, groups)},
            customdata=part[["meeting_id", "held_on", "equity_ratio"]].astype(str).values,
            hovertemplate=(
                "<b>%{customdata[0]}</b> (%{customdata[1]})<br>Share of attendees %{x:.0%}"
                "<br>Share of talk %{y:.0%}<br>Equity ratio %{customdata[2]}<extra>"
                + group_label(group) + "</extra>"
            ),
        ))
    fig.add_trace(go.Scatter(
        x=[0, 1], y=[0, 1], mode="lines", name="Parity (talk share = attendee share)",
        line={"dash": "dash", "color": OKABE_ITO["black"]}, hoverinfo="skip",
    ))
    return _layout(fig, title, "Share of attendees (%)", "Share of talk (%)",
                   xaxis={"tickformat": ".0%", "range": [0, 1]},
                   yaxis={"tickformat": ".0%", "range": [0, 1]})


_MODE_SYMBOLS = {"in_person": "circle", "online": "diamond", "hybrid": "square"}
_COP_COLOURS = [OKABE_ITO[k] for k in ("black", "blue", "reddish_purple", "bluish_green", "vermillion")]
_MAX_COP_LINES = 8  # more CoPs than this: markers only, one trace per column


def meeting_timeline(
    frame: pd.DataFrame, columns: Mapping[str, str], title: str, y_title: str,
    *, percent: bool = True, parity: float | None = None,
) -> go.Figure:
    """One line per column over meeting dates, with the meetings' mode shaded.

    frame: meeting_id, held_on, mode, optionally cop_id, and the columns named in `columns`
    (column -> label). With several CoPs, each CoP gets its own line and the mode is shown
    by the marker's shape instead (shading would interleave the CoPs' modes); with more
    than `_MAX_COP_LINES` CoPs, lines would be a tangle, so each column is one set of
    markers (the CoP in the hover). Traces are built first and set at once.
    """
    ordered = frame.sort_values("held_on", kind="stable")
    fmt = ":.0%" if percent else ":.2f"
    cops = sorted(ordered["cop_id"].dropna().unique()) if "cop_id" in ordered else []
    several = len(cops) > 1
    many = len(cops) > _MAX_COP_LINES
    if several and not many:
        parts = [(cop, ordered[ordered["cop_id"] == cop]) for cop in cops]
    else:
        parts = [("", ordered)]
    traces = []
    for column, label in columns.items():
        for cop, part in parts:
            name = f"{label} ({cop})" if cop else label
            hover_cop = "%{customdata[2]}, " if many else ""
            traces.append(go.Scatter(
                x=part["held_on"], y=part[column], mode="markers" if many else "lines+markers",
                name=name,
                line={"color": _COP_COLOURS[len(traces) % len(_COP_COLOURS)], "width": 3},
                marker={"size": 6 if many else 9,
                        "color": _COP_COLOURS[len(traces) % len(_COP_COLOURS)],
                        "symbol": [_MODE_SYMBOLS.get(m, "circle") for m in part["mode"]]},
                customdata=part[["meeting_id", "mode", *(["cop_id"] if many else [])]]
                .astype(str).values,
                hovertemplate=(
                    "<b>%{customdata[0]}</b> (" + hover_cop + "%{x|%d %b %Y}, %{customdata[1]})<br>"
                    + label + " %{y" + fmt + "}<extra></extra>"
                ),
            ))
    fig = go.Figure(data=traces)
    if parity is not None:
        fig.add_hline(y=parity, line_dash="dash", line_color=OKABE_ITO["black"],
                      annotation_text=f"parity ({parity:g})")
    if not several:
        _shade_modes(fig, ordered["held_on"], ordered["mode"])
    yaxis = {"tickformat": ".0%"} if percent else {}
    return _layout(fig, title, "Meeting date", y_title, yaxis=yaxis)


def group_timeline(
    frame: pd.DataFrame, value: str, title: str, y_title: str, *, percent: bool = True,
    parity: float | None = None,
) -> go.Figure:
    """One line per group over meeting dates (e.g. attendance rate per member type).

    frame: meeting_id, held_on, mode, group and the `value` column.
    """
    ordered = frame.sort_values("held_on", kind="stable")
    groups = _ordered_groups(ordered["group"])
    fmt = ":.0%" if percent else ":.2f"
    traces = []
    for group in groups:
        part = ordered[ordered["group"] == group]
        traces.append(go.Scatter(
            x=part["held_on"], y=part[value], mode="lines+markers", name=group_label(group),
            line={"color": group_colour(group, groups), "width": 3}, marker={"size": 8},
            customdata=part[["meeting_id", "mode"]].astype(str).values,
            hovertemplate=(
                "<b>%{customdata[0]}</b> (%{x|%d %b %Y}, %{customdata[1]})<br>" + y_title
                + " %{y" + fmt + "}<extra>" + group_label(group) + "</extra>"
            ),
        ))
    fig = go.Figure(data=traces)
    if parity is not None:
        fig.add_hline(y=parity, line_dash="dash", line_color=OKABE_ITO["black"],
                      annotation_text=f"parity ({parity:g})")
    _shade_modes(fig, ordered["held_on"], ordered["mode"])
    return _layout(fig, title, "Meeting date", y_title,
                   yaxis={"tickformat": ".0%"} if percent else {})


def turn_acts(frame: pd.DataFrame, title: str) -> go.Figure:
    """Share of each member type's turns that are questions, challenges, ... (stacked).

    frame: member_type, act, turns_n, share.
    """
    fig = go.Figure()
    acts = sorted(frame["act"].dropna().unique(), key=str)
    colours = list(_OTHER_COLOURS)
    groups = _ordered_groups(frame["member_type"])
    for index, act in enumerate(acts):
        part = frame[frame["act"] == act].set_index("member_type").reindex(groups)
        fig.add_trace(go.Bar(
            y=[group_label(g) for g in groups], x=part["share"], name=str(act).capitalize(),
            orientation="h", marker_color=colours[index % len(colours)],
            customdata=part[["turns_n"]].values,
            hovertemplate="<b>%{y}</b><br>" + str(act).capitalize()
            + ": %{x:.0%} of turns (%{customdata[0]} turns)<extra></extra>",
        ))
    return _layout(fig, title, "Share of the group's voice turns (%)", "Member type",
                   barmode="stack", xaxis={"tickformat": ".0%"})


def bar_by_group(
    frame: pd.DataFrame, category: str, value: str, title: str, x_title: str, y_title: str,
    *, percent: bool = False, money: bool = False, group: str = "group",
) -> go.Figure:
    """Grouped bars: one bar per category and group (groups coloured as everywhere else)."""
    fig = go.Figure()
    groups = _ordered_groups(frame[group])
    fmt = ":.0%" if percent else (":,.2f" if money else ":,.2f")
    prefix = "£" if money else ""
    for name in groups:
        part = frame[frame[group] == name]
        fig.add_trace(go.Bar(
            x=part[category].astype(str), y=part[value], name=group_label(name),
            marker_color=group_colour(name, groups),
            hovertemplate="<b>%{x}</b><br>" + y_title + ": " + prefix + "%{y" + fmt + "}<extra>"
            + group_label(name) + "</extra>",
        ))
    yaxis = {"tickformat": ".0%"} if percent else ({"tickprefix": "£"} if money else {})
    return _layout(fig, title, x_title, y_title, barmode="group", yaxis=yaxis)


def chat_rate(frame: pd.DataFrame, title: str) -> go.Figure:
    """Chat messages per attendee, by mode and member type.

    frame: mode, member_type, chat_messages_n, attendees_n, chat_rate.
    """
    shown = frame.assign(
        group=frame["member_type"], mode_label=frame["mode"].map(MODE_LABELS).fillna(frame["mode"])
    )
    return bar_by_group(shown, "mode_label", "chat_rate", title, "Meeting mode",
                        "Chat messages per attendee")


def mode_differences(frame: pd.DataFrame, title: str, value_names: tuple[str, str],
                     x_title: str) -> go.Figure:
    """Difference between two conditions per metric, with its 95% interval and a zero line.

    frame: label, difference, ci_low, ci_high and the two value columns in `value_names`.
    """
    first, second = value_names
    ordered = frame.iloc[::-1]
    has_ci = ordered["ci_low"].notna() & ordered["ci_high"].notna()
    fig = go.Figure(go.Scatter(
        x=ordered["difference"], y=ordered["label"], mode="markers",
        marker={"size": 13, "color": OKABE_ITO["blue"]},
        error_x={"type": "data", "symmetric": False,
                 "array": (ordered["ci_high"] - ordered["difference"]).where(has_ci, 0),
                 "arrayminus": (ordered["difference"] - ordered["ci_low"]).where(has_ci, 0),
                 "thickness": 2, "width": 8},
        customdata=ordered[[first, second, "ci_low", "ci_high"]].astype(float).values,
        hovertemplate=(
            "<b>%{y}</b><br>Difference %{x:.3f}<br>95% interval %{customdata[2]:.3f} to "
            "%{customdata[3]:.3f}<br>" + first.replace("_", " ") + " %{customdata[0]:.3f}, "
            + second.replace("_", " ") + " %{customdata[1]:.3f}<extra></extra>"
        ),
    ))
    fig.add_vline(x=0, line_dash="dash", line_color=OKABE_ITO["black"],
                  annotation_text="no difference")
    return _layout(fig, title, x_title, "Metric", showlegend=False,
                   height=max(350, 60 + 38 * len(frame)))


def diverging_items(frame: pd.DataFrame, title: str, midpoint: float) -> go.Figure:
    """Diverging stacked bars: disagreement left of zero, agreement right, per item and type.

    frame: item_id, text, member_type, value, label, share (suppressed rows removed).
    The midpoint answer (if any) is split half each side.
    """
    fig = go.Figure()
    shown = frame.copy()
    shown["row"] = shown["item_id"].astype(str) + " · " + shown["member_type"].map(group_label)
    values = sorted(shown["value"].unique())
    below = [v for v in values if v < midpoint]
    colours_neg = [OKABE_ITO["vermillion"], OKABE_ITO["orange"], OKABE_ITO["yellow"]]
    colours_pos = [OKABE_ITO["sky_blue"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"]]
    rows = list(dict.fromkeys(shown.sort_values(["item_id", "member_type"])["row"]))[::-1]

    def add(value: int, share: pd.Series, colour: str, label: str, legend: bool) -> None:
        part = shown[shown["value"] == value].set_index("row").reindex(rows)
        fig.add_trace(go.Bar(
            y=rows, x=share.reindex(rows), orientation="h", name=label, marker_color=colour,
            showlegend=legend, legendrank=int(value),
            customdata=part[["share", "text"]].astype(str).values,
            hovertemplate="<b>%{y}</b><br>%{customdata[1]}<br>" + label
            + ": %{customdata[0]}<extra></extra>",
        ))

    def share_of(value: int, factor: float) -> pd.Series:
        return shown[shown["value"] == value].set_index("row")["share"].astype(float) * factor

    labels = shown.drop_duplicates("value").set_index("value")["label"].fillna("").to_dict()
    for index, value in enumerate(reversed(below)):  # nearest the middle first
        add(value, -share_of(value, 1), colours_neg[min(index, 2)], f"{value} {labels[value]}", True)
    if midpoint in values:
        add(midpoint, -share_of(midpoint, 0.5), OKABE_ITO["grey"], f"{midpoint:g} {labels[midpoint]}", True)
        add(midpoint, share_of(midpoint, 0.5), OKABE_ITO["grey"], "", False)
    for index, value in enumerate([v for v in values if v > midpoint]):
        add(value, share_of(value, 1), colours_pos[min(index, 2)], f"{value} {labels[value]}", True)
    fig.add_vline(x=0, line_color=OKABE_ITO["black"])
    return _layout(fig, title, "Share of respondents (%; left disagree, right agree)",
                   "Item · member type", barmode="relative", xaxis={"tickformat": ".0%"},
                   height=max(400, 80 + 26 * len(rows)))


def scale_scores(frame: pd.DataFrame, title: str, y_title: str) -> go.Figure:
    """Mean scale score per wave and group with 95% intervals (suppressed cells left out).

    frame: wave, group, mean, ci_low, ci_high, n.
    """
    fig = go.Figure()
    groups = _ordered_groups(frame["group"])
    for group in groups:
        part = frame[frame["group"] == group].sort_values("wave")
        fig.add_trace(go.Scatter(
            x=part["wave"].astype(str), y=part["mean"], mode="lines+markers",
            name=group_label(group), line={"color": group_colour(group, groups), "width": 3},
            error_y={"type": "data", "symmetric": False,
                     "array": (part["ci_high"] - part["mean"]).fillna(0),
                     "arrayminus": (part["mean"] - part["ci_low"]).fillna(0)},
            customdata=part[["n", "ci_low", "ci_high"]].astype(float).values,
            hovertemplate="<b>%{x}</b><br>Mean %{y:.2f} (95% interval %{customdata[1]:.2f} to "
            "%{customdata[2]:.2f})<br>%{customdata[0]:.0f} respondents<extra>"
            + group_label(group) + "</extra>",
        ))
    return _layout(fig, title, "Survey wave", y_title)


def cost_by_category(frame: pd.DataFrame, title: str) -> go.Figure:
    """Direct cost per category, largest first. frame: category, amount_gbp."""
    totals = (frame.groupby("category", as_index=False)["amount_gbp"].sum()
              .assign(amount_gbp=lambda f: f["amount_gbp"].astype(float))
              .sort_values("amount_gbp"))
    fig = go.Figure(go.Bar(
        x=totals["amount_gbp"], y=totals["category"].str.replace("_", " "), orientation="h",
        marker_color=OKABE_ITO["blue"],
        hovertemplate="<b>%{y}</b><br>£%{x:,.2f}<extra></extra>",
    ))
    return _layout(fig, title, "Direct cost (£)", "Category", showlegend=False,
                   xaxis={"tickprefix": "£"})


def cost_by_month(frame: pd.DataFrame, title: str) -> go.Figure:
    """Direct cost per month, stacked by category. frame: month, category, amount_gbp."""
    totals = frame.groupby(["month", "category"], as_index=False)["amount_gbp"].sum()
    fig = go.Figure()
    for index, category in enumerate(sorted(totals["category"].unique(), key=str)):
        part = totals[totals["category"] == category]
        fig.add_trace(go.Bar(
            x=part["month"], y=part["amount_gbp"].astype(float),
            name=str(category).replace("_", " "),
            marker_color=_OTHER_COLOURS[index % len(_OTHER_COLOURS)],
            hovertemplate="<b>%{x|%b %Y}</b><br>" + str(category).replace("_", " ")
            + ": £%{y:,.2f}<extra></extra>",
        ))
    return _layout(fig, title, "Month", "Direct cost (£)", barmode="stack",
                   yaxis={"tickprefix": "£"})


def meeting_costs(frame: pd.DataFrame, value: str, title: str, y_title: str) -> go.Figure:
    """One bar per meeting, coloured by mode. frame: meeting_id, held_on, mode, value."""
    fig = go.Figure()
    for mode in [m for m in MODE_COLOURS if m in set(frame["mode"])]:
        part = frame[frame["mode"] == mode].sort_values("held_on")
        fig.add_trace(go.Bar(
            x=part["held_on"], y=part[value].astype(float), name=MODE_LABELS[mode],
            marker_color=MODE_COLOURS[mode], customdata=part[["meeting_id"]].values,
            hovertemplate="<b>%{customdata[0]}</b> (%{x|%d %b %Y})<br>" + y_title
            + ": £%{y:,.2f}<extra>" + MODE_LABELS[mode] + "</extra>",
        ))
    return _layout(fig, title, "Meeting date", y_title, yaxis={"tickprefix": "£"})


def uptake_funnel(frame: pd.DataFrame, title: str) -> go.Figure:
    """Recommendation x site pairs that reached each stage. frame: stage, pairs_n."""
    fig = go.Figure(go.Funnel(
        y=frame["stage"].astype(str).str.replace("_", " "), x=frame["pairs_n"],
        marker={"color": [STATUS_COLOURS.get(s, OKABE_ITO["grey"]) for s in frame["stage"]]},
        textinfo="value+percent initial",
        hovertemplate="<b>%{y}</b><br>%{x} recommendation × site pairs<extra></extra>",
    ))
    return _layout(fig, title, "Recommendation × site pairs (count)", "Stage reached",
                   showlegend=False)


def uptake_by_month(frame: pd.DataFrame, title: str) -> go.Figure:
    """Pairs per current status by month (stacked). frame: month, status, pairs_n."""
    fig = go.Figure()
    for status in [s for s in STATUS_ORDER if s in set(frame["status"])]:
        part = frame[frame["status"] == status]
        fig.add_trace(go.Bar(
            x=part["month"], y=part["pairs_n"], name=status.replace("_", " "),
            marker_color=STATUS_COLOURS[status],
            hovertemplate="<b>%{x|%b %Y}</b><br>" + status.replace("_", " ")
            + ": %{y} pairs<extra></extra>",
        ))
    return _layout(fig, title, "Month", "Recommendation × site pairs (count)", barmode="stack")


def uptake_matrix(frame: pd.DataFrame, title: str) -> go.Figure:
    """Recommendation x site grid coloured by latest status.

    frame: recommendation_id, site, latest_status, latest_on.
    """
    recs = sorted(frame["recommendation_id"].astype(str).unique(),
                  key=lambda r: (len(r), r))
    sites = sorted(frame["site"].astype(str).unique())
    index = {s: i for i, s in enumerate(STATUS_ORDER)}
    grid = frame.assign(code=frame["latest_status"].map(index))
    z = grid.pivot_table(index="recommendation_id", columns="site", values="code",
                         aggfunc="max").reindex(index=recs, columns=sites)
    text = grid.pivot_table(index="recommendation_id", columns="site", values="latest_status",
                            aggfunc="last").reindex(index=recs, columns=sites).fillna("no record")
    n = len(STATUS_ORDER)
    scale = []
    for i, status in enumerate(STATUS_ORDER):
        scale += [[i / n, STATUS_COLOURS[status]], [(i + 1) / n, STATUS_COLOURS[status]]]
    fig = go.Figure(go.Heatmap(
        z=z.values, x=sites, y=recs, text=text.values, zmin=-0.5, zmax=n - 0.5,
        colorscale=scale, xgap=2, ygap=2, texttemplate="%{text}",
        colorbar={"tickvals": list(range(n)), "ticktext": [s.replace("_", " ") for s in STATUS_ORDER],
                  "title": {"text": "Latest status"}},
        hovertemplate="<b>%{y}</b> at %{x}<br>Latest status: %{text}<extra></extra>",
    ))
    return _layout(fig, title, "Site", "Recommendation", yaxis={"autorange": "reversed"},
                   height=max(400, 100 + 34 * len(recs)))


def load_results(frame: pd.DataFrame, title: str) -> go.Figure:
    """Rows loaded and quarantined per file of recent loads (stacked).

    frame: label, rows_loaded, rows_quarantined.
    """
    fig = go.Figure()
    for column, name, colour in (("rows_loaded", "Loaded", OKABE_ITO["bluish_green"]),
                                 ("rows_quarantined", "Quarantined", OKABE_ITO["vermillion"])):
        fig.add_trace(go.Bar(
            y=frame["label"], x=frame[column], name=name, orientation="h", marker_color=colour,
            hovertemplate="<b>%{y}</b><br>" + name + ": %{x} rows<extra></extra>",
        ))
    return _layout(fig, title, "Rows (count)", "File (load time)", barmode="stack",
                   height=max(350, 80 + 26 * len(frame)))
