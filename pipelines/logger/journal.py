"""A journal's events as the meeting's speaking turns and attendance (the spec's "Turns").

A minimal version written on the app side (i14a) so the page can show and edit the turns
recorded so far; the pipeline side's version (i14b: validation, clock jumps, messages)
replaces it at merge, with the same `journal_to_rows`.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["journal_to_rows"]

BOUNDARIES = {"speak", "silence", "pause", "end"}
TURN_COLUMNS = ["turn_id", "meeting_id", "member_id", "channel", "start_s", "duration_s",
                "activity", "act", "source", "event_id"]
ATTENDANCE_COLUMNS = ["meeting_id", "member_id", "status", "attended_via"]


def _ordered(events: list[dict]) -> list[dict]:
    """One event per id (the first line), in order of `at`, then of line."""
    seen, unique = set(), []
    for event in events:
        if event.get("event_id") in seen:
            continue
        seen.add(event.get("event_id"))
        unique.append(event)
    return sorted(unique, key=lambda e: float(e.get("at", 0)))  # sort is stable: line order


def journal_to_rows(events: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(turns, attendance) of a journal: one voice turn per `speak` not undone, ending at
    the next boundary not undone (a `speak` with none is open and left out); attendance
    `present` per `present` event."""
    ordered = _ordered(events)
    session = next((e for e in ordered if e.get("kind") == "session"), {})
    meeting_id, session_id = session.get("meeting_id"), session.get("session_id")
    undone = {e.get("target") for e in ordered if e.get("kind") == "undo"}
    edits: dict[str, dict] = {}
    for e in ordered:
        if e.get("kind") == "edit":
            edits.setdefault(e.get("target"), {}).update(
                {k: e[k] for k in ("member_id", "act", "activity") if k in e})
    live = [e for e in ordered if e.get("kind") in BOUNDARIES and e.get("event_id") not in undone]
    turns = []
    for here, after in zip(live, live[1:], strict=False):
        if here["kind"] != "speak":
            continue
        fields = {**{k: here.get(k) for k in ("member_id", "act", "activity")},
                  **edits.get(here["event_id"], {})}
        turns.append({
            "turn_id": f"{session_id}-{here['event_id']}", "meeting_id": meeting_id,
            "member_id": fields["member_id"], "channel": "voice",
            "start_s": float(here["at"]), "duration_s": float(after["at"]) - float(here["at"]),
            "activity": fields.get("activity"), "act": fields.get("act"), "source": "logger",
            "event_id": here["event_id"],
        })
    attendance = {}
    for e in ordered:
        if e.get("kind") == "present":
            attendance[e["member_id"]] = {"meeting_id": meeting_id, "member_id": e["member_id"],
                                          "status": "present",
                                          "attended_via": e.get("attended_via")}
    return (pd.DataFrame(turns, columns=TURN_COLUMNS),
            pd.DataFrame(list(attendance.values()), columns=ATTENDANCE_COLUMNS))
