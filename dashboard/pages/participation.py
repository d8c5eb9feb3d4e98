"""Participation equity: does each group talk in proportion to its presence?"""

import streamlit as st

from dashboard import charts, opening, queries, ui
from dashboard.sections import turn_taking
from dashboard.sidebar import current_selection

BY = {"member_type": "Member type", "gender": "Gender", "age_band": "Age band",
      "deprivation_quintile": "Deprivation quintile (1 = most deprived)"}
BASIS = {"time": "Talk time", "turns": "Number of turns"}

st.title("Participation equity")
st.caption("Who talks, compared with who is in the room. Observed meetings only (meetings "
           "with at least one recorded voice turn).")
sel = current_selection()
left, right = st.columns(2)
by = left.selectbox("Compare by", list(BY), format_func=BY.get, key="participation_by")
basis = right.radio("Measure talk by", list(BASIS), format_func=BASIS.get,
                    key="participation_basis", horizontal=True)
ui.opening(opening.participation(sel, by, basis))

equity = queries.call("pooled_equity", sel, by=by, basis=basis)
if equity.empty:
    ui.empty_state("speaking turns", "Add speaking_turns.csv (from an observer's coding "
                   "sheet, a transcript or the meeting-file importers) for the meetings shown.")
else:
    ui.chart(
        charts.equity_intervals(equity, f"Equity ratio by {BY[by].lower()} ({BASIS[basis].lower()}), "
                                "with 95% intervals", BY[by]),
        equity,
        "a dot left of the dashed line means the group talks less than its share of the room; "
        "the bar through it is the 95% interval (none when there are fewer than 3 meetings). "
        "All observed meetings of the types chosen in the sidebar count.",
        "equity",
    )
st.subheader("Meeting by meeting")
per_meeting = ui.meeting_types(sel, "participation_meeting_types")
# per CoP: the same cached call picks the CoPs of the coverage panels below
observed_n = int(queries.call("meeting_counts_by_cop", per_meeting)["observed_n"].sum())
if observed_n > charts.MAX_SCATTER_MEETINGS:
    # a dot per meeting and group would be too many to see (or draw): count them in squares
    grid = queries.call("meeting_share_grid", per_meeting, by=by)
    if not grid.empty:
        ui.chart(
            charts.share_grid(grid, f"Meetings by share of talk time and share of attendees, "
                              f"per {BY[by].lower()}"),
            grid,
            "each square counts the meetings where the group had that share of the room "
            "(across) and of the talk (up); squares below the dashed diagonal are meetings "
            "where the group talked less than its share of the room.",
            "shares",
        )
        st.caption(f"{observed_n:,} observed meetings are too many to show one dot each. "
                   "Choose fewer CoPs or a shorter period in the sidebar to see each meeting.")
else:
    groups = queries.call("meeting_group", per_meeting, by=by)
    observed = groups.dropna(subset=["talk_share"])
    if not observed.empty:
        ui.chart(
            charts.share_scatter(observed, f"Share of talk time against share of attendees, "
                                 f"per meeting and {BY[by].lower()}"),
            observed[["cop_id", "meeting_id", "held_on", "mode", "meeting_type", "group",
                      "attendee_share", "talk_share", "equity_ratio"]],
            "each dot is one group at one meeting; dots below the dashed diagonal talked less "
            "than their share of the room.",
            "shares",
        )
meetings = queries.call("meeting_summary", ui.cop_panels(per_meeting, "participation_cops"))
observed_meetings = meetings[meetings["is_observed"].astype(bool)] if len(meetings) else meetings
if not observed_meetings.empty:
    shown = observed_meetings[["cop_id", "meeting_id", "held_on", "mode", "meeting_type",
                               "attendees_n", "voice_coverage", "gini_talk"]]
    ui.chart(
        charts.meeting_timeline(shown, {"voice_coverage": "Voice coverage"},
                                "Voice coverage: the share of attendees who spoke, per meeting",
                                "Attendees who spoke (%)", panel_names=ui.cop_names()),
        shown, "each point is one observed meeting; 100% means everyone present said "
        "something, lower means some attendees never spoke.", "coverage",
    )
    ui.chart(
        charts.meeting_timeline(shown, {"gini_talk": "Gini of talk time"},
                                "Inequality of talk (Gini), per meeting",
                                "Gini (0 = equal, 1 = one voice)", percent=False,
                                panel_names=ui.cop_names(),
                                colours={"gini_talk": charts.OKABE_ITO["reddish_purple"]}),
        shown, "each point is one observed meeting; the Gini is 0 when everyone present "
        "talked for the same time and near 1 when one person did all the talking (people "
        "who did not speak count as 0).", "gini",
    )
acts = queries.call("turn_acts", sel)
if acts.empty:
    ui.empty_state("coded turn acts", "Fill the `act` column of speaking_turns.csv "
                   "(question, challenge, idea, ...) to see what kind of turns each group takes.")
else:
    ui.chart(charts.turn_acts(acts, "What kind of turns each member type takes"), acts,
             "each bar is one member type's coded turns, split by kind; compare the share "
             "of questions and challenges between types.", "acts")
turn_taking.show(sel, "participation_turns")
