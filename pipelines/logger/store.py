"""Journals on disk: one append-only JSON Lines file per recording session.

Journals live in a `logger/` folder beside the database, not in it: a load replaces the
database file, and a journal must outlive every load. Appending is idempotent by event id
(a browser that resends its queue after a dropped connection adds nothing twice) and each
append is flushed and fsynced before it returns, under an exclusive lock, so two requests
of one session never interleave their lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipelines.errors import CopdashError

__all__ = ["SessionInfo", "append_events", "list_sessions", "logger_dir", "read_events",
           "session_path"]

_SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_SQL = Path(__file__).parent / "sql"


def logger_dir(db_path: str | os.PathLike | None = None) -> Path:
    """The `logger/` folder beside the database (the db setting when db_path is None)."""
    from pipelines.load import _resolve_db

    return _resolve_db(db_path).parent / "logger"


def session_path(db_path: str | os.PathLike | None, session_id: str) -> Path:
    """`<logger_dir>/<session_id>.jsonl`; a session id that is not a plain id is refused."""
    if not isinstance(session_id, str) or not _SESSION_ID.match(session_id):
        raise CopdashError(f"'{session_id}' is not a session id: use letters, digits, '.', '_' "
                           "or '-' (at most 64, starting with a letter or digit).")
    return logger_dir(db_path) / f"{session_id}.jsonl"


def append_events(db_path: str | os.PathLike | None, session_id: str,
                  events: list[dict]) -> int:
    """Append the events not yet in the session's journal; return how many were new.

    An event whose event_id is already in the journal (or earlier in `events`) is skipped.
    Every event must be a JSON object with a string event_id of this session.
    """
    path = session_path(db_path, session_id)
    for event in events:
        if not isinstance(event, dict) or not isinstance(event.get("event_id"), str):
            raise CopdashError("An event without an event_id cannot be saved.")
        if event.get("session_id", session_id) != session_id:
            raise CopdashError(f"Event {event['event_id']} belongs to session "
                               f"{event.get('session_id')}, not {session_id}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path) as handle:
        handle.seek(0)
        text = handle.read()
        seen = {e.get("event_id") for e in _events_in(text, path)}
        lines = []
        for event in events:
            if event["event_id"] in seen:
                continue
            seen.add(event["event_id"])
            lines.append(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n")
        if lines and text and not text.endswith("\n"):
            lines.insert(0, "\n")  # a line cut short by a crash stays on its own line
        if lines:
            handle.seek(0, os.SEEK_END)
            handle.write("".join(lines))
            handle.flush()
            os.fsync(handle.fileno())
    return sum(1 for line in lines if line != "\n")


def read_events(path: str | os.PathLike) -> list[dict]:
    """The events of a journal file, in line order (unreadable lines are skipped here;
    `pipelines.logger.journal.parse_lines` is the strict reader that names them)."""
    path = Path(path)
    if not path.is_file():
        return []
    return _events_in(path.read_text(encoding="utf-8"), path)


@dataclass(frozen=True)
class SessionInfo:
    """One recording session as the sessions list shows it."""

    session_id: str
    path: Path
    cop_id: str
    meeting_id: str
    observer: str
    started_at: str
    events: int
    finished: bool          # the journal has an `end` event
    loaded_turns: int       # logger turns of this session in the database now

    @property
    def state(self) -> str:
        if self.loaded_turns:
            return "loaded"
        return "finished" if self.finished else "recording"


def list_sessions(db_path: str | os.PathLike | None = None) -> list[SessionInfo]:
    """Every journal beside the database, newest start first."""
    folder = logger_dir(db_path)
    if not folder.is_dir():
        return []
    loaded = _loaded_turns(db_path)
    sessions = []
    for path in sorted(folder.glob("*.jsonl")):
        events = read_events(path)
        session = next((e for e in events if e.get("kind") == "session"), {})
        session_id = path.stem
        sessions.append(SessionInfo(
            session_id=session_id, path=path, cop_id=str(session.get("cop_id") or ""),
            meeting_id=str(session.get("meeting_id") or ""),
            observer=str(session.get("observer") or ""),
            started_at=str(session.get("started_at") or ""), events=len(events),
            finished=any(e.get("kind") == "end" for e in events),
            loaded_turns=loaded.get(session_id, 0)))
    return sorted(sessions, key=lambda s: (s.started_at, s.session_id), reverse=True)


def _loaded_turns(db_path: str | os.PathLike | None) -> dict[str, int]:
    from pipelines.load import open_readonly

    with open_readonly(db_path) as con:
        rows = con.execute((_SQL / "logger_turns_by_id.sql").read_text(encoding="utf-8"))
        turn_ids = [r[0] for r in rows.fetchall()]
    counts: dict[str, int] = {}
    for folder_session in _session_ids(db_path):
        prefix = f"{folder_session}-"
        counts[folder_session] = sum(1 for t in turn_ids if t.startswith(prefix))
    return counts


def _session_ids(db_path: str | os.PathLike | None) -> list[str]:
    return [p.stem for p in logger_dir(db_path).glob("*.jsonl")]


def _events_in(text: str, path: Path) -> list[dict]:
    events = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a crash mid-write; the strict reader reports it
        if isinstance(event, dict):
            events.append(event)
    return events


@contextlib.contextmanager
def _locked(path: Path) -> Iterator:
    """The journal open for appending, under an exclusive lock on `<journal>.lock` beside it
    (`pipelines.file_lock`: the same on Windows, where the journal itself cannot be locked
    and still written)."""
    from pipelines.file_lock import exclusive

    with exclusive(path.with_name(path.name + ".lock")), \
            open(path, "a+", encoding="utf-8") as handle:
        yield handle
