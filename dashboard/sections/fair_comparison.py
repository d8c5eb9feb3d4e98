"""A fair comparison of online and in person: raw, within-member and adjusted differences
in lay members' equity ratio side by side (In person vs online page)."""

from __future__ import annotations

import streamlit as st

from dashboard import charts_fairness, queries, ui
from dashboard.text import Column

__all__ = ["show"]


def show(sel: queries.Selection, key: str) -> None:
    st.subheader("A fair comparison: the same people, and other things equal")
    frame = queries.fair_comparison(sel, group="lay")
    for note in frame["note"].dropna().unique():
        st.warning(note, icon=":material/warning:")
    if frame["difference"].notna().sum() == 0:
        ui.empty_state("comparison of the modes", "Load observed meetings held both in "
                       "person and online.")
        return
    st.markdown(frame["explanation"].iloc[0])
    ui.chart(
        charts_fairness.fair_comparison(
            frame, "Lay equity ratio, online minus in person: three ways of comparing",
            "Online − in person (equity ratio)"),
        frame.drop(columns="explanation"),
        "each dot is one way of comparing the modes; a dot right of the dashed line means lay "
        "members had a larger share of the talk online. The bar through it is the 95% "
        "interval; a bar crossing the dashed line means the data cannot tell the modes apart.",
        f"{key}_fair",
        table_columns={"comparison": Column("Comparison", "words"),
                       "n": Column("Based on (count)", "count"),
                       "n_unit": Column("Counting", "words"),
                       "note": Column("Note")},
    )
    within = queries.call("within_member", sel)
    ui.table(within, "The same members in each mode", f"{key}_within",
             "members who attended observed meetings in person and online: their mean talk "
             "share and equity ratio in each mode, and the mean of their own differences "
             "(online − in person) with a 95% t interval.")
