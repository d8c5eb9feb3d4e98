"""Surveys: how members answer, by member type and wave, with small groups suppressed."""

import streamlit as st

from dashboard import charts, opening, queries, ui
from dashboard.sidebar import current_selection

st.title("Surveys")
sel = current_selection()
k = queries.settings().min_group_size
st.caption(f"Answers by member type. Any group with fewer than {k} respondents is hidden so "
           "that nobody can be identified.")

summary = queries.call("survey_summary", sel, by="member_type")
if summary.empty:
    ui.empty_state("survey responses", "Add survey_responses.csv on the Import files page; "
                   "each response names an instrument defined in data_contracts/instruments/.")
    st.stop()
titles = queries.call("instruments").set_index("instrument_id")
instrument = st.selectbox(
    "Questionnaire", sorted(summary["instrument_id"].unique()), key="survey_instrument",
    format_func=lambda i: titles["title"].get(i, i) if len(titles) else i,
)
ui.opening(opening.surveys(sel, instrument, k))
suppressed = summary[(summary["instrument_id"] == instrument) & summary["suppressed"].astype(bool)]
for note in suppressed["note"].dropna().unique():
    st.info(f":material/visibility_off: {note}")

items = queries.call("survey_item_distribution", sel, instrument_id=instrument)
shown_items = items[~items["suppressed"].astype(bool)]
if shown_items.empty:
    ui.empty_state("item answers large enough to show",
                   f"Each member type needs at least {k} respondents for its answers to appear.")
else:
    scale = titles.loc[instrument] if instrument in titles.index else None
    low = scale["scale_min"] if scale is not None else shown_items["value"].min()
    high = scale["scale_max"] if scale is not None else shown_items["value"].max()
    ui.chart(charts.diverging_items(shown_items, "Answers per item and member type",
                                    (float(low) + float(high)) / 2),
             shown_items,
             "bars to the right of the centre line are agreement, to the left disagreement; "
             "the middle answer is split evenly across the centre line.", "items")

scores = summary[(summary["instrument_id"] == instrument) & ~summary["suppressed"].astype(bool)]
scale_name = st.selectbox("Scale", sorted(summary.loc[summary["instrument_id"] == instrument, "scale"].unique()),
                          key="survey_scale")
chosen = scores[scores["scale"] == scale_name]
if chosen.empty:
    ui.empty_state("scores for this scale", f"Each group needs at least {k} respondents.")
else:
    ui.chart(charts.scale_scores(chosen, f"Mean '{scale_name}' score by wave and member type",
                                 "Mean score (scale points)"),
             chosen, "each point is one group's mean score in one wave; higher is more "
             "agreement. The bar through each point is its 95% interval: intervals that do not "
             "overlap suggest a real change between waves.", "scores")
counts = summary[(summary["instrument_id"] == instrument) & (summary["scale"] == scale_name)]
ui.chart(charts.bar_by_group(counts.fillna({"n": 0}), "wave", "n", "Respondents per wave and member type",
                             "Survey wave", "Respondents (count)"),
         counts[["wave", "group", "n", "suppressed", "note"]],
         f"how many people answered; groups below {k} are hidden from the other charts.",
         "counts")
