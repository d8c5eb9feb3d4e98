"""`copdash demo`: the sample programme loaded into a data folder, the dashboard served on
127.0.0.1, and a second demo that loads nothing new."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines import audit_trail
from pipelines.settings import PROJECT_ROOT
from tests.serving.running_demo import DemoRun, free_port, run_demo

COPDASH = [sys.executable, "-m", "pipelines"]


def _sample_rows() -> int:
    """Data rows of the sample programme's 11 canonical files (header lines not counted)."""
    total = 0
    for path in sorted((PROJECT_ROOT / "sample_data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            total += sum(1 for _ in csv.reader(handle)) - 1
    return total


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-data")


@pytest.fixture(scope="module")
def first_run(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The first demo, started from a folder that is not the repository."""
    return run_demo(COPDASH, demo_folder, cwd=tmp_path_factory.mktemp("elsewhere"))


@pytest.fixture(scope="module")
def second_run(first_run: DemoRun, demo_folder: Path,
               tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoRun, bytes, bytes]:
    """A second demo on the same folder, with the database's bytes before and after it."""
    db = demo_folder / "cop.duckdb"
    before = db.read_bytes()
    run = run_demo(COPDASH, demo_folder, cwd=tmp_path_factory.mktemp("elsewhere"))
    return run, before, db.read_bytes()


def test_the_demo_serves_the_dashboard(first_run: DemoRun) -> None:
    """With --no-browser the demo starts the dashboard: its health endpoint answers."""
    assert first_run.healthy, first_run.output


def test_the_demo_loads_every_row_of_the_sample_programme(first_run: DemoRun,
                                                          demo_folder: Path) -> None:
    """The summary says how many rows of how many files were loaded: all of them (the
    sample's 11 files have no quarantined row), as the database's load audit counts."""
    rows = _sample_rows()  # 23,542 on the sample as generated (seed 20180215)
    assert f"Loaded {rows:,} rows from 11 files (0 quarantined)." in first_run.output
    with duckdb.connect(str(demo_folder / "cop.duckdb"), read_only=True) as con:
        assert rows == con.execute("select sum(rows_loaded) from load_batches").fetchone()[0]


def test_the_demo_serves_on_this_computer_only(first_run: DemoRun) -> None:
    """Local mode: the address it prints is localhost, and Streamlit listens on 127.0.0.1."""
    assert "at http://localhost:" in first_run.output
    assert "127.0.0.1:" in first_run.output


def test_a_second_demo_loads_nothing_new(second_run) -> None:
    """Run again, the demo says the sample is already loaded and the database file is
    byte for byte the same; the dashboard starts as before."""
    run, before, after = second_run
    assert "Already loaded: the sample files are unchanged" in run.output
    assert before == after
    assert run.healthy, run.output


def test_only_the_first_demo_is_in_the_audit_trail(second_run, demo_folder: Path) -> None:
    """Two demos, one load that changed the database: one "loaded" event."""
    trail = audit_trail.read(db_path=demo_folder / "cop.duckdb")
    loads = trail[trail["event"] == "loaded"]
    assert 1 == len(loads)
    assert "the sample programme (copdash demo)" in loads["detail"].iloc[0]


def test_a_busy_port_is_refused_in_plain_words(tmp_path: Path) -> None:
    """A port something already holds: the demo stops at once with exit status 2 (as every
    refusal of the command line), saying the port is in use and how to choose another,
    before loading anything."""
    import socket

    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        run = run_demo(COPDASH, tmp_path / "data", cwd=tmp_path, port=port)
    assert 2 == run.exit_code
    assert f"Port {port} is already in use" in run.output
    assert "--port" in run.output
    assert not (tmp_path / "data" / "cop.duckdb").exists()
