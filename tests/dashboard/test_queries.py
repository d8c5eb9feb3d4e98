"""The dashboard's shared read-only connection: one per database file version."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
import streamlit as st

from dashboard import queries


@pytest.fixture
def live_db(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample database that the dashboard reads (caches emptied first)."""
    db = tmp_path / "live.duckdb"
    shutil.copyfile(sample_db, db)
    monkeypatch.setenv("COPDASH_DB", str(db))
    st.cache_data.clear()
    return db


def _replace_with_extra_cop(db: Path) -> None:
    """What a load does: write a new version of the file beside it, then os.replace it."""
    new = db.with_name("new.duckdb")
    shutil.copyfile(db, new)
    with duckdb.connect(str(new)) as con:
        con.execute("insert into communities (cop_id, name, started_on) "
                    "values ('zz-new', 'A new CoP', date '2024-01-01')")
    stat = db.stat()
    os.replace(new, db)
    # a load always changes the modification time; make sure it does on coarse clocks too
    os.utime(db, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_calls_on_one_database_version_share_one_connection(live_db: Path) -> None:
    """Two lookups of the connection for the same file and mtime give the same object."""
    assert queries.connection() is queries.connection()


def test_a_new_load_is_read_at_once_and_the_old_connection_closed(live_db: Path) -> None:
    """After the file is replaced (new mtime), calls see the new CoP (sample's CoPs + 1),
    and the connection on the superseded file is closed."""
    before = len(queries.call("communities"))
    old = queries.connection()
    _replace_with_extra_cop(live_db)
    after = queries.call("communities")
    assert before + 1 == len(after)
    assert "zz-new" in set(after["cop_id"])
    with pytest.raises(duckdb.ConnectionException):
        old.execute("select 1")


def test_audit_queries_run_on_the_shared_connection(live_db: Path) -> None:
    """An audit query reads the live file: one load_freshness row after the sample load."""
    assert 1 == len(queries.audit("load_freshness"))


def test_a_call_spelling_out_a_default_shares_the_cached_answer(
        live_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Overview's opening asks pooled_equity(sel) and its tiles pooled_equity(sel,
    intervals=True): the same figures, so the metric runs once for the two; intervals=False
    (other figures: no interval) runs it again."""
    import functools

    import pipelines.metrics as metrics

    runs = []
    real = metrics.pooled_equity

    @functools.wraps(real)
    def counted(*args, **kwargs):
        runs.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(metrics, "pooled_equity", counted)
    sel = queries.Selection()
    plain = queries.call("pooled_equity", sel, by="member_type", basis="time")
    spelled = queries.call("pooled_equity", sel, by="member_type", basis="time", intervals=True)
    assert 1 == len(runs)
    assert plain.equals(spelled)
    without = queries.call("pooled_equity", sel, by="member_type", basis="time", intervals=False)
    assert 2 == len(runs)
    assert without["ci_low"].isna().all()
    assert plain["ci_low"].notna().any()  # the sample has over 3 observed meetings: intervals
