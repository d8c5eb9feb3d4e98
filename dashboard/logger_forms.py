"""The Live logger's set-up forms for what is not in the database yet (issue 14, item 1):
a new meeting (date, mode, venue, length, type; an id in the CoP's style) and members added
on the spot (member type, role; a pseudonymous id in the CoP's style, never a name).

Nothing here writes: the page puts what these return into the journal's first events, and
"Finish and load" creates the rows through the contracts (`pipelines.logger.setup`).
Members added are kept in `st.session_state["logger_added"]` (per CoP) until the session
starts: a selection of the set-up form, like the ticks in its table.
"""

from __future__ import annotations

import datetime
import itertools

import pandas as pd
import streamlit as st

from dashboard import logger_session, queries
from pipelines.logger import setup
from pipelines.palette import MEMBER_TYPE_LABELS

__all__ = ["add_member", "added_members", "arrival", "new_meeting"]

_OFFERED = 30  # ids offered to the "taken" query at once; the first free one is used


def _taken(candidates: list[str], in_journals: dict) -> set[str]:
    """Of `candidates`, the ids a meeting or member has in the database, or that a
    session's journal creates (`in_journals`: `pipelines.logger.setup.ids_in_journals`)."""
    stored = queries.audit("logger_ids_taken", ids=candidates)
    return set(stored["id"]) | set(in_journals)


def new_meeting(cop_id: str, in_journals: dict) -> tuple[str, dict]:
    """The new meeting's id and its journal fields (`new_meeting`)."""
    left, right = st.columns(2)
    held_on = left.date_input("Date", value=datetime.date.today(), format="DD/MM/YYYY",
                              key="logger_new_date")
    duration = right.number_input("Planned length (minutes)", value=60, step=15,
                                  key="logger_new_duration")
    mode = st.radio("Held", list(setup.MODES), format_func=logger_session.MODE_LABELS.get,
                    horizontal=True, key="logger_new_mode")
    meeting_type = st.selectbox("Meeting type", list(setup.MEETING_TYPES),
                                format_func=logger_session.MEETING_TYPE_LABELS.get,
                                key="logger_new_type")
    venue = st.text_input("Venue (optional)", key="logger_new_venue", max_chars=200)
    cop_meetings = queries.audit("logger_cop_meetings", cop_id=cop_id)
    offered = list(itertools.islice(
        setup.meeting_ids(cop_meetings, cop_id, held_on, meeting_type), _OFFERED))
    suggested = logger_session.first_free(offered, _taken(offered, in_journals))
    typed = st.text_input("Meeting id", key="logger_new_id", placeholder=suggested,
                          help="Leave it blank to use the id shown, in this CoP's style.")
    meeting_id = typed.strip() or suggested
    st.caption(f"The meeting is **{meeting_id}**. It is created in the database with the "
               "session's turns, when you finish and load.")
    fields = {"held_on": held_on.isoformat(), "mode": mode, "duration_min": int(duration),
              "meeting_type": meeting_type}
    if venue.strip():
        fields["venue"] = venue.strip()
    return meeting_id, fields


def _next_member_id(cop_id: str, ours: list[str], in_journals: dict) -> str:
    """The CoP's next free member id: not a member's (`ours`), not one the database or a
    session's journal uses."""
    offered = list(itertools.islice(setup.member_ids(ours, cop_id), _OFFERED))
    return logger_session.first_free(offered, _taken(offered, in_journals) | set(ours))


def added_members(cop_id: str) -> list[dict]:
    """The members added on the spot for `cop_id` so far (member_id, member_type, role,
    is_facilitator)."""
    return st.session_state.setdefault("logger_added", {}).get(cop_id, [])


def add_member(cop_id: str, members: pd.DataFrame, in_journals: dict) -> None:
    """A small form: someone not on the list gets the CoP's next free member id."""
    with st.expander("Someone is not on the list? Add them"):
        st.caption("Members are pseudonymous: give their member type and role, never their "
                   "name. They get the next member id of this CoP, shown on their button.")
        member_type = st.selectbox("Member type", list(MEMBER_TYPE_LABELS),
                                   format_func=MEMBER_TYPE_LABELS.get, key="logger_add_type")
        role = st.text_input("Role (optional)", key="logger_add_role", max_chars=100,
                             placeholder="e.g. patient, carer, physiotherapist, service lead")
        facilitator = st.checkbox("A facilitator from the host unit", key="logger_add_facilitator")
        if not st.button("Add to the list", key="logger_add_member"):
            return
        added = added_members(cop_id)
        ours = list(members["member_id"]) + [m["member_id"] for m in added]
        new_id = _next_member_id(cop_id, ours, in_journals)
        fields = {"member_type": member_type, "is_facilitator": facilitator}
        if role.strip():
            fields["role"] = role.strip()
        st.session_state["logger_added"][cop_id] = [*added, {"member_id": new_id, **fields}]
        st.success(f"Added {new_id} ({MEMBER_TYPE_LABELS[member_type]}), ticked present below.",
                   icon=":material/person_add:")


def arrival(cop_id: str, members: pd.DataFrame, present: set[str], hybrid: bool,
            in_journals: dict, *, can_add: bool = True
            ) -> tuple[str, str | None, dict | None] | None:
    """While recording, someone arrives: a member of the CoP not present yet, or someone
    not on the list, added as at set-up. (member_id, attended_via or None, new_member
    fields or None) when "Mark present" is pressed, else None.

    Drawn inside the recorder's fragment, below it: its widgets rerun only the fragment.
    `can_add`: the session names its CoP (a journal made by hand may not), so a member
    can be created in it."""
    with st.expander("Someone arrived"):
        st.caption("Mark someone who came in after the start as present: they get a button "
                   "on the recorder, after the others, from now on.")
        absent = members[~members["member_id"].isin(present)]
        choices = {"list": "On the list", "new": "Not on the list: add them"}
        offered = [c for c in choices if (c == "list" and len(absent)) or (c == "new" and can_add)]
        if not offered:
            st.caption("Everyone on the list is present.")
            return None
        source = st.radio("Who", offered, format_func=choices.get, horizontal=True,
                          key="logger_arrive_source")
        if source == "list":
            labels = {row.member_id: f"{row.member_id} ({MEMBER_TYPE_LABELS.get(row.member_type, row.member_type)}"
                      + (f", {row.role}" if isinstance(row.role, str) and row.role else "") + ")"
                      for row in absent.itertuples()}
            member_id = st.selectbox("Member", list(labels), format_func=labels.get,
                                     key="logger_arrive_member")
            fields = None
        else:
            member_type = st.selectbox("Member type", list(MEMBER_TYPE_LABELS),
                                       format_func=MEMBER_TYPE_LABELS.get,
                                       key="logger_arrive_type")
            role = st.text_input("Role (optional)", key="logger_arrive_role", max_chars=100,
                                 placeholder="e.g. patient, carer, physiotherapist")
            facilitator = st.checkbox("A facilitator from the host unit",
                                      key="logger_arrive_facilitator")
            member_id = _next_member_id(cop_id, [*members["member_id"], *present], in_journals)
            fields = {"member_type": member_type, "is_facilitator": facilitator}
            if role.strip():
                fields["role"] = role.strip()
            st.caption(f"They get the member id **{member_id}**, shown on their button; "
                       "never give a name.")
        via = None
        if hybrid:
            where = st.radio("Where", ["in_person", "online"], horizontal=True,
                             format_func={"in_person": "In the room", "online": "Remote"}.get,
                             key="logger_arrive_where")
            via = where
        if not st.button("Mark present", key="logger_arrive"):
            return None
        return member_id, via, fields
