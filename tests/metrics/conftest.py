"""The hand-worked dataset (tests/metrics/data), loaded into a real DuckDB file.

Loaded through the real pipeline (`pipelines.load.load_paths`), contracts and all.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.load import load_paths

DATA = Path(__file__).parent / "data"


def build_database(folder: Path, db_path: Path) -> Path:
    """Load `folder` into a new DuckDB file; fail if any row is quarantined."""
    report = load_paths([folder], db_path=db_path)
    assert report.ok, report.summary()
    assert 0 == report.rows_quarantined, report.summary()
    return db_path


@pytest.fixture(scope="session")
def hand_db(tmp_path_factory) -> Path:
    """The hand-worked dataset as a DuckDB file (read it with read_only connections)."""
    return build_database(DATA, tmp_path_factory.mktemp("hand") / "hand.duckdb")


@pytest.fixture
def con(hand_db):
    connection = duckdb.connect(str(hand_db), read_only=True)
    yield connection
    connection.close()
