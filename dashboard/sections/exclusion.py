"""Digital exclusion, on the Lay members and the In person versus online pages: members who
came in person and then not (or far less) once their CoP moved online.

Shows member-level data (the list of members) to the people who run the CoP; the breakdown
is suppressed below the minimum group size as the survey tables are."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, charts_programme, queries, ui
from dashboard.text import Column

__all__ = ["digital_exclusion"]

BREAKDOWNS = {"member_type": "Member type", "age_band": "Age band",
              "deprivation_quintile": "Deprivation quintile"}
STATUS_WORDS = {"no_online": "Came to no online meeting",
                "far_fewer": "Came far less online (under half their in-person rate)",
                "kept_coming": "Kept coming"}


def digital_exclusion(sel: queries.Selection, key: str) -> None:
    """The section: why a CoP has no move online, the suppressed breakdown, the members."""
    st.subheader("Who stopped coming when meetings moved online")
    st.caption("Members who came to in-person meetings before their CoP moved online (its "
               "first online meeting after meeting in person), and then came to no online "
               "meeting, or to far fewer: their online attendance rate fell below half of "
               "their in-person rate. Hybrid meetings count on neither side.")
    moves = queries.call("online_moves", sel)
    for note in moves["note"].dropna() if len(moves) else []:
        st.info(note, icon=":material/info:")
    # the member list is member-level data: other roles see the suppressed breakdown only
    may_list = queries.allowed("digital_exclusion_members")
    members = queries.call("digital_exclusion_members", sel) if may_list else None
    if members is not None and members.empty:
        ui.empty_state("members to compare before and after a move online",
                       "This needs a CoP that met in person and then online (the `mode` "
                       "column of meetings.csv), with attendance.csv for both.")
        return
    by = st.segmented_control("Break down by", list(BREAKDOWNS), default="member_type",
                              format_func=BREAKDOWNS.get, key=f"{key}_by") or "member_type"
    k = queries.settings().min_group_size
    summary = queries.digital_exclusion(sel, by=by)
    ui.chart(charts_programme.exclusion_bars(
                 summary, f"Who stopped or came far less after the move online, by "
                 f"{BREAKDOWNS[by].lower()}", BREAKDOWNS[by]),
             summary, f"each bar is one group of the members who came in person before "
             f"their CoP moved online: its first part is the share who came to no online "
             f"meeting, its second the share who came far less. Groups of fewer than {k} "
             f"members are hidden (and one more where the total would give a hidden group "
             f"away) so that nobody can be identified.", f"{key}_chart",
             table_columns={"group": Column(BREAKDOWNS[by], "group")})
    if members is None:
        auth.not_available()
        return
    excluded = members[members["exclusion_status"] != "kept_coming"]
    with st.expander(f"Members who stopped or came far less ({len(excluded)}; member-level data)",
                     icon=":material/person_off:"):
        if excluded.empty:
            st.success("Everyone who came in person kept coming online.",
                       icon=":material/check_circle:")
        else:
            ui.table(excluded, "Members excluded after the move online", f"{key}_members",
                     "one row per member: in-person meetings before the move and online "
                     "meetings after it, expected and attended. For the people who run the "
                     "CoP only.", values={"exclusion_status": STATUS_WORDS})
