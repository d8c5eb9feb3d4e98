"""The audit trail: who signed in, loaded, imported, exported or erased what, and when.

Kept in a SQLite file beside the database (`<db name>.audit.sqlite`), not in the DuckDB
file: every load replaces the DuckDB file atomically, which would drop the trail with it,
and a failed load must leave the database unchanged while its attempt is still recorded.
SQLite is in the standard library, takes one short write per event, and several
dashboard sessions may append at once (each insert is its own transaction).

Only the signed-in user's id (their e-mail, or `local` in local mode) is stored, with the
event name and a short detail (a file name, a page, a row count): never the data itself.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pandas as pd

__all__ = ["EVENTS", "os_user", "read", "record", "since", "trail_path"]

EVENTS = ("signed_in", "loaded", "imported", "exported", "erased", "refused", "uploaded")

_CREATE = """
create table if not exists audit_trail (
    at_utc text not null,
    event text not null,
    user_id text not null,
    detail text not null
)
"""


_STAMP = "%Y-%m-%d %H:%M:%S"


def trail_path(db_path: Path | None = None) -> Path:
    """The trail file for the database `db_path` (default: the configured database)."""
    if db_path is None:
        from pipelines.settings import get_settings

        db_path = get_settings().db_path
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".audit.sqlite")


def os_user() -> str:
    """The id of whoever runs a command (the operating system's account name)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no account name (a container without one)
        return "unknown"


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=10)
    con.execute(_CREATE)
    return con


def record(event: str, user_id: str, detail: str = "", *, db_path: Path | None = None) -> None:
    """Append one event (one of EVENTS) by `user_id`, with a short `detail`."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}; use one of {', '.join(EVENTS)}")
    stamp = dt.datetime.now(dt.UTC).strftime(_STAMP)
    with closing(_connect(trail_path(db_path))) as con, con:
        con.execute("insert into audit_trail values (?, ?, ?, ?)",
                    (stamp, event, str(user_id), str(detail)[:500]))


def read(limit: int = 200, *, db_path: Path | None = None) -> pd.DataFrame:
    """The latest `limit` events, newest first: at_utc, event, user_id, detail."""
    path = trail_path(db_path)
    if not path.exists():
        return pd.DataFrame(columns=["at_utc", "event", "user_id", "detail"])
    with closing(_connect(path)) as con:
        return pd.read_sql_query(
            "select at_utc, event, user_id, detail from audit_trail "
            "order by at_utc desc, rowid desc limit ?", con, params=(limit,))


def since(event: str, user_id: str, minutes: float, *,
          db_path: Path | None = None) -> pd.DataFrame:
    """`user_id`'s `event`s of the last `minutes`, oldest first: at_utc, detail (what the
    upload limits count, pipelines/upload_limits.py)."""
    path = trail_path(db_path)
    if not path.exists():
        return pd.DataFrame(columns=["at_utc", "detail"])
    start = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes)).strftime(_STAMP)
    with closing(_connect(path)) as con:
        return pd.read_sql_query(
            "select at_utc, detail from audit_trail where event = ? and user_id = ? "
            "and at_utc > ? order by at_utc, rowid", con, params=(event, str(user_id), start))
