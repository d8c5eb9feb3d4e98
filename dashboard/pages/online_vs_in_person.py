"""In person versus online: did moving online change who takes part?"""

import streamlit as st

from dashboard import charts, opening, queries, text, ui
from dashboard.sections import exclusion, fair_comparison
from dashboard.sidebar import current_selection

st.title("In person versus online")
st.caption("Each figure for in-person and online meetings side by side, with the difference "
           "(online − in person) and its 95% interval.")
sel = current_selection()
ui.opening(opening.modes(sel))

comparison = queries.call("mode_comparison", sel)
if comparison.empty or int(comparison[["in_person_n", "online_n"]].fillna(0).to_numpy().sum()) == 0:
    ui.empty_state("meetings in person or online", "Load meetings held in person and online "
                   "(the `mode` column of meetings.csv).")
else:
    for warning in comparison["warning"].dropna().unique():
        st.warning(warning, icon=":material/warning:")
    shown = comparison.assign(label=text.figure_labels(comparison))
    ui.chart(
        charts.mode_differences(shown, "Online minus in person, per figure, with 95% intervals",
                                ("in_person", "online"), "Online − in person"),
        comparison,
        "a dot right of the dashed line means the figure is higher online; the bar through it "
        "is the 95% interval, and one that crosses the dashed line means the data cannot tell "
        "the two modes apart. Rates (attendance, voice coverage) differ in points of 0 to 1 "
        "(0.05 = 5 points), ratios in ratio units.",
        "modes",
    )
    ui.table(comparison, "In person and online, figure by figure", "modes_table",
             "each figure in person and online, the difference (online − in person) with its "
             "95% interval, and how many meetings of each mode it rests on.")
st.subheader("Lay members' share of the talk over time")
per_meeting = ui.meeting_types(sel, "modes_meeting_types")
lay_rows = queries.call("meeting_group", ui.cop_panels(per_meeting, "modes_cops"), by="member_type",
                        group="lay")
timeline = lay_rows[lay_rows["is_observed"].astype(bool)] if len(lay_rows) else lay_rows
if not timeline.empty:
    shown = timeline[["cop_id", "meeting_id", "held_on", "mode", "meeting_type", "talk_share",
                      "attendee_share", "equity_ratio"]]
    ui.chart(
        charts.meeting_timeline(shown, {"equity_ratio": "Lay equity ratio"},
                                "Lay equity ratio over time, with each meeting's mode",
                                "Equity ratio (1 = parity)", percent=False, parity=1,
                                panel_names=ui.cop_names()),
        shown,
        "each point is one observed meeting; above the dashed line lay members talked more "
        "than their share of the room, below it less. A change of band marks a change of "
        "mode, such as a move online.",
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
exclusion.digital_exclusion(sel, "modes_exclusion")
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
fair_comparison.show(sel, "modes")
