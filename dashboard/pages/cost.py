"""Cost and value: what the CoP costs, per meeting, per attendee hour, per implemented change."""

import streamlit as st

from dashboard import charts, opening, queries, ui
from dashboard.sidebar import current_selection
from dashboard.text import format_value

st.title("Cost and value")
st.caption("Direct cost from the finance export; time cost values members' hours at the rates "
           "shown below; full economic cost is the two together.")
sel = current_selection()
ui.opening(opening.cost(sel))

summary = queries.call("cost_summary", sel)
if summary.empty or float(summary["direct_cost_gbp"].astype(float).sum()) == 0:
    ui.empty_state("costs", "Add costs.csv (one row per invoice or payment) on the Import "
                   "files page, and time_rates.csv to value members' time.")
totals = queries.call("cost_totals", sel).iloc[0]
tiles = [
    ("Direct cost", format_value(totals["direct_cost_gbp"], "money")),
    ("of which overheads (no meeting)", format_value(totals["overhead_cost_gbp"], "money")),
    ("Time cost", format_value(totals["time_cost_gbp"], "money")),
    ("Full economic cost", format_value(totals["full_cost_gbp"], "money")),
    ("Direct cost per attendee hour", format_value(totals["cost_per_attendee_hour_gbp"], "money2")),
    ("Full cost per implemented recommendation",
     format_value(totals["cost_per_implemented_gbp"], "money")),
]
for index, (label, value) in enumerate(tiles):
    if index % 3 == 0:  # a row of three at a time: on a phone they stack in reading order
        columns = st.columns(3)
    columns[index % 3].metric(label, value, border=True)
ui.download(summary, "Cost summary per CoP", "cost_summary", "Download the cost summary (CSV)")

categories = queries.call("cost_by_category", sel)
if not categories.empty:
    ui.chart(charts.cost_by_category(categories, "Direct cost by category"), categories,
             "each bar is one kind of cost over the whole selection; the longest bar is where "
             "most of the money went.", "categories")
months = queries.call("cost_by_month", sel, per_cop=False)  # the chart sums the CoPs
if not months.empty:
    ui.chart(charts.cost_by_month(months, "Direct cost by month and category"), months,
             "each bar is one month's spending, split by category (one colour per category).",
             "months")
meetings = queries.call("meeting_cost", sel)
if not meetings.empty:
    ui.chart(charts.meeting_costs(meetings, "direct_cost_gbp", "Direct cost per meeting (overheads apart)",
                                  "Direct cost (£)"),
             meetings, "each bar is the costs recorded against one meeting, coloured by how it "
             "was held; costs with no meeting are overheads, shown in the tiles above.",
             "meeting_cost")
modes = queries.call("mode_cost", sel)
if not modes.empty:
    ui.chart(charts.by_mode(modes, "cost_per_attendee_hour_gbp",
                            "Direct cost per attendee hour, in person, online and hybrid",
                            "Cost per attendee hour (£)", money=True),
             modes, "each bar is the costs recorded against meetings of that mode, divided by "
             "the hours members spent in those meetings (overheads left out).", "mode_cost")
st.subheader("Rates used to value members' time")
rates = queries.call("time_rates_used", sel)
if rates.empty:
    ui.empty_state("time rates", "Add time_rates.csv (hourly cost per member type and role, "
                   "e.g. from the Unit Costs of Health and Social Care) with its source.")
else:
    ui.table(rates, "Time rates used", "rates", "hourly rate per member type and role, "
             "with the source it was taken from.")
missing = queries.call("missing_rates", sel)
if not missing.empty:
    st.warning(f"{int(missing['attendance_rows'].sum())} attendance(s) have no hourly rate and "
               "count as £0 of time. Add the member types and roles below to time_rates.csv.",
               icon=":material/warning:")
    ui.table(missing, "Attendances without a time rate", "missing_rates")
