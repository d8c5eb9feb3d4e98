"""Pure chart functions: a DataFrame in, a Plotly figure out.

No Streamlit and no database here, so every chart can be tested with a small hand-made
frame. Every figure has a title, axis titles with units and hover details; colours come
from the Okabe-Ito palette (safe for the common forms of colour blindness), one colour
per member type on every page, and within a chart a colour means one thing.

Charts over meeting dates are small multiples: one panel per CoP on shared axes, each
shaded by its own meetings' mode, so several CoPs never share one tangled line.
`drawn_notes(fig)` reads back from a figure what it draws (panels, bands, hollow markers),
which the dashboard adds to the chart's "how to read this".
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

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
    "ACT_COLOURS",
    "ACT_ORDER",
    "CATEGORY_COLOURS",
    "MAX_PANELS",
    "MEETING_TYPE_NOUNS",
    "MEETING_TYPE_SYMBOLS",
    "MEMBER_TYPE_COLOURS",
    "MEMBER_TYPE_LABELS",
    "MODE_COLOURS",
    "MODE_LABELS",
    "OKABE_ITO",
    "STATUS_COLOURS",
    "STATUS_ORDER",
    "bar_by_group",
    "by_mode",
    "chat_rate",
    "cost_by_category",
    "cost_by_month",
    "diverging_items",
    "drawn_notes",
    "equity_intervals",
    "group_colour",
    "group_label",
    "group_timeline",
    "item_label",
    "load_results",
    "meeting_costs",
    "meeting_timeline",
    "mode_differences",
    "plain",
    "scale_scores",
    "share_grid",
    "share_scatter",
    "turn_acts",
    "uptake_by_month",
    "uptake_funnel",
    "uptake_matrix",
    "wrap_label",
]

# The palette is shared with the printed report (pipelines/palette.py).
_OTHER_COLOURS = OTHER_COLOURS
_FONT = {"size": 14}

# Ten cost categories need ten colours: the eight Okabe-Ito hues, grey, and a light grey
# with hatching (so that no colour stands for two categories on the cost charts).
CATEGORY_COLOURS = {
    "facilitation": OKABE_ITO["blue"],
    "administration": OKABE_ITO["sky_blue"],
    "lay_payment": OKABE_ITO["vermillion"],
    "venue": OKABE_ITO["orange"],
    "catering": OKABE_ITO["yellow"],
    "travel": OKABE_ITO["reddish_purple"],
    "digital": OKABE_ITO["bluish_green"],
    "materials": OKABE_ITO["grey"],
    "evaluation": OKABE_ITO["black"],
    "other": "#DDDDDD",
}
# Coded kinds of turn, in the order a reader compares them (questions and challenges first).
ACT_ORDER = ["question", "challenge", "idea", "statement", "agreement", "other", "not_coded"]
ACT_COLOURS = dict(zip(ACT_ORDER, [OKABE_ITO[k] for k in (
    "vermillion", "blue", "bluish_green", "sky_blue", "orange", "reddish_purple", "grey")],
    strict=True))
# Meetings of a type a chart is not about are drawn hollow, one shape per type, never
# joined to the line of the meetings it is about.
MEETING_TYPE_NOUNS = {"cop": "CoP meeting", "planning": "planning meeting",
                       "steering_group": "steering group", "preparation": "preparation session",
                       "other": "other meeting"}
MEETING_TYPE_SYMBOLS = {"cop": "circle", "planning": "square-open",
                        "steering_group": "diamond-open", "preparation": "triangle-up-open",
                        "other": "star-open"}
MAX_PANELS = 6  # CoPs drawn one panel each; more than this, the page asks which to draw
PANEL_HEIGHT = 230  # pixels per CoP panel


def group_label(group: object) -> str:
    """Plain label for a group value: member types by name, others as written."""
    if group is None or (isinstance(group, float) and pd.isna(group)):
        return "Not recorded"
    return MEMBER_TYPE_LABELS.get(str(group), str(group).replace("_", " ").capitalize())


def wrap_label(text: object, width: int = 22) -> str:
    """A category label broken into lines of about `width` characters (Plotly's `<br>`),
    so that labels beside a horizontal chart leave it room at phone width."""
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def plain(value: object) -> str:
    """A machine value in words: `in_progress` -> `In progress`, `lay_payment` -> `Lay payment`."""
    return str(value).replace("_", " ").capitalize()


def group_colour(group: object, others: Sequence[object] = ()) -> str:
    """The group's colour: fixed for member types, else by position among `others`."""
    if group in MEMBER_TYPE_COLOURS:
        return MEMBER_TYPE_COLOURS[str(group)]
    ordered = [g for g in others if g not in MEMBER_TYPE_COLOURS]
    index = ordered.index(group) if group in ordered else 0
    return _OTHER_COLOURS[index % len(_OTHER_COLOURS)]


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, **extra: object) -> go.Figure:
    """Title, axis titles, fonts and a legend above the plot area.

    The dashboard draws the title above the chart as wrapping text (ui.chart), so it can
    never be cut off at phone width nor overlapped by the legend; the title stays in the
    figure for downloads and tests. The legend sits at the top of the figure, above the
    plot, left-aligned, and Plotly moves the plot down by however many rows it wraps into."""
    fig.update_layout(
        title={"text": title},
        xaxis_title=x_title,
        yaxis_title=y_title,
        font=_FONT,
        legend={"orientation": "h", "yref": "container", "yanchor": "top", "y": 1, "x": 0,
                "xanchor": "left", "title": {"text": ""}},
        margin={"t": 40, "l": 60, "r": 20, "b": 60},
        hoverlabel={"font_size": 14},
        **extra,
    )
    return fig


