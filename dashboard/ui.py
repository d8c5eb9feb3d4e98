"""Building blocks every page uses, so that every chart looks and behaves the same way:
a chart, its one-line "how to read this", and a download of exactly the data it shows.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.downloads import csv_file_name, prepare, to_safe_csv

__all__ = ["chart", "download", "empty_state", "table"]

_PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def download(frame: pd.DataFrame, title: str, key: str, label: str = "Download this chart's data (CSV)") -> None:
    """A download button for the frame, written through the formula neutraliser."""
    st.download_button(
        label, data=to_safe_csv(prepare(frame)), file_name=csv_file_name(title),
        mime="text/csv", key=f"download_{key}", icon=":material/download:",
        on_click="ignore",
    )


def chart(fig: go.Figure, data: pd.DataFrame, how_to_read: str, key: str) -> None:
    """Draw a chart with its reading note and a download of its data."""
    st.plotly_chart(fig, key=f"chart_{key}", config=_PLOTLY_CONFIG)
    st.caption(f"**How to read this:** {how_to_read}")
    download(data, fig.layout.title.text or key, key)


def table(frame: pd.DataFrame, title: str, key: str, how_to_read: str = "") -> None:
    """A table with a download of its rows (Streamlit's own download is turned off)."""
    st.dataframe(frame, hide_index=True, key=f"table_{key}")
    if how_to_read:
        st.caption(f"**How to read this:** {how_to_read}")
    download(frame, title, key, label="Download this table (CSV)")


def empty_state(missing: str, how_to_add: str) -> None:
    """Say which data is missing and how to add it."""
    st.info(f"**No {missing} to show yet.** {how_to_add}", icon=":material/info:")
