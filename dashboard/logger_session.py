"""The Live logger page's plain helpers (no Streamlit): the setup as the journal's first
events (with a meeting or members created on the spot), who is present, which device holds
a session, and table edits as edit events, checked before they are written."""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path

import pandas as pd

from pipelines.logger import store
from pipelines.logger.journal import edit_problem, parse_journal
from pipelines.palette import MEMBER_TYPE_COLOURS, MEMBER_TYPE_LABELS

KINDS = {"session", "present", "speak", "silence", "pause", "resume", "undo", "edit", "end"}
ACTS = ["statement", "question", "challenge", "idea", "agreement", "other"]
ACTIVITIES = ["plenary", "small_group"]
WHERE = {"in_person": "in the room", "online": "remote"}
MODE_LABELS = {"in_person": "In person", "hybrid": "Hybrid (some join remotely)"}
MEETING_TYPE_LABELS = {"cop": "A meeting of the CoP", "planning": "Planning",
                       "steering_group": "Steering group", "preparation": "Preparation",
                       "other": "Other"}


def new_session_id(now: datetime.datetime) -> str:
    """A short id (turn ids are the session id, '-', the event id: at most 64 characters)."""
    return f"s{now:%Y%m%d%H%M%S}-{secrets.token_hex(2)}"


def setup_events(session_id: str, *, meeting_id: str, cop_id: str, observer: str,
                 started: datetime.datetime, present: dict[str, str | None],
                 new_meeting: dict | None = None,
                 new_members: dict[str, dict] | None = None) -> list[dict]:
    """The journal's first events: the session, then one `present` per member ticked
    (member_id -> attended_via, None for a meeting in one place), all at 0 s.

    `new_meeting` (held_on, mode, duration_min, meeting_type, venue) makes the session
    create its meeting; `new_members` (member_id -> member_type, role, is_facilitator) the
    members added on the spot (journal fields: pipelines.logger.setup)."""
    base = {"v": 1, "session_id": session_id, "at": 0}
    session = {**base, "event_id": "session", "kind": "session", "meeting_id": meeting_id,
               "cop_id": cop_id, "observer": observer, "started_at": started.isoformat()}
    if new_meeting:
        session["new_meeting"] = new_meeting
    events = [session]
    for number, (member_id, via) in enumerate(present.items()):
        event = {**base, "event_id": f"p{number}", "kind": "present", "member_id": member_id}
        if via:
            event["attended_via"] = via
        if member_id in (new_members or {}):
            event["new_member"] = new_members[member_id]
        events.append(event)
    return events


def first_free(candidates: list[str], taken: set[str]) -> str:
    """The first of `candidates` (ids in the CoP's style, in order) not in `taken` (the last
    when all are: the set-up's check then names the clash)."""
    return next((c for c in candidates if c not in taken), candidates[-1])


def present_table(members: pd.DataFrame, added: list[dict]) -> pd.DataFrame:
    """The set-up's table: the CoP's members (not ticked), then those added on the spot
    (ticked present: they were added because they are here), all in the room."""
    stored = pd.DataFrame({"member_id": members["member_id"],
                           "member_type": members["member_type"].map(MEMBER_TYPE_LABELS),
                           "role": members["role"], "added": False, "present": False})
    new = pd.DataFrame({"member_id": [m["member_id"] for m in added],
                        "member_type": [MEMBER_TYPE_LABELS.get(m["member_type"]) for m in added],
                        "role": [m.get("role", "") for m in added], "added": True,
                        "present": True})
    table = pd.concat([stored, new], ignore_index=True) if added else stored
    return table.assign(in_room=True).reset_index(drop=True)


def people(events: list[dict], members: pd.DataFrame) -> list[dict]:
    """One button per member present, for the recorder: those ticked at set-up grouped by
    member type (lay first), then those who arrived later, in the order they arrived, so an
    arrival never moves anyone's key (keys follow the order)."""
    kinds = dict(zip(members["member_id"], members["member_type"], strict=True)) if len(members) else {}
    order = list(MEMBER_TYPE_LABELS)
    found: dict[str, dict] = {}
    arrived: list[str] = []
    for e in sorted((e for e in events if e.get("kind") == "present"),
                    key=lambda e: float(e.get("at") or 0)):
        if e["member_id"] in found:
            continue  # marked present twice: one button
        created = e.get("new_member") if isinstance(e.get("new_member"), dict) else {}
        member_type = kinds.get(e["member_id"], str(created.get("member_type") or ""))
        found[e["member_id"]] = {
            "member_id": e["member_id"], "label": e["member_id"], "member_type": member_type,
            "type_label": MEMBER_TYPE_LABELS.get(member_type, "Unknown type"),
            "colour": MEMBER_TYPE_COLOURS.get(member_type, "#555555"),
            "where": WHERE.get(e.get("attended_via"), ""),
        }
        if float(e.get("at") or 0) > 0:
            arrived.append(e["member_id"])
    at_start = sorted((p for m, p in found.items() if m not in arrived),
                      key=lambda p: (order.index(p["member_type"])
                                     if p["member_type"] in order else 9, p["member_id"]))
    return at_start + [found[m] for m in arrived]


