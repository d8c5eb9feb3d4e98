"""Databases for the dashboard tests: the sample programme loaded by the real pipeline
(built once per session), and a path where no database exists yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sample_data/ loaded into a fresh DuckDB file through `load_paths`, as `make db` does."""
    from pipelines.load import load_paths

    db = tmp_path_factory.mktemp("sample") / "cop.duckdb"
    report = load_paths([PROJECT_ROOT / "sample_data"], db)
    assert report.ok, report.summary()
    assert db.exists(), "the sample load wrote no database"
    return db


@pytest.fixture
def use_sample_db(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the dashboard at the sample database (fewer bootstrap resamples: faster, and
    the point estimates the tests compare do not depend on them)."""
    monkeypatch.setenv("COPDASH_DB", str(sample_db))
    monkeypatch.setenv("COPDASH_BOOTSTRAP_RESAMPLES", "200")
    return sample_db


@pytest.fixture
def use_empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the dashboard at a database file that does not exist yet."""
    db = tmp_path / "none" / "cop.duckdb"
    monkeypatch.setenv("COPDASH_DB", str(db))
    return db


from tests.local_mode import local_server_address  # noqa: E402, F401  (autouse)
