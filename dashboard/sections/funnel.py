"""Many CoPs side by side, on the Overview page for programme managers: funnel plots of the
lay equity ratio and voice coverage (pipelines.metrics.cop_funnel, funnel_curve)."""

from __future__ import annotations

import streamlit as st

from dashboard import charts_programme, queries, ui
from dashboard.text import Column

__all__ = ["cop_funnels"]

SIGNAL_WORDS = {"within": "Inside the limits", "above_95": "Above the 95% limit",
                "below_95": "Below the 95% limit", "above_998": "Above the 99.8% limit",
                "below_998": "Below the 99.8% limit"}
FIGURES = {
    "lay_equity_ratio": ("Lay equity ratio of each CoP against its observed talk",
                         "Observed talk (voice turns)", "Lay equity ratio (1 = parity)", False),
    "voice_coverage": ("Voice coverage of each CoP against its attendances",
                       "Attendances at observed meetings", "Voice coverage (%)", True),
}
TABLE_COLUMNS = {"n": Column("Amount of data", "count", "Voice turns (equity ratio) or "
                              "attendances (voice coverage) at the CoP's observed meetings.")}
HOW_TO_READ = (
    "each dot is one CoP: its figure (up) against the amount of observed data behind it "
    "(across, on a log scale). The dashed line is the programme's figure; the dotted lines "
    "are the 95% limits and the solid lines the 99.8% limits. The limits narrow as data "
    "grows, so a small CoP far from the dashed line may be chance; a CoP outside the solid "
    "lines (a labelled square) is unlikely to be, and worth a conversation.")


def cop_funnels(sel: queries.Selection) -> None:
    """The section: one funnel plot per figure, or a plain note when it cannot compare."""
    st.subheader("CoPs side by side")
    cops = queries.call("cop_funnel", sel)
    if cops.empty:
        ui.empty_state("observed meetings", "Add speaking_turns.csv to compare CoPs' lay "
                       "equity ratio and voice coverage.")
        return
    notes = cops["note"].dropna().unique()
    if cops["cop_id"].nunique() < 2:
        st.info(notes[0], icon=":material/info:")
        return
    curve = queries.call("funnel_curve", sel)
    for metric, (title, x_title, y_title, percent) in FIGURES.items():
        rows = cops[cops["metric"] == metric]
        if rows["value"].isna().all():
            st.info("No lay member attended the observed meetings of any CoP in the "
                    "selection, so there is no lay equity ratio to compare.",
                    icon=":material/info:")
            continue
        shown = rows[["cop_id", "metric", "value", "n", "meetings_n", "talk_hours", "target",
                      "low_95", "high_95", "low_998", "high_998", "signal"]]
        shown = shown.assign(signal=shown["signal"].map(SIGNAL_WORDS))
        ui.chart(charts_programme.funnel_plot(
                     rows, curve[curve["metric"] == metric], title, x_title, y_title,
                     percent=percent, names=ui.cop_names()),
                 shown, HOW_TO_READ, f"funnel_{metric}", table_columns=TABLE_COLUMNS)
    for note in [n for n in notes if isinstance(n, str)]:
        st.caption(note)
