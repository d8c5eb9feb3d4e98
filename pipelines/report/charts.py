"""Charts for print: an API frame in, a vector SVG with its title and alt text out.

Matplotlib draws them (no browser needed, about 30 ms a chart), in the project's
colour-blind-safe palette (pipelines/palette.py, shared with the dashboard's Plotly charts)
and with a marker shape as well as a colour for each mode, so they read in greyscale too.
Text stays text in the SVG (`svg.fonttype: none`), in the report's own font. Pure
functions: nothing here reads the database or works out a figure; values are only drawn.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from pipelines.palette import (
    MEMBER_TYPE_COLOURS,
    MEMBER_TYPE_LABELS,
    MODE_COLOURS,
    MODE_LABELS,
    OKABE_ITO,
    OTHER_COLOURS,
)
from pipelines.report.tables import label

__all__ = ["Chart", "bars", "funnel_plot", "interval_dots", "lay_equity_by_meeting",
           "lines_by_meeting", "member_type_colours", "stacked_by_month", "transition_heatmap"]

WIDTH_IN = 6.3  # 16 cm: the A4 text width less a little
_STYLE = {
    "svg.fonttype": "none",  # text as text: searchable, and drawn in the report's font
    "font.family": ["DejaVu Sans", "Liberation Sans", "sans-serif"],
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.labelsize": 10,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "legend.fontsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "copdash",  # the same figure gives the same file
}
_MODE_MARKERS = {"in_person": "o", "online": "s", "hybrid": "^"}


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str
    alt: str  # what the chart shows, in words, for a screen reader and the PDF's tags
    how_to_read: str


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _figure(height_in: float) -> tuple[Figure, object]:
    with mpl.rc_context(_STYLE):
        # constrained layout keeps labels and legends inside the figure's fixed width, so
        # the chart prints at its own size (text at its set point size, never shrunk)
        fig = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
        ax = fig.subplots()
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
    return fig, ax


def _dates(ax) -> None:
    """Date ticks a reader parses at a glance: years, with months between them."""
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _render(fig: Figure) -> str:
    with mpl.rc_context(_STYLE):
        return _svg(fig)


def _span(dates: pd.Series) -> str:
    first, last = pd.Timestamp(dates.min()), pd.Timestamp(dates.max())
    return f"{first:%B %Y}" if first.to_period("M") == last.to_period("M") else (
        f"{first:%B %Y} to {last:%B %Y}")


def lay_equity_by_meeting(timeline: pd.DataFrame, title: str) -> Chart:
    """Lay members' equity ratio at each observed meeting (`lay_timeline` rows), one marker
    shape and colour per mode, with the parity line at 1."""
    frame = timeline.dropna(subset=["lay_equity_ratio"]).sort_values("held_on")
    with mpl.rc_context(_STYLE):
        fig, ax = _figure(1.6)
        ax.axhline(1, color=OKABE_ITO["black"], linestyle="--", linewidth=1)
        ax.plot(pd.to_datetime(frame["held_on"]), frame["lay_equity_ratio"], color="#777777",
                linewidth=0.8, zorder=1)
        modes = [m for m in MODE_LABELS if m in set(frame["mode"])]
        for mode in modes:
            rows = frame[frame["mode"] == mode]
            ax.scatter(pd.to_datetime(rows["held_on"]), rows["lay_equity_ratio"], s=30,
                       marker=_MODE_MARKERS[mode], color=MODE_COLOURS[mode],
                       edgecolor=OKABE_ITO["black"], linewidth=0.5, label=MODE_LABELS[mode],
                       zorder=2)
        ax.set_ylabel("Equity ratio")
        ax.set_ylim(bottom=0)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        _dates(ax)
        svg = _render(fig)
    low, high = frame["lay_equity_ratio"].min(), frame["lay_equity_ratio"].max()
    alt = (f"Dot chart of lay members' equity ratio at {len(frame)} observed meetings, "
           f"{_span(frame['held_on'])}, from {low:.2f} to {high:.2f}; a dashed line marks "
           f"1, a fair share; {', '.join(MODE_LABELS[m].lower() for m in modes)} meetings "
           "are drawn with different shapes. The table in the evaluator pages lists each "
           "meeting's value.")
    return Chart(title, svg, alt, "each mark is one observed meeting (circles in person, "
                 "squares online, triangles hybrid); above the dashed line lay members talked "
                 "more than their share, below it less.")


def interval_dots(frame: pd.DataFrame, labels: Sequence[str], value: str, low: str, high: str,
                  title: str, x_label: str, reference: float, colours: Sequence[str] | None = None,
                  how_to_read: str = "") -> Chart:
    """One row per item: a dot at `value` and a bar from `low` to `high` (none where the
    API gave no interval), with a dashed reference line (1 for ratios, 0 for differences)."""
    rows = frame.reset_index(drop=True)
    n = len(rows)
    with mpl.rc_context(_STYLE):
        fig, ax = _figure(0.45 * n + 0.8)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.axvline(reference, color=OKABE_ITO["black"], linestyle="--", linewidth=1)
        for i, row in rows.iterrows():
            y = n - 1 - i
            colour = colours[i] if colours else OKABE_ITO["blue"]
            if pd.notna(row[low]) and pd.notna(row[high]):
                ax.plot([row[low], row[high]], [y, y], color=colour, linewidth=2.2)
            if pd.notna(row[value]):
                ax.scatter([row[value]], [y], s=45, color=colour, edgecolor=OKABE_ITO["black"],
                           linewidth=0.6, zorder=3)
        ax.set_yticks(range(n), list(reversed(list(labels))))
        ax.set_xlabel(x_label)
        ax.set_ylim(-0.6, n - 0.4)
        svg = _render(fig)
    parts = []
    for name, (_, row) in zip(labels, rows.iterrows(), strict=True):
        if pd.isna(row[value]):
            parts.append(f"{name}: no value")
        elif pd.notna(row[low]):
            parts.append(f"{name} {row[value]:.2f} (interval {row[low]:.2f} to {row[high]:.2f})")
        else:
            parts.append(f"{name} {row[value]:.2f} (no interval)")
    alt = (f"Dot and interval chart, one row each: {'; '.join(parts)}. A dashed line marks "
           f"{reference:g}.")
    return Chart(title, svg, alt, how_to_read)


def member_type_colours(groups: Sequence[object]) -> list[str]:
    """Each member type's colour (others grey), for `interval_dots`."""
    return [MEMBER_TYPE_COLOURS.get(str(g), OKABE_ITO["grey"]) for g in groups]


