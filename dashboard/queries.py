"""Small cached functions over the metrics API and the audit tables.

Every number on a page comes from `pipelines.metrics`; this module only opens a short-lived
read-only connection (`pipelines.load.open_readonly`), calls the API and caches the
answer. The cache key is the function, its arguments, the Selection and the database
file's modification time, so a new load shows at once while repeated page views cost
nothing. Nothing here imports great_expectations (the load module imports it lazily).
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from functools import cache
from pathlib import Path

import pandas as pd
import streamlit as st

import pipelines.metrics as metrics
from pipelines.load import open_readonly
from pipelines.metrics import Selection
from pipelines.settings import get_settings

__all__ = ["Selection", "audit", "call", "db_key", "settings"]

_SQL_DIR = Path(__file__).resolve().parent / "sql"


def settings():
    """The current settings (database path, suppression threshold k)."""
    return get_settings()


def db_key() -> tuple[str, int, str]:
    """The database file, its modification time (a new load changes the key) and the
    settings that change figures (suppression threshold k, bootstrap resamples and seed)."""
    current = get_settings()
    path = current.db_path
    knobs = f"{current.min_group_size}/{current.bootstrap_resamples}/{current.bootstrap_seed}"
    try:
        return str(path), path.stat().st_mtime_ns, knobs
    except FileNotFoundError:
        return str(path), 0, knobs


@st.cache_data(show_spinner="Working out the figures…", max_entries=512)
def _cached_call(name: str, sel: Selection | None, key: tuple[str, int, str], kwargs: tuple) -> object:
    function = getattr(metrics, name)
    with open_readonly(key[0]) as con:
        if sel is None:
            return function(con, **dict(kwargs))
        return function(con, sel, **dict(kwargs))


def call(name: str, sel: Selection | None = None, **kwargs: object):
    """`pipelines.metrics.<name>(con, sel, **kwargs)`, cached until the next load."""
    return _cached_call(name, sel, db_key(), tuple(sorted(kwargs.items())))


@cache
def _sql(name: str) -> str:
    return (_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_audit(name: str, key: tuple[str, int, str], params: tuple) -> pd.DataFrame:
    # DuckDB wants lists (not tuples) for list parameters; tuples keep the cache key hashable.
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in params}
    with open_readonly(key[0]) as con:
        return con.execute(_sql(name), values).df()


def audit(name: str, **params: object) -> pd.DataFrame:
    """Run `dashboard/sql/<name>.sql` (a select over the audit tables) read-only."""
    items = tuple(sorted((k, _hashable(v)) for k, v in params.items()))
    return _cached_audit(name, db_key(), items)


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


def headline_figures(sel: Selection) -> dict[str, float | None]:
    """The Overview's six figures for one selection, each read from the metrics API."""
    meetings = call("meeting_summary", sel)
    averages = call("meeting_averages", sel)
    equity = call("pooled_equity", sel, by="member_type", basis="time")
    costs = call("cost_summary", sel)
    funnel = call("uptake_funnel", sel)
    return {
        "meetings_held": float(len(meetings)),
        "attendance_rate": _first_value(averages, "value", metric="attendance_rate"),
        "lay_equity_ratio": _first_value(equity, "equity_ratio", group="lay"),
        "voice_coverage": _first_value(averages, "value", metric="voice_coverage"),
        "direct_cost_gbp": float(costs["direct_cost_gbp"].astype(float).sum()) if len(costs) else None,
        "implemented_n": _first_value(funnel, "pairs_n", stage="implemented"),
    }


def last_meeting_on(sel: Selection) -> datetime.date | None:
    """Date of the latest meeting in the selection (None when there is none)."""
    meetings = call("meeting_summary", sel)
    if meetings.empty:
        return None
    return pd.Timestamp(meetings["held_on"].max()).date()


def before_last_meeting(sel: Selection) -> Selection | None:
    """The same selection ending the day before its latest meeting (None: no earlier one)."""
    last = last_meeting_on(sel)
    if last is None:
        return None
    return replace(sel, date_to=last - datetime.timedelta(days=1))

