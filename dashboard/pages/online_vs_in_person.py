"""In person versus online: did moving online change who takes part?"""

import streamlit as st

from dashboard import charts, queries, ui
from dashboard.sidebar import current_selection

st.title("In person versus online")
st.caption("Each figure for in-person and online meetings side by side, with the difference "
           "(online − in person) and its 95% interval.")
sel = current_selection()

comparison = queries.call("mode_comparison", sel)
if comparison.empty or int(comparison[["in_person_n", "online_n"]].fillna(0).to_numpy().sum()) == 0:
    ui.empty_state("meetings in person or online", "Load meetings held in person and online "
                   "(the `mode` column of meetings.csv).")
else:
    for warning in comparison["warning"].dropna().unique():
        st.warning(warning, icon=":material/warning:")
    shown = comparison.assign(label=comparison["metric"].str.replace("_", " ").str.capitalize()
                              + comparison["group"].fillna("").map(lambda g: f" ({charts.group_label(g)})" if g else ""))
    ui.chart(
        charts.mode_differences(shown, "Online minus in person, per figure, with 95% intervals",
                                ("in_person", "online"), "Difference (online − in person, same unit as the figure)"),
        comparison,
        "a dot right of the dashed line means the figure is higher online; an interval that "
        "crosses the line means the data cannot tell the two modes apart.",
        "modes",
    )
    st.dataframe(comparison, hide_index=True, key="table_modes")
timeline = queries.call("lay_timeline", sel)
if not timeline.empty:
    ui.chart(
        charts.meeting_timeline(timeline, {"lay_equity_ratio": "Lay equity ratio"},
                                "Lay equity ratio over time, meetings shaded by mode",
                                "Equity ratio (1 = parity)", percent=False, parity=1),
        timeline,
        "each point is one observed meeting; the shaded bands show where meetings were "
        "in person or online, so a move online is visible as a change of band.",
        "mode_timeline",
    )
chat = queries.call("chat_by_group", sel)
if chat.empty:
    ui.empty_state("chat messages", "Add chat messages to speaking_turns.csv with "
                   "channel `chat` (the Teams/Zoom importers do this).")
else:
    ui.chart(charts.chat_rate(chat, "Chat messages per attendee, by mode and member type"), chat,
             "taller bars mean a group used the chat more; chat can give a voice to people "
             "who would not speak up.", "chat")
st.subheader("Hybrid meetings: in the room versus remote")
hybrid = queries.call("hybrid_comparison", sel)
if hybrid.empty or int(hybrid["meetings_n"].fillna(0).sum()) == 0:
    ui.empty_state("hybrid meetings", "Record hybrid meetings with `mode` hybrid and each "
                   "attendee's `attended_via` in attendance.csv.")
else:
    for warning in hybrid["warning"].dropna().unique():
        st.warning(warning, icon=":material/warning:")
    ui.table(hybrid, "Hybrid meetings in the room versus remote", "hybrid",
             "difference = remote − in the room, with its 95% interval.")