def bars(categories: Sequence[str], values: Sequence[float], title: str, value_label: str,
         money: bool = False, colour: str = OKABE_ITO["blue"], how_to_read: str = "") -> Chart:
    """Horizontal bars, one per category, in the order given, each labelled with its value."""
    n = len(categories)
    with mpl.rc_context(_STYLE):
        fig, ax = _figure(0.38 * n + 0.8)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        positions = list(range(n))[::-1]
        ax.barh(positions, values, color=colour, height=0.6)
        ax.set_yticks(positions, list(categories))
        ax.set_xlabel(value_label)
        top = max([float(v) for v in values] + [0]) or 1
        for y, v in zip(positions, values, strict=True):
            text = f"£{float(v):,.0f}" if money else f"{float(v):,.0f}"
            ax.text(float(v) + top * 0.01, y, text, va="center", fontsize=9.5)
        ax.set_xlim(0, top * 1.15)
        svg = _render(fig)
    shown = "; ".join(f"{c} {'£' if money else ''}{float(v):,.0f}"
                      for c, v in zip(categories, values, strict=True))
    return Chart(title, svg, f"Bar chart, one bar each: {shown}.", how_to_read)


def lines_by_meeting(frame: pd.DataFrame, columns: dict[str, str], title: str, y_label: str,
                     how_to_read: str = "") -> Chart:
    """One line per column over the meetings' dates (held_on), values as percentages;
    each line its own colour and marker."""
    rows = frame.sort_values("held_on")
    dates = pd.to_datetime(rows["held_on"])
    colours = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"]]
    markers = ["o", "s", "^"]
    with mpl.rc_context(_STYLE):
        fig, ax = _figure(2.4)
        for (column, name), colour, marker in zip(columns.items(), colours, markers, strict=False):
            ax.plot(dates, rows[column].astype(float) * 100, color=colour, marker=marker,
                    markersize=4, linewidth=1.2, label=name)
        ax.set_ylabel(y_label)
        ax.set_ylim(0, 105)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        _dates(ax)
        svg = _render(fig)
    ranges = "; ".join(
        f"{name} from {rows[c].min() * 100:.0f}% to {rows[c].max() * 100:.0f}%"
        for c, name in columns.items() if rows[c].notna().any())
    alt = (f"Line chart over {len(rows)} meetings, {_span(rows['held_on'])}: {ranges}.")
    return Chart(title, svg, alt, how_to_read)


