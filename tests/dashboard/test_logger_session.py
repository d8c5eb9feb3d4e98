"""The Live logger page's plain helpers: a member added on the spot gets a button of their
type, and a table edit of the start alone leaves the duration out of the edit event."""

from __future__ import annotations

import datetime as dt

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


def test_someone_who_arrives_later_gets_the_last_button_so_no_key_moves() -> None:
    """At set-up: cop1-m02 (clinical), cop1-m01 (lay) -> lay first: m01, m02 (keys 1, 2).
    cop1-m03 (lay) arrives at 42 s: sorted by type they would take key 2 and push m02 to
    3; as an arrival they come last (key 3), and m01, m02 keep keys 1 and 2."""
    members = pd.DataFrame({"member_id": ["cop1-m01", "cop1-m02", "cop1-m03"],
                            "member_type": ["lay", "clinical", "lay"], "role": ["", "", ""]})
    events = [{"kind": "present", "member_id": "cop1-m02", "at": 0},
              {"kind": "present", "member_id": "cop1-m01", "at": 0},
              {"kind": "speak", "member_id": "cop1-m01", "at": 10},
              {"kind": "present", "member_id": "cop1-m03", "at": 42}]
    assert ["cop1-m01", "cop1-m02", "cop1-m03"] == [
        p["member_id"] for p in logger_session.people(events, members)]


def test_the_arrivals_time_is_the_session_clock_never_before_the_last_event() -> None:
    """Started 10:00:00; now 10:02:03.5 -> 123.5 s. With a tap at 130 s in the journal
    (the recorder's device clock a little ahead), the arrival is at 130 s, after it."""
    started = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
    now = dt.datetime(2026, 12, 7, 10, 2, 3, 500000, tzinfo=dt.UTC)
    assert 123.5 == logger_session.session_time([{"at": 0}, {"at": 100}], started, now)
    assert 130.0 == logger_session.session_time([{"at": 0}, {"at": 130}], started, now)
