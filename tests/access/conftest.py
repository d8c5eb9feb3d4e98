"""Fixtures for the access tests: the sample programme in a real DuckDB file (loaded once
by the real pipeline), a roles file beside it, and the app run as `make run` runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT

ROLES = """
contact = "Ana, the programme manager (ana@example.org)"

[people]
"manager@example.org" = "manager"
"evaluator@example.org" = "evaluator"
"steering@example.org" = "steering"
"observer@example.org" = "observer"
"one-cop@example.org" = { role = "steering", cops = ["cop2"] }

[groups]
"group-evaluators" = "evaluator"
"""

EMAILS = {"manager": "manager@example.org", "evaluator": "evaluator@example.org",
          "steering": "steering@example.org", "observer": "observer@example.org"}


@pytest.fixture(scope="session")
def access_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sample_data/ loaded through `load_paths`, with roles.toml beside it."""
    from pipelines.load import load_paths

    db = tmp_path_factory.mktemp("access") / "cop.duckdb"
    report = load_paths([PROJECT_ROOT / "sample_data"], db)
    assert report.ok, report.summary()
    (db.parent / "roles.toml").write_text(ROLES, encoding="utf-8")
    return db


@pytest.fixture
def use_access_db(access_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPDASH_DB", str(access_db))
    monkeypatch.setenv("COPDASH_BOOTSTRAP_RESAMPLES", "200")
    monkeypatch.delenv("COPDASH_ROLES", raising=False)
    monkeypatch.delenv("COPDASH_ALLOW_NO_SIGN_IN", raising=False)
    return access_db


@pytest.fixture
def server_address():
    """Set Streamlit's server.address for an AppTest (it has no server); put back after."""
    from streamlit import config

    before = config.get_option("server.address")
    yield lambda address: config.set_option("server.address", address)
    config.set_option("server.address", before)