def stacked_by_month(frame: pd.DataFrame, title: str, value_label: str,
                     how_to_read: str = "") -> Chart:
    """One bar per month (`cost_by_month(per_cop=False)` rows: month, category,
    amount_gbp), stacked by category; colours from the palette, hatched where they repeat."""
    rows = frame.assign(month=pd.to_datetime(frame["month"]))
    categories = sorted(rows["category"].unique())
    months = sorted(rows["month"].unique())
    hatches = ["", "//", "..", "xx"]
    with mpl.rc_context(_STYLE):
        fig, ax = _figure(2.6)
        bottom = pd.Series(0.0, index=months)
        for i, category in enumerate(categories):
            values = (rows[rows["category"] == category].set_index("month")["amount_gbp"]
                      .astype(float).reindex(months, fill_value=0.0))
            ax.bar(months, values, bottom=bottom, width=20, label=label(category),
                   color=OTHER_COLOURS[i % len(OTHER_COLOURS)],
                   hatch=hatches[(i // len(OTHER_COLOURS)) % len(hatches)],
                   edgecolor="white", linewidth=0.3)
            bottom = bottom + values  # where the next category's block starts (drawing only)
        ax.set_ylabel(value_label)
        ax.yaxis.set_major_formatter(mpl.ticker.StrMethodFormatter("£{x:,.0f}"))
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, ncols=1)
        _dates(ax)
        svg = _render(fig)
    alt = (f"Stacked bar chart of direct cost in {len(months)} months, "
           f"{_span(pd.Series(months))}, split into {len(categories)} categories: "
           f"{', '.join(label(c) for c in categories)}.")
    return Chart(title, svg, alt, how_to_read)


def labels_of(values: Sequence[object]) -> list[str]:
    return [label(v) for v in values]


# ---------------------------------------------------------------- issue 16

# observed / expected on a log scale: 1/4 and 4 are the ends of the colour scale, as on the
# dashboard's heat map (dashboard/charts_turns.py)
_HEAT_LIMIT = math.log(4)


def _heat_colour(ratio: object) -> tuple[float, float]:
    """A cell's place on the colour scale (0 vermillion, 0.5 white, 1 blue) and |log|."""
    if pd.isna(ratio):
        return math.nan, 0.0
    z = max(-_HEAT_LIMIT, min(_HEAT_LIMIT, math.log(ratio) if ratio > 0 else -_HEAT_LIMIT))
    return 0.5 + z / (2 * _HEAT_LIMIT), abs(z)


def transition_heatmap(frame: pd.DataFrame, title: str, how_to_read: str = "") -> Chart:
    """3 x 3 cells (`turn_transitions` rows): rows the member type who had the floor,
    columns the type who took it next; each cell says the transitions seen and, in
    brackets, the count random mixing would give, coloured by seen / expected on a log
    scale (blue more often than chance, vermillion less, white about as often, grey and
    hatched where nothing was expected)."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import LinearSegmentedColormap, Normalize
    from matplotlib.patches import Rectangle

    grid = frame.set_index(["from_member_type", "to_member_type"])
    types = [t for t in MEMBER_TYPE_LABELS if t in set(frame["from_member_type"])]
    colours = LinearSegmentedColormap.from_list(
        "seen_expected", [OKABE_ITO["vermillion"], "#ffffff", OKABE_ITO["blue"]])
    names = [MEMBER_TYPE_LABELS[t].replace("Professional ", "Professional\n") for t in types]
    with mpl.rc_context(_STYLE):
        fig, ax = _figure(3.5)
        ax.grid(False)
        for i, a in enumerate(types):
            for j, b in enumerate(types):
                cell = grid.loc[(a, b)]
                place, strength = _heat_colour(cell["ratio"])
                face = "#dddddd" if math.isnan(place) else colours(place)
                ax.add_patch(Rectangle(
                    (j - 0.48, i - 0.48), 0.96, 0.96, facecolor=face,
                    hatch="//" if math.isnan(place) else "", edgecolor="#bbbbbb",
                    linewidth=0.5))
                expected = "–" if pd.isna(cell["expected_n"]) else f"{cell['expected_n']:.1f}"
                ink = "white" if strength > 0.7 * _HEAT_LIMIT else OKABE_ITO["black"]
                ax.text(j, i, f"{int(cell['transitions_n'])}\n({expected})", ha="center",
                        va="center", fontsize=10, color=ink)
        ax.set_xlim(-0.5, len(types) - 0.5)
        ax.set_ylim(len(types) - 0.5, -0.5)
        ax.set_xticks(range(len(types)), names)
        ax.set_yticks(range(len(types)), names)
        ax.set_aspect("equal")
        ax.set_xlabel("Next turn taken by")
        ax.set_ylabel("Turn taken by")
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        scale = ScalarMappable(Normalize(-_HEAT_LIMIT, _HEAT_LIMIT), colours)
        bar = fig.colorbar(scale, ax=ax, shrink=0.8, aspect=15)
        bar.set_ticks([-_HEAT_LIMIT, -math.log(2), 0, math.log(2), _HEAT_LIMIT],
                      labels=["¼ or less", "½", "1", "2", "4 or more"])
        bar.set_label("Seen ÷ expected")
        svg = _render(fig)
    parts = []
    for a in types:
        for b in types:
            cell = grid.loc[(a, b)]
            ratio = ("nothing expected" if pd.isna(cell["ratio"])
                     else f"seen ÷ expected {cell['ratio']:.2f}")
            expected = "–" if pd.isna(cell["expected_n"]) else f"{cell['expected_n']:.1f}"
            parts.append(f"{MEMBER_TYPE_LABELS[a]} to {MEMBER_TYPE_LABELS[b]}: "
                         f"{int(cell['transitions_n'])} seen, {expected} expected, {ratio}")
    alt = (f"Heat map of who takes the floor after whom over {int(frame['meetings_n'].max())} "
           f"observed meetings, one cell per pair: {'; '.join(parts)}.")
    return Chart(title, svg, alt, how_to_read)


# signal band -> (legend name, colour, marker), as on the dashboard's funnel plot
FUNNEL_BANDS = {
    "within": ("Inside the 95% limits", OKABE_ITO["grey"], "o"),
    "outside_95": ("Outside the 95% limits", OKABE_ITO["orange"], "D"),
    "outside_998": ("Outside the 99.8% limits", OKABE_ITO["vermillion"], "s"),
}
MAX_FUNNEL_LABELS = 20  # more named CoPs than this crowd the chart; the table lists them all


def _band(signal: object) -> str | None:
    if not isinstance(signal, str):
        return None
    if signal.endswith("_998"):
        return "outside_998"
    return "outside_95" if signal.endswith("_95") else "within"


def _log_ticks(low: float, high: float) -> list[float]:
    """Round numbers (1, 2 and 5 times a power of ten; 3 too when that gives fewer than
    three) between `low` and `high`, for a log axis read as plain numbers."""
    decades = range(math.floor(math.log10(max(low, 1.0))), math.ceil(math.log10(max(high, 1.0))) + 1)
    for steps in ((1, 2, 5), (1, 2, 3, 5), (1, 1.5, 2, 3, 4, 5, 7)):
        ticks = [m * 10 ** e for e in decades for m in steps if low <= m * 10 ** e <= high]
        if len(ticks) >= 3:
            return ticks
    return ticks


def funnel_plot(cops: pd.DataFrame, curve: pd.DataFrame, title: str, x_label: str,
                y_label: str, *, percent: bool = False, names: Mapping[str, str] | None = None,
                how_to_read: str = "") -> Chart:
    """One marker per CoP (one metric's rows of `cop_funnel`) against the amount of data
    behind it (across, log scale), over that metric's `funnel_curve`: the programme's
    figure (dashed), the 95% limits (dotted) and the 99.8% limits (solid). CoPs outside the
    95% limits are orange diamonds, outside the 99.8% limits vermillion squares named
    beside them (up to MAX_FUNNEL_LABELS), so the shape says it as well as the colour."""
    names = names or {}
    scale = 100.0 if percent else 1.0
    shown = cops[cops["value"].notna() & (cops["n"] > 0)]
    bands = shown["signal"].map(_band)
    with mpl.rc_context(_STYLE):
        fig, ax = _figure(3.4)
        if len(curve):
            ax.plot(curve["n"], curve["target"] * scale, color=OKABE_ITO["black"],
                    linestyle="--", linewidth=1.2, label="Programme's figure")
            for level, style, column in (("95%", ":", "95"), ("99.8%", "-", "998")):
                ax.plot(curve["n"], curve[f"low_{column}"] * scale, color=OKABE_ITO["blue"],
                        linestyle=style, linewidth=1.1, label=f"{level} limits")
                ax.plot(curve["n"], curve[f"high_{column}"] * scale, color=OKABE_ITO["blue"],
                        linestyle=style, linewidth=1.1)
        outside = shown[bands == "outside_998"]
        for band, (name, colour, marker) in FUNNEL_BANDS.items():
            rows = shown[bands == band]
            if rows.empty:
                continue
            ax.scatter(rows["n"].astype(float), rows["value"].astype(float) * scale,
                       s=22 if band == "within" else 40, marker=marker, color=colour,
                       edgecolor=OKABE_ITO["black"], linewidth=0.5, label=name, zorder=3)
        if len(outside) <= MAX_FUNNEL_LABELS:
            for _, row in outside.iterrows():
                ax.annotate(names.get(row["cop_id"], str(row["cop_id"])),
                            (float(row["n"]), float(row["value"]) * scale),
                            textcoords="offset points", xytext=(5, 4), fontsize=9)
        ax.set_xscale("log")
        spread = pd.concat([curve["n"], shown["n"]]).astype(float) if len(curve) else shown["n"]
        ax.xaxis.set_major_locator(mpl.ticker.FixedLocator(_log_ticks(spread.min(), spread.max())))
        ax.xaxis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
        ax.xaxis.set_minor_formatter(mpl.ticker.NullFormatter())
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        low, high = ax.get_ylim()  # a share stays within 0-100%, a ratio above 0
        ax.set_ylim(max(low, 0.0), min(high, 100.5) if percent else high)
        if percent:
            ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(decimals=0))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False, ncols=3)
        svg = _render(fig)
    counts = {band: int((bands == band).sum()) for band in FUNNEL_BANDS}
    target = curve["target"].iloc[0] if len(curve) else math.nan
    shown_target = (f"{target * 100:.0f}%" if percent else f"{target:.2f}") if pd.notna(target) else "–"
    flagged = [names.get(c, str(c)) for c in shown.loc[bands != "within", "cop_id"]]
    named = ", ".join(flagged) if len(flagged) <= MAX_FUNNEL_LABELS else ""
    alt = (f"Funnel plot of {len(shown)} CoPs' {y_label.lower()} against "
           f"{x_label.lower()} (log scale), around the programme's figure {shown_target}: "
           f"{counts['within']} inside the 95% limits, {counts['outside_95']} outside the 95% "
           f"but inside the 99.8% limits, {counts['outside_998']} outside the 99.8% limits"
           + (f" ({named})" if named else "") + "; the table beside the chart lists the "
           "CoPs outside the limits with their figures.")
    return Chart(title, svg, alt, how_to_read)
