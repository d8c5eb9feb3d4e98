"""Lay members, for the steering group: are lay members heard, or just present?"""

import streamlit as st

from dashboard import auth, charts, opening, queries, ui
from dashboard.report_download import report_download
from dashboard.sections import exclusion, turn_taking
from dashboard.sidebar import current_selection

st.title("Lay members")
st.caption("For the steering group: lay members' share of the talk, their attendance, the "
           "roles they take and what they say in surveys.")
sel = current_selection()
ui.opening(opening.lay_members(sel))

st.subheader("Lay members' voice, meeting by meeting")
per_meeting = ui.meeting_types(sel, "lay_meeting_types")
lay_rows = queries.call("meeting_group", ui.cop_panels(per_meeting, "lay_cops"), by="member_type",
                        group="lay")
timeline = lay_rows[lay_rows["is_observed"].astype(bool)] if len(lay_rows) else lay_rows
if timeline.empty:
    ui.empty_state("observed meetings", "Add speaking_turns.csv for the meetings shown "
                   "to see lay members' share of the talk.")
else:
    shown = timeline[["cop_id", "meeting_id", "held_on", "mode", "meeting_type", "attendees_n",
                      "attendee_share", "talk_share", "equity_ratio"]]
    ui.chart(charts.meeting_timeline(
                 shown, {"talk_share": "Lay share of talk time",
                         "attendee_share": "Lay share of those present"},
                 "Lay members' share of the talk and of the room, per meeting",
                 "Share (%)", panel_names=ui.cop_names(),
                 colours={"talk_share": charts.MEMBER_TYPE_COLOURS["lay"],
                          "attendee_share": charts.OKABE_ITO["grey"]}, dotted=["attendee_share"]),
             shown, "each point is one observed meeting. Where the solid talk line runs below "
             "the dotted line of those present, lay members spoke less than their numbers "
             "would suggest.", "lay_share")
    ui.chart(charts.meeting_timeline(shown, {"equity_ratio": "Lay equity ratio"},
                                     "Lay equity ratio, per meeting", "Equity ratio (1 = parity)",
                                     percent=False, parity=1, panel_names=ui.cop_names()),
             shown, "the equity ratio is the lay share of talk ÷ the lay share of those present. "
             "Above the dashed line lay members talked more than their share of the room, "
             "below it less.", "lay_equity")
if len(lay_rows):
    attended = lay_rows[["cop_id", "meeting_id", "held_on", "mode", "meeting_type", "group",
                         "attendees_n", "expected_n", "attendance_rate"]]
    ui.chart(charts.group_timeline(attended, "attendance_rate",
                                   "Lay members' attendance rate, per meeting", "Attendance rate (%)",
                                   panel_names=ui.cop_names()),
             attended, "the share of the lay members expected at each meeting who came.",
             "lay_attendance")

st.subheader("Who stopped coming")
totals = queries.lay_member_totals(sel).iloc[0]
members = None
if not queries.allowed("lay_members"):  # member-level rows: a count for the other roles
    st.write(f"{int(totals['stopped_coming_n'])} of {int(totals['lay_members_n'])} lay members "
             "attended before and missed the last three meetings they were expected at.")
    auth.not_available()
else:
    members = queries.call("lay_members", sel)
    stopped = members[members["stopped_coming"].fillna(False).astype(bool)] if len(members) else members
    if members.empty:
        ui.empty_state("lay members", "Add members.csv with member_type `lay`, and attendance.csv.")
    elif stopped.empty:
        st.success("No lay member has stopped coming: everyone who attended before came to at "
                   "least one of the last three meetings they were expected at.",
                   icon=":material/check_circle:")
    else:
        ui.table(stopped, "Lay members who stopped coming", "stopped",
                 "lay members who attended before, are still members, and missed the last three "
                 "meetings they were expected at.")

exclusion.digital_exclusion(sel, "lay_exclusion")

st.subheader("Roles, preparation and voice")
acts = queries.call("turn_acts", sel)
lay_acts = acts[acts["member_type"] == "lay"].set_index("act")["turns_n"] if len(acts) else {}
chaired = int(totals["chaired_n"])
recorded = int(queries.call("meeting_counts", sel)["chair_recorded_n"].iloc[0])
a, b, c, d = st.columns(4)
a.metric("Meetings chaired by a lay member", f"{chaired} of {recorded}", border=True,
         help="Of the meetings whose chair is recorded (chair_member_id in meetings.csv).")
b.metric("Lay attendances at preparation sessions",
         f"{int(totals['preparation_attended_n'])}", border=True)
c.metric("Questions asked by lay members", f"{int(lay_acts.get('question', 0))}", border=True)
d.metric("Challenges raised by lay members", f"{int(lay_acts.get('challenge', 0))}", border=True)
if members is not None and len(members):
    ui.table(members, "Lay members attendance and roles", "lay_members",
             "one row per lay member: meetings expected and attended, preparation sessions, "
             "meetings chaired and talk time.")

st.subheader("Survey answers by member type")
k = queries.settings().min_group_size
surveys = queries.call("survey_summary", sel, by="member_type")
if surveys.empty:
    ui.empty_state("survey responses", "Add survey_responses.csv (an instrument from "
                   "data_contracts/instruments/) to see whether members feel heard.")
else:
    for note in surveys.loc[surveys["suppressed"].astype(bool), "note"].dropna().unique():
        st.caption(f":material/visibility_off: {note}")
    ui.table(surveys[["instrument_id", "wave", "scale", "group", "n", "mean", "ci_low",
                      "ci_high", "share_agreeing", "suppressed", "note"]],
             "Survey scores by member type", "lay_surveys",
             f"the mean score per part of the questionnaire, with its 95% interval; groups "
             f"of fewer than {k} respondents are hidden so that nobody can be identified.")

turn_taking.show(sel, "lay_turns", lay_only=True)

report_download(sel, "lay_members")
