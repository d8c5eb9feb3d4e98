"""Recommendation uptake: which recommendations moved, where, and after which meetings."""

import streamlit as st

from dashboard import charts, opening, queries, ui
from dashboard.sidebar import current_selection

st.title("Recommendation uptake")
st.caption("Each recommendation at each site moves through proposed, agreed, in progress, "
           "implemented and sustained (or is dropped).")
sel = current_selection()
ui.opening(opening.uptake(sel))

funnel = queries.call("uptake_funnel", sel)
if funnel.empty or int(funnel["pairs_n"].sum()) == 0:
    ui.empty_state("recommendation statuses", "Add recommendations.csv and "
                   "recommendation_status.csv on the Import files page.")
    st.stop()
timing = queries.call("time_to_implementation", sel)
row = timing.iloc[0] if len(timing) else None
a, b, c = st.columns(3)
a.metric("Pairs implemented", int(row["pairs_n"]) if row is not None else 0, border=True)
b.metric("Median days to implementation",
         "–" if row is None or row.isna()["median_days"] else f"{row['median_days']:.0f}", border=True)
c.metric("Range (days)", "–" if row is None or row.isna()["min_days"]
         else f"{row['min_days']:.0f} to {row['max_days']:.0f}", border=True)
ui.chart(charts.uptake_funnel(funnel, "Recommendation × site pairs reaching each stage"), funnel,
         "a pair counts at every stage it reached; the narrowing shows where recommendations stall.",
         "funnel")
by_month = queries.call("uptake_by_month", sel)
if not by_month.empty:
    ui.chart(charts.uptake_by_month(by_month, "Status of every pair, month by month"), by_month,
             "each bar counts the pairs by their status at the end of that month.", "by_month")
pairs = queries.call("uptake", sel)
if not pairs.empty:
    ui.chart(charts.uptake_matrix(pairs, "Latest status of each recommendation at each site"),
             pairs, "each cell is one recommendation at one site, coloured by its latest status; "
             "blank cells have no record.", "matrix")
st.subheader("Where recommendations were decided")
decided = queries.call("recommendation_meetings", sel)
if decided.empty:
    ui.empty_state("links to meetings", "Fill `meeting_id` in recommendation_status.csv "
                   "for the meeting where a status was decided.")
else:
    ui.table(decided, "Recommendations and the meetings that decided them", "decided",
             "each row links a recommendation's status to the meeting where it was decided, "
             "with that meeting's lay equity ratio and attendance.")