def _note(fig: go.Figure, text: str) -> None:
    """Something the chart means to say about what it left out (read by drawn_notes)."""
    meta = dict(fig.layout.meta or {})
    meta["notes"] = [*meta.get("notes", []), text]
    fig.update_layout(meta=meta)


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


def _axis_ref(panel: int) -> str:
    return "" if panel <= 1 else str(panel)


def _mode_bands(held_on: pd.Series, modes: pd.Series, panel: int = 1) -> tuple[list[dict], list[str]]:
    """Shaded bands for contiguous periods held in one mode, so a move online is visible,
    and the modes they show.

    Runs of same-mode meetings along the panel's timeline are merged into one band. When
    the modes alternate too often for that to read, each month (then each quarter) is
    shaded by its usual mode instead; beyond that no band is drawn (and none returned)."""
    frame = (
        pd.DataFrame({"held_on": pd.to_datetime(held_on), "mode": modes})
        .dropna()
        .sort_values("held_on", kind="stable")
        .reset_index(drop=True)
    )
    if frame.empty:
        return [], []
    for period in _PERIODS:
        runs = _mode_runs(frame, period)
        if len(runs) <= _MAX_BANDS:
            break
    else:
        return [], []
    axis = _axis_ref(panel)
    bands = [
        {"type": "rect", "xref": f"x{axis}", "yref": f"y{axis} domain", "x0": row.start,
         "x1": row.end, "y0": 0, "y1": 1,
         "fillcolor": MODE_COLOURS.get(row.mode, OKABE_ITO["grey"]),
         "opacity": 0.15, "layer": "below", "line": {"width": 0}, "name": f"mode:{row.mode}"}
        for row in runs.itertuples(index=False)
    ]
    return bands, list(dict.fromkeys(runs["mode"]))


def _shade(fig: go.Figure, bands: list[dict], modes: list[str], wanted: bool) -> None:
    """Add the bands (in one layout update: adding them one by one copies the shape list
    each time, quadratic in the number of bands) and a legend entry per mode shaded."""
    if not bands:
        if wanted:
            _note(fig, "Meetings' modes change too often to shade here; hover over a point "
                       "to see its mode.")
        return
    fig.update_layout(shapes=[*fig.layout.shapes, *bands])
    fig.add_traces([
        go.Scatter(
            x=[None], y=[None], mode="markers", name=f"{MODE_LABELS.get(mode, mode)} (shaded)",
            marker={"symbol": "square", "size": 14,
                    "color": MODE_COLOURS.get(mode, OKABE_ITO["grey"]), "opacity": 0.4},
            hoverinfo="skip", legendgroup=f"mode:{mode}",
        )
        for mode in modes
    ])


def _shade_modes(fig: go.Figure, held_on: pd.Series, modes: pd.Series) -> None:
    """Shade a one-panel timeline by the meetings' mode (see `_mode_bands`)."""
    bands, shown = _mode_bands(held_on, modes)
    _shade(fig, bands, shown, wanted=True)


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
            x=[value], y=[wrap_label(group_label(group))], mode="markers", name=group_label(group),
            marker={"size": 14, "color": group_colour(group, groups)},
            error_x={"type": "data", "symmetric": False,
                     "array": [high - value if has_ci else 0],
                     "arrayminus": [value - low if has_ci else 0], "thickness": 2, "width": 8,
                     "visible": bool(has_ci)},
            customdata=[[low, high, row["meetings_n"],
                         "too few meetings for an interval" if bool(row["too_few"]) else ""]],
            hovertemplate=(
                "<b>%{y}</b><br>Equity ratio %{x:.2f}<br>95% interval %{customdata[0]:.2f}"
                " to %{customdata[1]:.2f}<br>%{customdata[2]} meetings %{customdata[3]}<extra></extra>"
            ),
        ))
    fig.add_vline(x=1, line_dash="dash", line_color=OKABE_ITO["black"],
                  annotation_text="parity (1)", annotation_position="top")
    return _layout(fig, title, "Equity ratio (1 = parity)", by_label, showlegend=False,
                   yaxis={"automargin": True})


