"""A killed load leaves the database as it was; readers and loads do not block each other."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import duckdb
import pytest

from pipelines.load import load_paths
from tests.load.conftest import MINI, snapshot, write_folder

# after_step_commit: a file committed to the working copy, the next not yet read
STAGES = ["after_file", "after_step_commit", "before_commit", "after_commit", "before_replace"]


def _load_in_subprocess(folder, db_path, kill_at=None):
    env = dict(os.environ)
    env.pop("COPDASH_KILL_AT", None)
    if kill_at:
        env["COPDASH_KILL_AT"] = kill_at
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "load", str(folder), "--db", str(db_path)],
        capture_output=True, text=True, env=env, check=False)


@pytest.mark.parametrize("stage", STAGES)
def test_a_load_killed_mid_way_leaves_the_database_as_it_was(stage, mini_folder, db_path, tmp_path):
    """SIGKILL at each stage of a load: the database content is exactly the previous one,
    and the next load succeeds (the killed load's working copy is cleaned up)."""
    load_paths([mini_folder], db_path)
    before = snapshot(db_path)
    more = write_folder(tmp_path / "more", {
        "members.csv": MINI["members.csv"] + "M4,C1,lay,carer,false\n",
        "attendance.csv": MINI["attendance.csv"] + "MT1,M4,present,in_person\n",
    })
    killed = _load_in_subprocess(more, db_path, kill_at=stage)
    assert -9 == killed.returncode  # really killed, not finished
    assert before == snapshot(db_path)
    finished = _load_in_subprocess(more, db_path)
    assert 0 == finished.returncode, finished.stderr
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert 4 == con.execute("select count(*) from members").fetchone()[0]
    assert [] == sorted(p.name for p in db_path.parent.glob("*.tmp-*"))


READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("select count(*) from members").fetchone()[0], flush=True)
    sys.stdin.readline()                      # the load runs now
    print(con.execute("select count(*) from members").fetchone()[0], flush=True)
    con.close()
    fresh = duckdb.connect(sys.argv[1], read_only=True)
    print(fresh.execute("select count(*) from members").fetchone()[0], flush=True)
""")


def test_an_open_reader_does_not_make_a_load_fail(mini_folder, db_path, tmp_path):
    """A dashboard process holding a read-only connection while a load runs: the load
    succeeds, the open connection keeps reading its snapshot, a new one sees the new data."""
    load_paths([mini_folder], db_path)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert "3" == reader.stdout.readline().strip()
        more = write_folder(tmp_path / "more", {
            "members.csv": MINI["members.csv"] + "M4,C1,lay,carer,false\n"})
        report = load_paths([more], db_path)
        assert report.ok
        out, _ = reader.communicate("go\n", timeout=60)
    finally:
        reader.kill()
    assert ["3", "4"] == out.split()  # old snapshot on the open connection; 3 + M4 on a new one


def test_a_load_whose_transaction_duckdb_aborted_fails_and_changes_nothing(
        mini_folder, db_path, tmp_path, monkeypatch):
    """A statement that fails inside the load's transaction (its error swallowed) makes
    DuckDB abort the transaction, and a COMMIT then keeps nothing without an error. The
    step commit after the file notices it: the load fails saying so, and the database keeps
    the previous load's 3 members rather than the new file's 4."""
    import contextlib

    import pipelines.load as load
    from pipelines.errors import CopdashError

    load_paths([mini_folder], db_path)
    before = snapshot(db_path)
    more = write_folder(tmp_path / "more", {
        "members.csv": MINI["members.csv"] + "M4,C1,lay,carer,false\n",
    })
    load_one = load._load_one

    def load_then_fail_quietly(con, *args, **kwargs):
        report = load_one(con, *args, **kwargs)
        with contextlib.suppress(duckdb.Error):
            con.execute("select * from no_such_table")
        return report

    monkeypatch.setattr(load, "_load_one", load_then_fail_quietly)

    with pytest.raises(CopdashError, match="did not keep the load's changes"):
        load_paths([more], db_path)
    assert before == snapshot(db_path)
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert 3 == con.execute("select count(*) from members").fetchone()[0]
