"""Who responds to whom: the transition heat map, response shares and who answers lay
members' questions and challenges (Participation and Lay members pages)."""

from __future__ import annotations

import streamlit as st

from dashboard import charts_turns, queries, ui
from dashboard.text import Column

__all__ = ["show"]

_TRANSITION_COLUMNS = {
    "from_member_type": Column("Turn taken by", "group"),
    "to_member_type": Column("Next turn taken by", "group"),
    "transitions_n": Column("Transitions seen (count)", "count"),
    "expected_n": Column("Expected by chance (count)", "decimal",
                         "What random mixing would give: this type's transitions out x the "
                         "next type's transitions in / all transitions, summed over meetings."),
    "ratio": Column("Seen ÷ expected", "decimal", "Blank (–) when nothing was expected."),
}


def show(sel: queries.Selection, key: str, lay_only: bool = False) -> None:
    """The section, its widgets' and charts' keys prefixed by `key`; `lay_only` shows the
    lay members' rows of the response and answer tables only (Lay members page)."""
    st.subheader("Who responds to whom")
    response, notes = queries.call("turn_response_and_notes", sel)
    for note in notes:
        st.caption(f":material/info: {note}")
    transitions = queries.call("turn_transitions", sel)
    if int(transitions["meetings_n"].max() if len(transitions) else 0) == 0:
        ui.empty_state("turns of the whole group", "Add speaking_turns.csv with the order of "
                       "plenary turns (start_s) for the meetings shown.")
        return
    ui.chart(
        charts_turns.transition_heatmap(
            transitions, "Who takes the floor after whom: transitions seen (expected by chance)"),
        transitions,
        "each cell is the floor passing from the member type on the left to the type along "
        "the top; the number is how often it happened, in brackets how often random mixing "
        "would give. Blue cells happen more often than chance, orange cells less, white about "
        "as often. Facilitators and small-group work are left out; one person's run of turns "
        f"counts once. n = {int(transitions['meetings_n'].max())} observed meetings.",
        f"{key}_transitions", table_columns=_TRANSITION_COLUMNS,
    )
    if lay_only:
        response = response[response["member_type"] == "lay"]
    ui.table(response, "Turns responded to by another member type", f"{key}_response",
             "the share of each member type's turns followed, within the next two turns, by "
             "someone of another type (a response), with its 95% interval over meetings.")
    answers = queries.call("turn_answers", sel)
    answers = answers[answers["member_type"] == "lay"]
    if answers.empty:
        st.caption("No question or challenge by a lay member is coded in the selected "
                   "meetings (the `act` column of speaking_turns.csv).")
    else:
        ui.table(answers, "Who answers lay members' questions and challenges", f"{key}_answers",
                 "each row is one kind of turn (question or challenge) by lay members and the "
                 "member type who spoke next; none = nobody took the floor after it.",
                 columns={"member_type": Column("Asked by", "group"),
                          "answered_by": Column("Answered by", "group"),
                          "turns_n": Column("Turns (count)", "count"),
                          "share": Column("Share of these turns (%)", "percent")})