def _type_label(meeting_type: object) -> str:
    return MEETING_TYPE_NOUNS.get(str(meeting_type), plain(meeting_type))


def _focus(frame: pd.DataFrame, focus_types: Sequence[str]) -> pd.Series:
    """True for rows of the meetings a chart is about (every row when it has no types)."""
    if "meeting_type" not in frame or not focus_types:
        return pd.Series(True, index=frame.index)
    return frame["meeting_type"].isin(list(focus_types))


# More observed meetings than this and the Participation page counts meetings in squares
# (share_grid) instead of a dot per meeting and group (share_scatter): past a few
# thousand dots they hide one another, and 100,000s take a browser seconds to draw.
MAX_SCATTER_MEETINGS = 1_500


def share_grid(frame: pd.DataFrame, title: str, step: float = 0.05) -> go.Figure:
    """The share scatter of a large selection: per group, one panel (all on the same
    scales and colours) counting meetings in squares of share of attendees (across) by
    share of talk (up), `step` wide, with the dashed line of parity.

    frame: meeting_share_grid's rows (group, attendee_share_from, talk_share_from,
    meetings_n)."""
    groups = _ordered_groups(frame["group"]) or [""]
    n = len(groups)
    squares = int(round(1 / step))
    edges = [round(i * step, 6) for i in range(squares)]
    fig = make_subplots(rows=n, cols=1, shared_xaxes=True,
                        vertical_spacing=min(0.3 / n, 45 / (PANEL_HEIGHT * n)))
    highest = int(frame["meetings_n"].max()) if len(frame) else 1
    for index, group in enumerate(groups, start=1):
        mine = frame[frame["group"] == group]
        counts = (mine.pivot_table(index="talk_share_from", columns="attendee_share_from",
                                   values="meetings_n", aggfunc="sum")
                  .reindex(index=edges, columns=edges))
        words = [[f"{x:.0%} to {x + step:.0%}" for x in edges] for _ in edges]
        talk = [[f"{y:.0%} to {y + step:.0%}" for _ in edges] for y in edges]
        label = group_label(group)
        fig.add_trace(go.Heatmap(
            z=counts.to_numpy(float), x=[e + step / 2 for e in edges],
            y=[e + step / 2 for e in edges], coloraxis="coloraxis", xgap=1, ygap=1,
            name=label, customdata=np.dstack([words, talk]),
            hovertemplate=(f"<b>{label}</b><br>Share of attendees %{{customdata[0]}}<br>Share "
                           "of talk %{customdata[1]}<br>Meetings: %{z}<extra></extra>"),
        ), row=index, col=1)
        fig.add_trace(go.Scatter(
            x=[0, 1], y=[0, 1], mode="lines", name="Parity (talk share = attendee share)",
            line={"dash": "dash", "color": OKABE_ITO["black"]}, hoverinfo="skip",
            showlegend=index == 1, legendgroup="parity"), row=index, col=1)
        fig.update_yaxes(range=[0, 1], tickformat=".0%", row=index, col=1,
                         title_text="Share of talk (%)" if index == (n + 1) // 2 else None)
    if n > 1:  # each group's name inside its panel, top left
        fig.update_layout(annotations=[
            {"text": group_label(g), "showarrow": False, "xref": f"x{_axis_ref(i)} domain",
             "x": 0.005, "xanchor": "left", "yref": f"y{_axis_ref(i)} domain", "y": 0.99,
             "yanchor": "top", "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 13},
             "name": "panel"} for i, g in enumerate(groups, start=1)])
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    _layout(fig, title, "", "", height=max(400, 80 + PANEL_HEIGHT * n),
            coloraxis={"colorscale": "Blues", "cmin": 0, "cmax": highest,
                       "colorbar": {"title": {"text": "Meetings"}, "thickness": 14}},
            meta={"panels": "group"})
    fig.update_xaxes(title_text="Share of attendees (%)", row=n, col=1)
    _note(fig, f"Each square is {step:.0%} of attendees wide and {step:.0%} of talk high; "
               "the darker it is, the more meetings fall in it (blank: none).")
    return fig


def share_scatter(frame: pd.DataFrame, title: str, *,
                  focus_types: Sequence[str] = ("cop",)) -> go.Figure:
    """Talk share against attendee share, one point per meeting and group.

    frame: meeting_id, held_on, group, talk_share, attendee_share, equity_ratio; optionally
    meeting_type (meetings of types other than `focus_types` are drawn hollow, one shape
    per type) and cop_id (named in the hover).
    """
    fig = go.Figure()
    groups = _ordered_groups(frame["group"])
    focus = _focus(frame, focus_types)
    cop = frame["cop_id"].astype(str) if "cop_id" in frame else pd.Series("", index=frame.index)
    for group in groups:
        mine = frame["group"] == group
        types = [None] + sorted(set(frame.loc[mine & ~focus, "meeting_type"]), key=str) \
            if "meeting_type" in frame else [None]
        for meeting_type in types:
            rows = mine & (focus if meeting_type is None else frame["meeting_type"] == meeting_type)
            part = frame[rows]
            if part.empty:
                continue
            name = group_label(group) if meeting_type is None \
                else f"{group_label(group)}, {_type_label(meeting_type)}s"
            fig.add_trace(go.Scatter(
                x=part["attendee_share"], y=part["talk_share"], mode="markers", name=name,
                meta=None if meeting_type is None else {"hollow": f"{_type_label(meeting_type)}s"},
                marker={"size": 11, "color": group_colour(group, groups),
                        "symbol": "circle" if meeting_type is None
                        else MEETING_TYPE_SYMBOLS.get(str(meeting_type), "x-open"),
                        "line": {"width": 2, "color": group_colour(group, groups)}},
                customdata=pd.DataFrame({"m": part["meeting_id"], "d": part["held_on"],
                                         "r": part["equity_ratio"].round(2),
                                         "c": cop[rows]}).astype(str).values,
                hovertemplate=(
                    "<b>%{customdata[0]}</b> (%{customdata[3]} %{customdata[1]})<br>Share of "
                    "attendees %{x:.0%}<br>Share of talk %{y:.0%}<br>Equity ratio "
                    "%{customdata[2]}<extra>" + name + "</extra>"
                ),
            ))
    fig.add_trace(go.Scatter(
        x=[0, 1], y=[0, 1], mode="lines", name="Parity (talk share = attendee share)",
        line={"dash": "dash", "color": OKABE_ITO["black"]}, hoverinfo="skip",
    ))
    return _layout(fig, title, "Share of attendees (%)", "Share of talk (%)",
                   xaxis={"tickformat": ".0%", "range": [0, 1]},
                   yaxis={"tickformat": ".0%", "range": [0, 1]})


def _panel_figure(long: pd.DataFrame, title: str, y_title: str, *, percent: bool,
                  parity: float | None, focus_types: Sequence[str],
                  panel_names: Mapping[str, str] | None, value_label: str,
                  colour_of: Mapping[str, str], dotted: Sequence[str] = ()) -> go.Figure:
    """Small multiples over meeting dates: one panel per CoP on shared axes, one colour
    per series (the same in every panel), meetings of other types hollow and not joined
    up, each panel shaded by its own meetings' mode.

    long: panel, series, held_on, value, meeting_id, mode and (optionally) meeting_type.
    """
    panels = sorted(long["panel"].dropna().unique(), key=str) or [""]
    n = len(panels)
    names = panel_names or {}
    fig = make_subplots(rows=n, cols=1, shared_xaxes=True,
                        vertical_spacing=min(0.3 / n, 45 / (PANEL_HEIGHT * n)))
    if n > 1:  # each CoP's name inside its panel, top left: nothing above it to collide with
        fig.update_layout(annotations=[
            {"text": "<br>".join(textwrap.wrap(names.get(p, str(p)), 34)), "showarrow": False,
             "xref": f"x{_axis_ref(i)} domain", "x": 0.005, "xanchor": "left", "align": "left",
             "yref": f"y{_axis_ref(i)} domain", "y": 0.99, "yanchor": "top",
             "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 13}, "name": "panel"}
            for i, p in enumerate(panels, start=1)])
    fmt = ":.0%" if percent else ":.2f"
    focus = _focus(long, focus_types)
    legend_shown: set[str] = set()
    traces: list[tuple[go.Scatter, int]] = []
    bands: list[dict] = []
    shaded: list[str] = []
    for index, panel in enumerate(panels, start=1):
        in_panel = long["panel"] == panel if panel != "" else pd.Series(True, index=long.index)
        for series, colour in colour_of.items():
            mine = in_panel & (long["series"] == series)
            kinds = [None]
            if "meeting_type" in long:
                kinds += sorted(set(long.loc[mine & ~focus, "meeting_type"]), key=str)
            for meeting_type in kinds:
                rows = mine & (focus if meeting_type is None
                               else long["meeting_type"] == meeting_type)
                part = long[rows].sort_values("held_on", kind="stable")
                if part.empty:
                    continue
                name = series if meeting_type is None else f"{series}: {_type_label(meeting_type)}s"
                hollow = meeting_type is not None
                traces.append((go.Scatter(
                    x=part["held_on"], y=part["value"],
                    mode="markers" if hollow else "lines+markers", name=name,
                    legendgroup=name, showlegend=name not in legend_shown,
                    line={"color": colour, "width": 3,
                          "dash": "dot" if series in dotted else "solid"},
                    meta={"hollow": f"{_type_label(meeting_type)}s"} if hollow else None,
                    marker={"size": 11 if hollow else 8, "color": colour,
                            "symbol": MEETING_TYPE_SYMBOLS.get(str(meeting_type), "x-open")
                            if hollow else "circle",
                            "line": {"width": 2, "color": colour}},
                    customdata=pd.DataFrame({
                        "m": part["meeting_id"],
                        "o": part["mode"].map(MODE_LABELS).fillna(part["mode"]),
                        "t": (part["meeting_type"].map(_type_label) if "meeting_type" in part
                              else ""),
                        "c": names.get(panel, str(panel)),
                    }).astype(str).values,
                    hovertemplate=(
                        "<b>%{customdata[0]}</b><br>%{customdata[3]}<br>%{x|%d %b %Y}, "
                        "%{customdata[2]}, %{customdata[1]}<br>" + value_label + " %{y" + fmt
                        + "}<extra></extra>"
                    ),
                ), index))
                legend_shown.add(name)
        panel_bands, panel_modes = _mode_bands(long.loc[in_panel, "held_on"],
                                               long.loc[in_panel, "mode"], index)
        bands += panel_bands
        shaded += [m for m in panel_modes if m not in shaded]
    for trace, row in traces:
        fig.add_trace(trace, row=row, col=1)
    _shade(fig, bands, shaded, wanted=not long.empty)
    if parity is not None:
        fig.add_hline(y=parity, line_dash="dash", line_color=OKABE_ITO["black"],
                      annotation_text=f"parity ({parity:g})", row="all", col=1)
    values = pd.to_numeric(long["value"], errors="coerce")
    top = max([v for v in (values.max(), parity) if v is not None and pd.notna(v)], default=1)
    # from zero, with room at the top for the CoP's name
    fig.update_yaxes(matches="y", tickformat=".0%" if percent else None,
                     range=[min(0, values.min()) if values.notna().any() else 0,
                            top * (1.35 if n > 1 else 1.08) or 1])
    fig.update_xaxes(showticklabels=True)
    if n > 1:
        for axis in range(1, n + 1):  # a y title on each panel would crowd: one, in the middle
            fig.update_yaxes(title_text=y_title if axis == (n + 1) // 2 else "", row=axis, col=1)
    _layout(fig, title, "Meeting date", y_title if n == 1 else "",
            height=120 + PANEL_HEIGHT * n, yaxis={"tickformat": ".0%"} if percent else {})
    if n > 1:
        fig.update_layout(xaxis_title="", **{f"xaxis{n}_title": "Meeting date"},
                          **{f"yaxis{_axis_ref((n + 1) // 2)}_title": y_title})
    return fig


def _panel_column(frame: pd.DataFrame) -> pd.Series:
    return frame["cop_id"].astype(str) if "cop_id" in frame else pd.Series("", index=frame.index)


def meeting_timeline(
    frame: pd.DataFrame, columns: Mapping[str, str], title: str, y_title: str,
    *, percent: bool = True, parity: float | None = None, focus_types: Sequence[str] = ("cop",),
    panel_names: Mapping[str, str] | None = None, colours: Mapping[str, str] | None = None,
    dotted: Sequence[str] = (),
) -> go.Figure:
    """One line per column over meeting dates, one panel per CoP, each panel shaded by its
    meetings' mode.

    frame: meeting_id, held_on, mode, optionally cop_id and meeting_type, and the columns
    named in `columns` (column -> label). Every panel shares the axes; a column has one
    colour in every panel (`colours`, column -> colour, or the next of blue, vermillion,
    bluish green, reddish purple); `dotted` columns are drawn dotted (a reference, such as
    the share of those present); meetings whose type is not in `focus_types` are hollow
    markers, not joined to the line. Give at most MAX_PANELS CoPs (the page asks which).
    """
    palette = [OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "reddish_purple")]
    parts = []
    for column, label in columns.items():
        parts.append(pd.DataFrame({
            "panel": _panel_column(frame), "series": label,
            "held_on": pd.to_datetime(frame["held_on"]), "value": frame[column],
            "meeting_id": frame["meeting_id"], "mode": frame["mode"],
            **({"meeting_type": frame["meeting_type"]} if "meeting_type" in frame else {}),
        }))
    long = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["panel", "series", "held_on", "value", "meeting_id", "mode"])
    colour_of = {label: (colours or {}).get(column, palette[i % len(palette)])
                 for i, (column, label) in enumerate(columns.items())}
    return _panel_figure(long, title, y_title, percent=percent, parity=parity,
                         focus_types=focus_types, panel_names=panel_names,
                         value_label=next(iter(columns.values())) if len(columns) == 1
                         else "Value", colour_of=colour_of,
                         dotted=[columns[c] for c in dotted if c in columns])


def group_timeline(
    frame: pd.DataFrame, value: str, title: str, y_title: str, *, percent: bool = True,
    parity: float | None = None, focus_types: Sequence[str] = ("cop",),
    panel_names: Mapping[str, str] | None = None,
) -> go.Figure:
    """One line per group over meeting dates (e.g. attendance rate per member type), one
    panel per CoP, as `meeting_timeline` draws them; groups keep their usual colours.

    frame: meeting_id, held_on, mode, group, the `value` column; optionally cop_id and
    meeting_type.
    """
    groups = _ordered_groups(frame["group"])
    long = pd.DataFrame({
        "panel": _panel_column(frame), "series": frame["group"].map(group_label),
        "held_on": pd.to_datetime(frame["held_on"]), "value": frame[value],
        "meeting_id": frame["meeting_id"], "mode": frame["mode"],
        **({"meeting_type": frame["meeting_type"]} if "meeting_type" in frame else {}),
    })
    colour_of = {group_label(g): group_colour(g, groups) for g in groups}
    return _panel_figure(long, title, y_title, percent=percent, parity=parity,
                         focus_types=focus_types, panel_names=panel_names,
                         value_label=y_title, colour_of=colour_of)


def turn_acts(frame: pd.DataFrame, title: str) -> go.Figure:
    """Share of each member type's turns that are questions, challenges, ... (stacked).

    frame: member_type, act, turns_n, share.
    """
    fig = go.Figure()
    present = set(frame["act"].dropna())
    acts = [a for a in ACT_ORDER if a in present] + sorted(present - set(ACT_ORDER), key=str)
    groups = _ordered_groups(frame["member_type"])
    for index, act in enumerate(acts):
        part = frame[frame["act"] == act].set_index("member_type").reindex(groups)
        fig.add_trace(go.Bar(
            y=[wrap_label(group_label(g)) for g in groups], x=part["share"], name=plain(act),
            orientation="h",
            marker_color=ACT_COLOURS.get(act, _OTHER_COLOURS[index % len(_OTHER_COLOURS)]),
            customdata=part[["turns_n"]].values,
            hovertemplate="<b>%{y}</b><br>" + plain(act)
            + ": %{x:.0%} of turns (%{customdata[0]} turns)<extra></extra>",
        ))
    return _layout(fig, title, "Share of the group's voice turns (%)", "Member type",
                   barmode="stack", xaxis={"tickformat": ".0%"}, legend_traceorder="normal",
                   yaxis={"automargin": True})


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


def by_mode(frame: pd.DataFrame, value: str, title: str, y_title: str, *,
            money: bool = False) -> go.Figure:
    """One bar per meeting mode, in the mode's colour. frame: mode, the `value` column,
    optionally meetings_n (shown in the hover)."""
    order = [m for m in MODE_COLOURS if m in set(frame["mode"])]
    shown = frame.set_index("mode").reindex(order).reset_index()
    counts = shown["meetings_n"] if "meetings_n" in shown else pd.Series("", index=shown.index)
    fig = go.Figure(go.Bar(
        x=[MODE_LABELS.get(m, plain(m)) for m in order], y=shown[value].astype(float),
        marker_color=[MODE_COLOURS[m] for m in order], customdata=counts.to_frame().values,
        hovertemplate="<b>%{x}</b><br>" + y_title + ": " + ("£%{y:,.2f}" if money else "%{y:,.2f}")
        + "<br>%{customdata[0]} meetings<extra></extra>",
    ))
    return _layout(fig, title, "Meeting mode", y_title, showlegend=False,
                   yaxis={"tickprefix": "£"} if money else {})


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
        x=ordered["difference"], y=ordered["label"].map(wrap_label), mode="markers",
        marker={"size": 13, "color": OKABE_ITO["blue"]},
        error_x={"type": "data", "symmetric": False,
                 "array": (ordered["ci_high"] - ordered["difference"]).where(has_ci, 0),
                 "arrayminus": (ordered["difference"] - ordered["ci_low"]).where(has_ci, 0),
                 "thickness": 2, "width": 8},
        customdata=ordered[[first, second, "ci_low", "ci_high"]].astype(float).values,
        hovertemplate=(
            "<b>%{y}</b><br>Difference %{x:.3f}<br>95% interval %{customdata[2]:.3f} to "
            "%{customdata[3]:.3f}<br>" + plain(first) + " %{customdata[0]:.3f}, "
            + plain(second) + " %{customdata[1]:.3f}<extra></extra>"
        ),
    ))
    fig.add_vline(x=0, line_dash="dash", line_color=OKABE_ITO["black"],
                  annotation_text="no difference", annotation_position="top left")
    return _layout(fig, title, x_title, "Figure", showlegend=False,
                   height=max(350, 60 + 52 * len(frame)), yaxis={"automargin": True})


