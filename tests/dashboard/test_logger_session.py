"""The Live logger page's plain helpers: a member added on the spot gets a button of their
type, and a table edit of the start alone leaves the duration out of the edit event."""

from __future__ import annotations

import pandas as pd

from dashboard import logger_session


def test_a_member_added_on_the_spot_gets_a_button_of_their_member_type() -> None:
    """cop1-m21 is in no members table yet; their `present` event's new_member says lay, so
    their button is labelled and grouped as a lay member, not "Unknown type"."""
    members = pd.DataFrame({"member_id": ["cop1-m01"], "member_type": ["clinical"],
                            "role": ["GP"]})
    events = [{"kind": "present", "member_id": "cop1-m01"},
              {"kind": "present", "member_id": "cop1-m21",
               "new_member": {"member_type": "lay", "role": "carer"}}]
    people = logger_session.people(events, members)
    assert [("cop1-m21", "lay", "Lay"), ("cop1-m01", "clinical",
                                         "Professional clinical")] == [
        (p["member_id"], p["member_type"], p["type_label"]) for p in people]


def test_an_edit_of_the_start_alone_leaves_the_duration_out() -> None:
    """Start 1.0 -> 1.5 with the duration untouched: the edit carries start_s only, so the
    turn keeps its exact length."""
    before = pd.DataFrame({"Speaker": ["P01"], "Start (s)": [1.0], "Duration (s)": [4.0],
                           "Act": [""], "Activity": [""]}, index=["t1"])
    after = before.assign(**{"Start (s)": [1.5]})
    [edit] = logger_session.edit_events(before, after, "S1", at=9.0)
    assert {"target": "t1", "start_s": 1.5} == {k: edit[k] for k in edit
                                                if k in ("target", "start_s", "duration_s")}
