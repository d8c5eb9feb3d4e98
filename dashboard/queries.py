"""Small cached functions over the metrics API and the audit tables.

Every number on a page comes from `pipelines.metrics`; this module only holds a read-only
connection, calls the API and caches the answer. The cache key is the function, its
arguments, the Selection and the database file's modification time, so a new load shows
at once while repeated page views cost nothing.

One read-only connection is shared per (database file, modification time): opening one
costs about 20 ms, more than most queries. Loads replace the file atomically
(`os.replace`), so the old connection keeps reading the old file until the key changes;
then a new one opens and the superseded one is closed. Each query runs on its own
cursor (DuckDB cursors are safe to use from Streamlit's script threads). Nothing here
imports great_expectations (the load module imports it lazily).

This is also where access is enforced (issue 13, docs/security.md): `call` and `audit` take
the signed-in user from `dashboard.auth`, refuse a function the user's role may not read
(`pipelines.access.check`, which refuses unclassified functions to all but the manager)
and narrow the Selection to the user's CoPs BEFORE the query runs; the cache key holds the
role and the narrowed Selection, so one user's answer is never served to another role.
A page that forgets a check still cannot show forbidden rows: it gets `access.Refused`.
"""

from __future__ import annotations

import contextlib
import datetime
import inspect
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import streamlit as st

import pipelines.audit as pipelines_audit
import pipelines.audit_trail as audit_trail
import pipelines.metrics as metrics
from dashboard import auth
from pipelines import access
from pipelines.load import open_readonly
from pipelines.metrics import Selection
from pipelines.metrics.exclusion import exclusion_summary
from pipelines.metrics.mode_fairness import side_by_side
from pipelines.metrics.totals import totals_of_lay_members
from pipelines.settings import get_settings

__all__ = ["Selection", "allowed", "audit", "audit_if_allowed", "call", "call_key", "connection",
           "db_key", "settings"]

_SQL_DIR = Path(__file__).resolve().parent / "sql"
T = TypeVar("T")


def settings():
    """The current settings (database path, suppression threshold k)."""
    return get_settings()


def db_key() -> tuple[str, int, str]:
    """The database file, its modification time (a new load changes the key) and the
    settings that change figures (suppression threshold k; bootstrap resamples, seed, and the
    number of meetings above which intervals are linearised)."""
    current = get_settings()
    path = current.db_path
    knobs = (f"{current.min_group_size}/{current.bootstrap_resamples}/{current.bootstrap_seed}"
             f"/{current.bootstrap_max_meetings}")
    try:
        return str(path), path.stat().st_mtime_ns, knobs
    except FileNotFoundError:
        return str(path), 0, knobs


class _Latest:
    """The one open connection (and what closes it), for the latest (path, mtime) seen.

    Opening the connection for a new key closes the previous one, so a session of many
    loads never piles up open files (each superseded database file stays on disk, unlinked,
    for as long as a connection holds it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[str, int] | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._closer: contextlib.ExitStack | None = None

    def open(self, path: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._key == (path, mtime_ns) and self._con is not None:
                return self._con
            closer = contextlib.ExitStack()
            if Path(path).exists():
                con = closer.enter_context(duckdb.connect(":memory:"))
                con.execute(_sql("attach_live"), {"path": path})
                con.execute("use live")
            else:
                # open_readonly's in-memory stand-in with the empty tables and marts, so
                # every page can show its empty state; the stack keeps it open.
                con = closer.enter_context(open_readonly(path))
            if self._closer is not None:
                self._closer.close()
            self._key, self._con, self._closer = (path, mtime_ns), con, closer
            return con

    def is_current(self, con: duckdb.DuckDBPyConnection) -> bool:
        with self._lock:
            return con is self._con


_LATEST = _Latest()


@st.cache_resource(show_spinner=False, max_entries=4,
                   validate=lambda con: _LATEST.is_current(con))
def _shared_connection(path: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    return _LATEST.open(path, mtime_ns)


def connection(key: tuple[str, int, str] | None = None) -> duckdb.DuckDBPyConnection:
    """The shared read-only connection for the database of `key` (default: `db_key()`)."""
    path, mtime_ns, _knobs = key or db_key()
    return _shared_connection(path, mtime_ns)


def _on_cursor(key: tuple[str, int, str], work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run `work` on a cursor of the shared connection. If a newer load's connection closed
    this one under the query (another session saw the new file first), run it once more
    on the current database."""
    try:
        return _run_on_cursor(connection(key), work)
    except duckdb.ConnectionException:
        return _run_on_cursor(connection(db_key()), work)


