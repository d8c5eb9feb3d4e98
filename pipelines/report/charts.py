"""Charts for print: an API frame in, a vector SVG with its title and alt text out.

Matplotlib draws them (no browser needed, about 30 ms a chart), in the project's
colour-blind-safe palette (pipelines/palette.py, shared with the dashboard's Plotly charts)
and with a marker shape as well as a colour for each mode, so they read in greyscale too.
Text stays text in the SVG (`svg.fonttype: none`), in the report's own font. Pure
functions: nothing here reads the database or works out a figure; values are only drawn.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from pipelines.palette import (
    MEMBER_TYPE_COLOURS,
    MODE_COLOURS,
    MODE_LABELS,
    OKABE_ITO,
    OTHER_COLOURS,
)
from pipelines.report.tables import label

__all__ = ["Chart", "bars", "interval_dots", "lay_equity_by_meeting", "lines_by_meeting",
           "member_type_colours", "stacked_by_month"]

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
