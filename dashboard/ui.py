"""Building blocks every page uses, so that every chart and table looks and behaves the same
way: a chart with its title, its "how to read this", the table behind it (its text
alternative) and a download of exactly the data it shows; tables with human labels.

Tables on a page show human column labels with units and formatted values
(`text.table_view`); their downloads keep the machine column names and raw values, so a
file opens in R or Stata as the data dictionary describes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import auth, charts, queries
from dashboard.downloads import csv_file_name, prepare, to_safe_csv
from dashboard.text import MEETING_TYPE_LABELS, MEETING_TYPES, Column, format_cell, table_view
from pipelines import audit_trail

__all__ = ["chart", "cop_names", "cop_panels", "download", "empty_state", "meeting_types",
           "opening", "show_table", "shown_rows", "table"]

_PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def download(frame: pd.DataFrame, title: str, key: str, label: str = "Download this chart's data (CSV)") -> None:
    """A download button for the frame, written through the formula neutraliser. The file
    is made when the button is pressed, and the export goes in the audit trail (issue 13)
    under the signed-in user's id; the frame came through `queries`, so it holds only what
    the user's role may read."""
    user = auth.current_user()
    user_id = user.id if user is not None else "unknown"
    db_path = queries.settings().db_path

    def _file() -> bytes:
        audit_trail.record("exported", user_id, f"{csv_file_name(title)} ({len(frame)} rows)",
                           db_path=db_path)
        return to_safe_csv(prepare(frame))

    st.download_button(
        label, data=_file, file_name=csv_file_name(title),
        mime="text/csv", key=f"download_{key}", icon=":material/download:",
        on_click="ignore",
    )


def cop_names() -> dict[str, str]:
    """CoP id -> name, for tables and chart panels (an empty database: no names)."""
    cops = queries.call("communities")
    return dict(zip(cops["cop_id"], cops["name"], strict=False)) if len(cops) else {}


def _instrument_titles() -> dict[str, str]:
    found = queries.call("instruments")
    return dict(zip(found["instrument_id"], found["title"], strict=False)) if len(found) else {}


def _values(frame: pd.DataFrame, values: Mapping[str, Mapping] | None) -> dict[str, Mapping]:
    """Values named in words: CoPs by name, questionnaires by title, then the caller's."""
    words: dict[str, Mapping] = {}
    if "cop_id" in frame:
        words["cop_id"] = cop_names()
    if "instrument_id" in frame:
        words["instrument_id"] = _instrument_titles()
    return {**words, **(values or {})}


def show_table(frame: pd.DataFrame, title: str, key: str, *,
               columns: Mapping[str, Column] | None = None,
               values: Mapping[str, Mapping] | None = None) -> None:
    """The frame as people read it: labels with units, formatted values, blanks as `–`
    (each column's tooltip says why a cell can be blank); sorting a column sorts its
    values, not their text.

    A long table shows its first `shown_rows` rows and says so: the whole selection of a
    big programme (a row per meeting and member type of 70,000 meetings) is past what
    pandas' Styler renders (a page error) and past what anyone reads in a browser table;
    the download beside it holds every row."""
    limit = shown_rows(len(frame.columns))
    if len(frame) > limit:
        st.caption(f"Showing the first {limit:,} of {len(frame):,} rows; "
                   "the download below holds them all.")
        frame = frame.head(limit)
    view = table_view(frame, columns, _values(frame, values))
    kinds = view.kinds
    styled = view.data.style.format(
        {name: (lambda value, kind=kinds[name]: format_cell(value, kind))
         for name in view.data.columns},
        na_rep="–")
    config = {name: st.column_config.Column(column.label, help=column.help or None)
              for name, column in view.columns.items()}
    st.dataframe(styled, hide_index=True, key=f"table_{key}", column_config=config,
                 placeholder="–", alt=title)


# At most this many rows of a table on a page (fewer for a wide one: see `shown_rows`).
# Styling them is most of a table's cost (eight tables of 5,000 rows were a second of the
# Participation page at 10M turns); more than this is read through the download.
TABLE_ROWS = 1_000