_CURSORS = threading.Lock()  # a connection's list of cursors is not meant for two threads at once


def _run_on_cursor(con: duckdb.DuckDBPyConnection, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    with _CURSORS:
        cursor = con.cursor()
    try:
        if _has_live(cursor):
            cursor.execute("use live")  # a cursor starts in the in-memory catalog
        return work(cursor)
    finally:
        cursor.close()


@st.cache_data(show_spinner="Working out the figures…", max_entries=512)
def _cached_call(name: str, sel: Selection | None, key: tuple[str, int, str], kwargs: tuple,
                 role: str = "manager") -> object:
    function = getattr(metrics, name)
    if sel is None:
        return _on_cursor(key, lambda con: function(con, **dict(kwargs)))
    return _on_cursor(key, lambda con: function(con, sel, **dict(kwargs)))


def _signed_in(name: str) -> access.User:
    """The current user, once `name` is checked against their role (else `access.Refused`)."""
    user = auth.current_user()
    access.check(user, name)
    return user


def allowed(name: str) -> bool:
    """Whether the current user may read `name` (a page asks before drawing a section)."""
    user = auth.current_user()
    return user is not None and access.allowed(user, name)


@cache
def _defaults(name: str) -> dict[str, object]:
    parameters = inspect.signature(getattr(metrics, name)).parameters.values()
    return {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}


def call_key(name: str, kwargs: dict[str, object]) -> tuple:
    """The arguments of a call as its cache key: sorted, without those that spell out the
    function's default, so `pooled_equity(sel, intervals=True)` and `pooled_equity(sel)`
    share one cache entry (the same figures: one query, not two)."""
    defaults = _defaults(name)

    def is_default(key: str, value: object) -> bool:
        # the same type too: intervals=1 is not the default True
        return key in defaults and type(value) is type(defaults[key]) and value == defaults[key]

    return tuple(sorted((key, value) for key, value in kwargs.items() if not is_default(key, value)))


def call(name: str, sel: Selection | None = None, **kwargs: object):
    """`pipelines.metrics.<name>(con, sel, **kwargs)`, cached until the next load, for the
    signed-in user: refused (`access.Refused`) unless their role may read it, and only
    ever over their CoPs."""
    user = _signed_in(name)
    answer = _cached_call(name, access.restrict(user, sel), db_key(), call_key(name, kwargs),
                          user.role.value)
    return access.restrict_frame(user, answer)


def _has_live(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute(_sql("live_attached")).fetchone()[0])


@cache
def _sql(name: str) -> str:
    return (_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_audit(name: str, key: tuple[str, int, str], params: tuple) -> object:
    # DuckDB wants lists (not tuples) for list parameters; tuples keep the cache key hashable.
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in params}
    shared = getattr(pipelines_audit, name, None)
    if shared is not None:  # the same reading as `copdash status` / `copdash quarantine`
        return _on_cursor(key, lambda con: shared(con, **values))
    return _on_cursor(key, lambda con: con.execute(_sql(name), values).df())


def audit(name: str, **params: object) -> object:
    """A read of the audit tables (a frame, or a count): `pipelines.audit.<name>` where the command line has the
    same question, else `dashboard/sql/<name>.sql`; read-only, cached until the next load.
    `audit_trail` reads the trail beside the database (never cached: it grows between
    loads). Refused like `call` when the user's role may not read `name`, and narrowed to
    the user's CoPs: a `cop_id` parameter outside them finds nothing, rows with a cop_id
    are kept only for their CoPs, and reads of every CoP's loading are refused to a user
    limited to some CoPs (`access.PROGRAMME_WIDE`)."""
    user = _signed_in(name)
    if name == "audit_trail":
        return audit_trail.read(db_path=settings().db_path, **params)
    params = access.restrict_params(user, params)
    items = tuple(sorted((k, _hashable(v)) for k, v in params.items()))
    return access.restrict_cops(user, _cached_audit(name, db_key(), items))


def audit_if_allowed(name: str, **params: object) -> object:
    """`audit`, except that a read the user may not make gives an empty table instead of
    `access.Refused`: for the printable report, which leaves out a table it cannot fill (the
    whole database's row counts, for a user limited to some CoPs)."""
    if not allowed(name):
        return pd.DataFrame()
    return audit(name, **params)


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


# ---------------------------------------------------------------- compositions of API calls


def _first_value(frame: pd.DataFrame, column: str, **where: object) -> float | None:
    rows = frame
    for name, value in where.items():
        rows = rows[rows[name] == value]
    if rows.empty or pd.isna(rows[column].iloc[0]):
        return None
    return float(rows[column].iloc[0])


def headline_figures(sel: Selection, intervals: bool = False) -> dict[str, float | None]:
    """The Overview's six figures for one selection, each read from the metrics API.

    The tiles show no intervals, so by default none are computed (the bootstrap is most of
    the cost). `intervals=True` reads the calls with intervals instead (the same point
    values): the Overview's opening sentences already make those for the current selection,
    so its tiles take theirs from the same cache entries rather than a second query each
    (70 ms at 10M turns).
    Meetings are counted (`meeting_counts`), not fetched; direct cost is the sum of
    `cost_by_category` (the same cost rows as `cost_summary`'s direct cost, without its
    time and attendance figures, and the Cost page's query, so one cache entry serves both)."""
    counts = call("meeting_counts", sel)
    averages = call("meeting_averages", sel, intervals=intervals)
    equity = call("pooled_equity", sel, by="member_type", basis="time", intervals=intervals)
    costs = call("cost_by_category", sel)
    funnel = call("uptake_funnel", sel)
    return {
        "meetings_held": float(counts["meetings_n"].iloc[0]),
        "attendance_rate": _first_value(averages, "value", metric="attendance_rate"),
        "lay_equity_ratio": _first_value(equity, "equity_ratio", group="lay"),
        "voice_coverage": _first_value(averages, "value", metric="voice_coverage"),
        "direct_cost_gbp": float(costs["amount_gbp"].astype(float).sum()) if len(costs) else None,
        "implemented_n": _first_value(funnel, "pairs_n", stage="implemented"),
    }


def lay_member_totals(sel: Selection) -> pd.DataFrame:
    """`pipelines.metrics.lay_member_totals` for the user: summed from the cached
    `lay_members` rows when their role may read them (the Lay members page shows those rows
    too, so one query serves both), else the aggregate call (a steering member's)."""
    if allowed("lay_members"):
        return totals_of_lay_members(call("lay_members", sel))
    return call("lay_member_totals", sel)


def fair_comparison(sel: Selection, group: str = "lay") -> pd.DataFrame:
    """`pipelines.metrics.fair_comparison(sel, group)` built from its three cached parts
    (mode_comparison, within_member, adjusted_mode_effect), which the same page (and the
    report) also show: each is worked out once per selection, not again inside it."""
    _signed_in("fair_comparison")
    return side_by_side(call("mode_comparison", sel), call("within_member", sel),
                        call("adjusted_mode_effect", sel, group=group), group)


def digital_exclusion(sel: Selection, by: str = "member_type") -> pd.DataFrame:
    """`pipelines.metrics.digital_exclusion(sel, by)`, for a user who may read the member
    list built from its cached rows (`digital_exclusion_members`, which the same section
    shows): the members are read once per selection, not again for each breakdown (0.2 s
    a read at 10M turns). Other roles get the API call, which reads them itself."""
    _signed_in("digital_exclusion")
    if not allowed("digital_exclusion_members"):
        return call("digital_exclusion", sel, by=by)
    return exclusion_summary(call("digital_exclusion_members", sel), by,
                             settings().min_group_size)


def last_meeting_on(sel: Selection) -> datetime.date | None:
    """Date of the latest meeting in the selection (None when there is none)."""
    last = call("meeting_counts", sel)["last_held_on"].iloc[0]
    return None if pd.isna(last) else pd.Timestamp(last).date()


def before_last_meeting(sel: Selection) -> Selection | None:
    """The same selection ending the day before its latest meeting (None: no earlier one)."""
    last = last_meeting_on(sel)
    if last is None:
        return None
    return replace(sel, date_to=last - datetime.timedelta(days=1))