def item_label(item_id: object) -> str:
    """An item id as a reader says it: `equal_footing_1` -> `Equal footing 1`."""
    return plain(item_id)


def diverging_items(frame: pd.DataFrame, title: str, midpoint: float) -> go.Figure:
    """Diverging stacked bars: disagreement left of zero, agreement right, per item and type.

    frame: item_id, text, member_type, value, label, share (suppressed rows removed).
    The midpoint answer (if any) is split half each side.
    """
    fig = go.Figure()
    shown = frame.copy()
    shown["row"] = shown["item_id"].map(item_label) + "<br>" + shown["member_type"].map(group_label)
    values = sorted(shown["value"].unique())
    below = [v for v in values if v < midpoint]
    colours_neg = [OKABE_ITO["vermillion"], OKABE_ITO["orange"], OKABE_ITO["yellow"]]
    colours_pos = [OKABE_ITO["sky_blue"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"]]
    rows = list(dict.fromkeys(shown.sort_values(["item_id", "member_type"])["row"]))[::-1]

    def add(value: int, share: pd.Series, colour: str, label: str, legend: bool) -> None:
        part = shown[shown["value"] == value].set_index("row").reindex(rows)
        fig.add_trace(go.Bar(
            y=rows, x=share.reindex(rows), orientation="h", name=label, marker_color=colour,
            showlegend=legend, legendrank=int(value), legendgroup=str(value),
            customdata=part[["share", "text"]].astype(str).values,
            hovertemplate="<b>%{y}</b><br>%{customdata[1]}<br>" + label
            + ": %{customdata[0]}<extra></extra>",
        ))

    def share_of(value: int, factor: float) -> pd.Series:
        return shown[shown["value"] == value].set_index("row")["share"].astype(float) * factor

    labels = shown.drop_duplicates("value").set_index("value")["label"].fillna("").to_dict()
    # nearest the middle first, so that each side stacks outwards from the centre line
    for index, value in enumerate(reversed(below)):
        add(value, -share_of(value, 1), colours_neg[min(index, 2)], f"{value} {labels[value]}", True)
    if midpoint in values:
        add(midpoint, -share_of(midpoint, 0.5), OKABE_ITO["grey"], f"{midpoint:g} {labels[midpoint]}", True)
        add(midpoint, share_of(midpoint, 0.5), OKABE_ITO["grey"], f"{midpoint:g} {labels[midpoint]}",
            False)
    for index, value in enumerate([v for v in values if v > midpoint]):
        add(value, share_of(value, 1), colours_pos[min(index, 2)], f"{value} {labels[value]}", True)
    fig.add_vline(x=0, line_color=OKABE_ITO["black"])
    return _layout(fig, title, "Share of respondents (%; left disagree, right agree)",
                   "Item and member type", barmode="relative", xaxis={"tickformat": ".0%"},
                   height=max(400, 80 + 34 * len(rows)), yaxis={"automargin": True})


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
            name="All respondents" if group == "all" else group_label(group),
            line={"color": OKABE_ITO["black"] if group == "all" else group_colour(group, groups),
                  "width": 3, "dash": "dot" if group == "all" else "solid"},
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
        x=totals["amount_gbp"], y=totals["category"].map(plain), orientation="h",
        marker_color=OKABE_ITO["blue"],
        hovertemplate="<b>%{y}</b><br>£%{x:,.2f}<extra></extra>",
    ))
    return _layout(fig, title, "Direct cost (£)", "Category", showlegend=False,
                   xaxis={"tickprefix": "£"}, yaxis={"automargin": True})