def session_time(events: list[dict], started: datetime.datetime,
                 now: datetime.datetime) -> float:
    """Seconds since the session started, now, for an event the page writes (an arrival):
    the server's clock against `started_at` (the recorder's clock is anchored to the same
    start), and never before the journal's last event, so the arrival comes after every
    tap the journal holds (milliseconds, as the recorder's times)."""
    elapsed = round((now - started).total_seconds(), 3)
    return max([elapsed, 0.0, *(float(e.get("at") or 0) for e in events)])


def clock(seconds: float) -> str:
    """Seconds since the start as the recorder's clock shows them (m:ss, h:mm:ss)."""
    whole = int(seconds)
    h, m, r = whole // 3600, whole % 3600 // 60, whole % 60
    return f"{h}:{m:02d}:{r:02d}" if h else f"{m}:{r:02d}"


def arrival_event(session_id: str, member_id: str, *, at: float, via: str | None = None,
                  new_member: dict | None = None) -> dict:
    """The `present` event of someone who arrives after the start: the same event as
    set-up's (with `new_member` when they are created on the spot), at the session's time."""
    event = {"v": 1, "session_id": session_id, "event_id": f"a{secrets.token_hex(4)}",
             "at": at, "kind": "present", "member_id": member_id}
    if via:
        event["attended_via"] = via
    if new_member:
        event["new_member"] = new_member
    return event


def clean(batch: object, session_id: str) -> list[dict]:
    """The events of a batch from the browser that are this session's, of a known kind."""
    if not isinstance(batch, dict) or not isinstance(batch.get("events"), list):
        return []
    return [e for e in batch["events"]
            if isinstance(e, dict) and e.get("session_id") == session_id
            and e.get("kind") in KINDS and isinstance(e.get("event_id"), str)
            and isinstance(e.get("at"), int | float) and e["at"] >= 0]


def _owner_file(db: Path, session_id: str) -> Path:
    return store.logger_dir(db) / f"{session_id}.owner"


def owner(db: Path, session_id: str) -> str | None:
    """The device recording the session (the others see it read-only)."""
    path = _owner_file(db, session_id)
    return path.read_text(encoding="utf-8").strip() or None if path.exists() else None


def take_over(db: Path, session_id: str, device: str) -> None:
    """Make `device` the one recording the session."""
    path = _owner_file(db, session_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(device, encoding="utf-8")


def editable(turns: pd.DataFrame, session_id: str) -> pd.DataFrame:
    """The recorded turns as the page's table shows them (event id as the index).

    `turns` are `journal_to_rows`' canonical strings: turn_id = session_id + "-" + event id."""
    start = pd.to_numeric(turns["start_s"], errors="coerce").astype(float)  # "4" -> 4.0, so
    duration = pd.to_numeric(turns["duration_s"], errors="coerce").astype(float)  # 2.5 can be typed
    return pd.DataFrame({
        "Speaker": turns["member_id"].astype(str).to_numpy(),
        "Start (s)": start.round(2).to_numpy(),
        "Duration (s)": duration.round(2).to_numpy(),
        "Act": turns["act"].fillna("").astype(str).to_numpy(),
        "Activity": turns["activity"].fillna("").astype(str).to_numpy(),
    }, index=[t.removeprefix(f"{session_id}-") for t in turns["turn_id"]])


EDIT_COLUMNS = {"Speaker": "member_id", "Start (s)": "start_s", "Duration (s)": "duration_s",
                "Act": "act", "Activity": "activity"}


def edit_events(before: pd.DataFrame, after: pd.DataFrame, session_id: str,
                at: float) -> list[dict]:
    """One `edit` event per turn changed in the table (speaker, start, duration, act,
    activity); a start or duration left as it was is not in the event, so it stays exact."""
    events = []
    for event_id in before.index:
        changed = {}
        for column, field in EDIT_COLUMNS.items():
            new, old = after.at[event_id, column], before.at[event_id, column]
            if new is None or new == "" or (field in ("start_s", "duration_s") and pd.isna(new)):
                continue
            if new != old:
                changed[field] = float(new) if field in ("start_s", "duration_s") else new
        if changed:
            events.append({"v": 1, "event_id": f"x{secrets.token_hex(4)}",
                           "session_id": session_id, "at": at, "kind": "edit",
                           "target": event_id, **changed})
    return events


def checked_edits(events: list[dict], edits: list[dict]) -> tuple[list[dict], list[str]]:
    """The edits that apply to the journal's turns (each checked after those before it),
    and in plain words why each other one cannot (it would overlap a turn, leave the
    session, or last no time): the same rule the journal's reading applies."""
    accepted: list[dict] = []
    refused: list[str] = []
    for edit in edits:
        if "start_s" in edit or "duration_s" in edit:
            problem = edit_problem(parse_journal(events + accepted), edit)
            if problem:
                refused.append(f"Not changed: {problem}")
                continue
        accepted.append(edit)
    return accepted, refused
