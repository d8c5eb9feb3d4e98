"""Where the logger's journals live, and appending to them.

A minimal version written on the app side (i14a) against the agreed signatures; the
pipeline side's version (i14b) replaces it at merge. Journals sit in a `logger/` folder
beside the database: a load replaces the database file, never that folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["append_events", "list_sessions", "logger_dir", "read_events", "session_path"]


def logger_dir(db_path: str | os.PathLike) -> Path:
    """The folder of journals beside the database."""
    return Path(db_path).resolve().parent / "logger"


def session_path(db_path: str | os.PathLike, session_id: str) -> Path:
    """The journal of one recording session."""
    return logger_dir(db_path) / f"{session_id}.jsonl"


def read_events(path: str | os.PathLike) -> list[dict]:
    """Every event of a journal, in line order (a missing journal has none). A torn last
    line (the device died mid-write) is left out."""
    path = Path(path)
    if not path.exists():
        return []
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return events


def append_events(db_path: str | os.PathLike, session_id: str, events: list[dict]) -> int:
    """Append the events the journal does not hold yet (by event id), durably (fsync);
    returns how many were new. Sending the same events twice appends nothing."""
    path = session_path(db_path, session_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    known = {event.get("event_id") for event in read_events(path)}
    new = []
    for event in events:
        if event.get("event_id") in known:
            continue
        known.add(event.get("event_id"))
        new.append(event)
    if not new:
        return 0
    with path.open("a", encoding="utf-8") as journal:
        for event in new:
            journal.write(json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n")
        journal.flush()
        os.fsync(journal.fileno())
    return len(new)


def list_sessions(db_path: str | os.PathLike) -> list[dict]:
    """One dict per journal beside the database: session id, meeting, observer, started,
    events and whether it has ended, newest first."""
    folder = logger_dir(db_path)
    sessions = []
    for path in sorted(folder.glob("*.jsonl")) if folder.exists() else []:
        events = read_events(path)
        first = next((e for e in events if e.get("kind") == "session"), {})
        sessions.append({
            "session_id": path.stem,
            "cop_id": first.get("cop_id"),
            "meeting_id": first.get("meeting_id"),
            "observer": first.get("observer"),
            "started": first.get("started_at"),
            "events": len(events),
            "finished": any(e.get("kind") == "end" for e in events),
        })
    return sorted(sessions, key=lambda s: s["started"] or "", reverse=True)