def shown_rows(columns: int) -> int:
    """How many rows of a table with `columns` columns a page shows: TABLE_ROWS, or fewer
    when that many would pass pandas' Styler limit (`styler.render.max_elements` cells)."""
    cells = int(pd.get_option("styler.render.max_elements"))
    return max(1, min(TABLE_ROWS, cells // max(1, columns)))


def table(frame: pd.DataFrame, title: str, key: str, how_to_read: str = "", *,
          columns: Mapping[str, Column] | None = None,
          values: Mapping[str, Mapping] | None = None) -> None:
    """A table for people (`show_table`) with a download of its rows as they are (machine
    column names, raw values; Streamlit's own download is turned off)."""
    show_table(frame, title, key, columns=columns, values=values)
    if how_to_read:
        st.caption(f"**How to read this:** {how_to_read[:1].upper() + how_to_read[1:]}")
    download(frame, title, key, label="Download this table (CSV)")


def chart(fig: go.Figure, data: pd.DataFrame, how_to_read: str, key: str, *,
          table_columns: Mapping[str, Column] | None = None) -> None:
    """A chart: its title as wrapping text above it (never cut off, never under the
    legend), the figure (named for screen readers), "how to read this" with what the
    figure itself draws (`charts.drawn_notes`), the table behind it as its text
    alternative, and a download of its data."""
    title = fig.layout.title.text or key
    st.markdown(f"#### {title}")
    # drawn without its title (the heading above is the title), and without copying the
    # figure first: a copy of a big programme's figure (70,000 meetings' points) was a
    # second of the Participation page at 10M turns; the title is put back afterwards
    kept = fig.layout.title
    fig.layout.title = None
    try:
        st.plotly_chart(fig, key=f"chart_{key}", config=_PLOTLY_CONFIG,
                        alt=f"Chart: {title}. The table of its data is below it.")
    finally:
        fig.layout.title = kept
    notes = " ".join([how_to_read[:1].upper() + how_to_read[1:], *charts.drawn_notes(fig)])
    st.caption(f"**How to read this:** {notes}")
    with st.expander("Table of this chart's data", icon=":material/table:"):
        show_table(data, title, f"{key}_data", columns=table_columns)
    download(data, title, key)


def opening(sentences: Sequence[str]) -> None:
    """The page's first words (dashboard.opening): a short paragraph in plain text, before
    any chart; nothing when there is nothing to say yet."""
    if sentences:
        st.markdown(" ".join(sentences))


def empty_state(missing: str, how_to_add: str) -> None:
    """Say which data is missing and how to add it."""
    st.info(f"**No {missing} to show yet.** {how_to_add}", icon=":material/info:")


def meeting_types(sel: queries.Selection, key: str, about: Sequence[str] = ("cop",),
                  label: str = "Meeting types in the charts below") -> queries.Selection:
    """A visible filter of the meeting types the next charts show, starting with the types
    they are about (CoP meetings for talk and attendance) among those the sidebar allows;
    returns the selection narrowed to the chosen types. Charts draw any other type chosen
    as hollow markers, apart from the line (charts.MEETING_TYPE_SYMBOLS)."""
    allowed = list(sel.meeting_types) or list(MEETING_TYPES)
    default = [t for t in about if t in allowed] or allowed
    if any(t not in allowed for t in st.session_state.get(key, [])):
        del st.session_state[key]  # the sidebar no longer allows a type chosen here
    chosen = st.multiselect(
        label, allowed, default=default, key=key,
        format_func=lambda t: MEETING_TYPE_LABELS.get(t, t),
        help="Per-meeting charts show CoP meetings unless you add other types here; other "
             "types are drawn as hollow markers, apart from the CoP meetings' line.")
    return replace(sel, meeting_types=tuple(chosen or default))


def cop_panels(sel: queries.Selection, key: str) -> queries.Selection:
    """The selection narrowed to the CoPs drawn one panel each (at most `charts.MAX_PANELS`):
    every CoP with a selected meeting when they fit, else those the user picks (the first
    ones to start with). The page then reads only those CoPs' meetings: the panels of 6
    CoPs out of 3,847 (10M turns) need 84 rows, not 71,624."""
    counts = queries.call("meeting_counts_by_cop", sel)
    cops = sorted(counts["cop_id"].dropna().unique(), key=str) if len(counts) else []
    if len(cops) <= charts.MAX_PANELS:
        return sel
    names = cop_names()
    chosen = st.multiselect(
        f"CoPs to draw (up to {charts.MAX_PANELS}, one panel each)", cops,
        default=cops[: charts.MAX_PANELS], max_selections=charts.MAX_PANELS, key=key,
        format_func=lambda c: names.get(c, c))
    return replace(sel, cop_ids=tuple(sorted(chosen or cops[: charts.MAX_PANELS], key=str)))