def cost_by_month(frame: pd.DataFrame, title: str) -> go.Figure:
    """Direct cost per month, stacked by category, one colour per category.

    frame: month, category, amount_gbp."""
    totals = frame.groupby(["month", "category"], as_index=False)["amount_gbp"].sum()
    fig = go.Figure()
    present = set(totals["category"])
    ordered = [c for c in CATEGORY_COLOURS if c in present] + sorted(present - set(CATEGORY_COLOURS), key=str)
    for index, category in enumerate(ordered):
        part = totals[totals["category"] == category]
        colour = CATEGORY_COLOURS.get(category, _OTHER_COLOURS[index % len(_OTHER_COLOURS)])
        fig.add_trace(go.Bar(
            x=part["month"], y=part["amount_gbp"].astype(float), name=plain(category),
            marker={"color": colour, "line": {"width": 0},
                    **({"pattern": {"shape": "/", "fgcolor": OKABE_ITO["grey"]}}
                       if category == "other" else {})},
            hovertemplate="<b>%{x|%b %Y}</b><br>" + plain(category)
            + ": £%{y:,.2f}<extra></extra>",
        ))
    return _layout(fig, title, "Month", "Direct cost (£)", barmode="stack",
                   yaxis={"tickprefix": "£"}, legend_traceorder="normal")


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
        y=frame["stage"].map(plain), x=frame["pairs_n"],
        marker={"color": [STATUS_COLOURS.get(s, OKABE_ITO["grey"]) for s in frame["stage"]]},
        textinfo="value+percent initial",
        hovertemplate="<b>%{y}</b><br>%{x} recommendation × site pairs<extra></extra>",
    ))
    return _layout(fig, title, "Recommendation × site pairs (count)", "Stage reached",
                   showlegend=False, yaxis={"automargin": True})


