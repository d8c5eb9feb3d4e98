# ruff: noqa: SIM300  (house style writes asserts as `expected == actual`)
"""The hand-worked dataset (tests/metrics/data), loaded into a real DuckDB file.

Loaded through the real pipeline (`pipelines.load.load_paths`) when the contracts and
instruments modules exist; until then the CSVs are inserted as they are and the marts built
directly, so the metrics can be tested on their own.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb
import pytest
import yaml

from pipelines.datasets import LOAD_ORDER
from pipelines.marts import build_marts
from pipelines.settings import PROJECT_ROOT

DATA = Path(__file__).parent / "data"


def _pipeline_ready() -> bool:
    """True once the load's collaborators (contracts, instruments) are in the tree."""
    if importlib.util.find_spec("pipelines.instruments") is None:
        return False
    import pipelines.contracts

    return hasattr(pipelines.contracts, "validate")


def _insert_directly(folder: Path, db_path: Path) -> None:
    con = duckdb.connect(str(db_path))
    con.execute((PROJECT_ROOT / "pipelines/sql/core/tables.sql").read_text())
    for dataset in LOAD_ORDER:
        path = folder / f"{dataset}.csv"
        if path.exists():
            con.execute(f"insert into {dataset} by name select * from read_csv(?, header=true)",
                        [str(path)])
    for path in sorted((folder / "instruments").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text())
        con.execute("insert into instruments values (?, ?, ?, ?, ?, ?, ?)", [
            spec["instrument_id"], spec["title"], str(spec.get("version", "")),
            spec["scale"]["min"], spec["scale"]["max"],
            spec.get("min_share_answered", 0.5), path.name])
        for position, item in enumerate(spec["items"], start=1):
            con.execute("insert into instrument_items values (?, ?, ?, ?, ?, ?)", [
                spec["instrument_id"], item["id"], position, item["text"],
                item.get("subscale"), bool(item.get("reverse", False))])
        for value, label in spec["scale"].get("labels", {}).items():
            con.execute("insert into instrument_scale_labels values (?, ?, ?)",
                        [spec["instrument_id"], int(value), label])
    con.execute("begin")
    build_marts(con)
    con.execute("commit")
    con.close()


def build_database(folder: Path, db_path: Path) -> Path:
    """Load `folder` into a new DuckDB file; fail if any row is quarantined."""
    if _pipeline_ready():
        from pipelines.load import load_paths

        report = load_paths([folder], db_path=db_path)
        assert 0 == report.rows_quarantined, report.summary()
    else:
        _insert_directly(folder, db_path)
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
