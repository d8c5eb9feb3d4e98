"""Overview: the headline figures, what changed with the latest meeting, and data freshness."""

import pandas as pd
import streamlit as st

from dashboard import opening, queries, ui
from dashboard.report_download import report_download
from dashboard.sections import alerts, funnel
from dashboard.sidebar import current_selection
from dashboard.text import Tile, format_change, format_value, summary_sentences

st.title("Overview")
st.caption("The figures programme managers check first, with the change the latest meeting made.")
sel = current_selection()
ui.opening(opening.overview(sel))

# with intervals: the opening above made those calls, so the tiles share their cache entries
now = queries.headline_figures(sel, intervals=True)
earlier = queries.before_last_meeting(sel)
before = queries.headline_figures(earlier) if earlier else {}
tiles = [
    Tile("Meetings held", "count", now["meetings_held"], before.get("meetings_held")),
    Tile("Attendance rate", "percent", now["attendance_rate"], before.get("attendance_rate"),
         "Members present ÷ members expected, averaged over meetings."),
    Tile("Lay equity ratio", "ratio", now["lay_equity_ratio"], before.get("lay_equity_ratio"),
         "Lay share of talk ÷ lay share of attendees; 1 = parity, below 1 = under-heard."),
    Tile("Voice coverage", "percent", now["voice_coverage"], before.get("voice_coverage"),
         "Share of attendees who spoke at least once, averaged over meetings."),
    Tile("Direct cost to date", "money", now["direct_cost_gbp"], before.get("direct_cost_gbp")),
    Tile("Recommendations implemented", "count", now["implemented_n"], before.get("implemented_n"),
         "Recommendation × site pairs that reached implemented (or sustained)."),
]
if not now["meetings_held"]:
    ui.empty_state("meetings", "Add meetings.csv (and attendance.csv) on the Import files "
                   "page, or run `copdash load <folder>`.")
for index, tile in enumerate(tiles):
    if index % 3 == 0:  # a row of three at a time: on a phone they stack in reading order
        columns = st.columns(3)
    columns[index % 3].metric(
        tile.label, format_value(tile.now, tile.kind), format_change(tile.change, tile.kind),
        help=tile.help or None, delta_description="since before the latest meeting",
        border=True,
    )
ui.download(
    pd.DataFrame([{"figure": t.label, "now": t.now, "before_latest_meeting": t.before,
                   "change": t.change} for t in tiles]),
    "Headline figures", "headline", "Download these figures (CSV)")
st.subheader("What changed")
sentences = summary_sentences(tiles, queries.last_meeting_on(sel))
if sentences:
    st.caption(sentences[0])
st.markdown("\n".join(f"- {s}" for s in sentences[1:]) if sentences else "No meetings yet.")

alerts.alerts(sel)
funnel.cop_funnels(sel)

st.subheader("Data")
freshness = queries.audit("load_freshness")
if freshness.empty:
    ui.empty_state("loads", "Load the programme's files on the Import files page (or "
                   "`copdash load <folder>`); the date of the last load appears here.")
else:
    last = freshness.iloc[0]
    quarantined = int(last["rows_quarantined"])
    st.markdown(
        f"Data last loaded **{last['last_loaded_at']:%d %B %Y at %H:%M}**: {int(last['files_n'])} "
        f"file(s), {int(last['rows_loaded'])} rows loaded, {quarantined} quarantined."
    )
    if quarantined:
        st.warning(f"{quarantined} row(s) of the last load were quarantined. See the Data "
                   "quality page to fix them.", icon=":material/warning:")
    else:
        st.success("The last load passed every check.", icon=":material/check_circle:")

report_download(sel, "overview")