def uptake_by_month(frame: pd.DataFrame, title: str) -> go.Figure:
    """Pairs per current status by month (stacked). frame: month, status, pairs_n."""
    fig = go.Figure()
    for status in [s for s in STATUS_ORDER if s in set(frame["status"])]:
        part = frame[frame["status"] == status]
        fig.add_trace(go.Bar(
            x=part["month"], y=part["pairs_n"], name=plain(status),
            marker_color=STATUS_COLOURS[status],
            hovertemplate="<b>%{x|%b %Y}</b><br>" + plain(status)
            + ": %{y} pairs<extra></extra>",
        ))
    return _layout(fig, title, "Month", "Recommendation × site pairs (count)", barmode="stack",
                   legend_traceorder="normal")


def uptake_matrix(frame: pd.DataFrame, title: str) -> go.Figure:
    """Recommendation x site grid coloured by latest status.

    frame: recommendation_id, site, latest_status, latest_on.
    """
    recs = sorted(frame["recommendation_id"].astype(str).unique(),
                  key=lambda r: (len(r), r))
    sites = sorted(frame["site"].astype(str).unique())
    index = {s: i for i, s in enumerate(STATUS_ORDER)}
    grid = frame.assign(code=frame["latest_status"].map(index),
                        words=frame["latest_status"].map(plain))
    z = grid.pivot_table(index="recommendation_id", columns="site", values="code",
                         aggfunc="max").reindex(index=recs, columns=sites)
    text = grid.pivot_table(index="recommendation_id", columns="site", values="words",
                            aggfunc="last").reindex(index=recs, columns=sites).fillna("no record")
    n = len(STATUS_ORDER)
    scale = []
    for i, status in enumerate(STATUS_ORDER):
        scale += [[i / n, STATUS_COLOURS[status]], [(i + 1) / n, STATUS_COLOURS[status]]]
    fig = go.Figure(go.Heatmap(
        z=z.values, x=sites, y=recs, text=text.values, zmin=-0.5, zmax=n - 0.5,
        colorscale=scale, xgap=2, ygap=2, texttemplate="%{text}",
        colorbar={"tickvals": list(range(n)), "ticktext": [plain(s) for s in STATUS_ORDER],
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
                   height=max(350, 80 + 26 * len(frame)), legend_traceorder="normal",
                   yaxis={"automargin": True})


# ---------------------------------------------------------------- what a figure draws


def _listed(words: list[str], last: str = "and") -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {last} " + words[-1]


def drawn_notes(fig: go.Figure) -> list[str]:
    """Sentences about what this figure actually draws, read from the figure itself:
    one panel per CoP, shaded mode bands (naming the modes shaded), hollow markers for
    meetings of other types (naming them), and anything the chart noted it left out.

    ui.chart adds them to the page's "How to read this", so the note is true of the chart
    whatever the selection (one CoP or several, bands drawn or not)."""
    notes = []
    panels = [k for k in fig.layout if k.startswith("yaxis")] if fig.layout else []
    if len(panels) > 1:
        meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
        notes.append(f"One panel per {meta.get('panels', 'CoP')}, all on the same scales.")
    modes = list(dict.fromkeys(s.name.split(":", 1)[1] for s in fig.layout.shapes
                               if s.type == "rect" and (s.name or "").startswith("mode:")))
    if modes:
        words = [MODE_LABELS.get(m, plain(m)).lower() for m in modes]
        notes.append(f"Shaded bands show when meetings were {_listed(words, 'or')}.")
    hollow = list(dict.fromkeys(t.meta["hollow"] for t in fig.data
                                if isinstance(t.meta, dict) and "hollow" in t.meta))
    if hollow:
        notes.append(f"Hollow markers are {_listed(hollow)}, shown apart and not joined up.")
    notes += list((fig.layout.meta or {}).get("notes", [])) if isinstance(fig.layout.meta, dict) else []
    return notes
