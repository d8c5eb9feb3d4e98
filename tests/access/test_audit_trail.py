"""The audit trail (pipelines/audit_trail.py): what is recorded, by whom, and that it
outlives the loads that replace the database file."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from pipelines import audit_trail
from pipelines.settings import PROJECT_ROOT


def test_an_event_reads_back_with_its_user_and_detail(tmp_path: Path) -> None:
    db = tmp_path / "cop.duckdb"
    audit_trail.record("signed_in", "ana@example.org", "manager", db_path=db)
    trail = audit_trail.read(db_path=db)
    assert trail[["event", "user_id", "detail"]].values.tolist() == [
        ["signed_in", "ana@example.org", "manager"]]


def test_the_trail_is_a_file_beside_the_database(tmp_path: Path) -> None:
    assert audit_trail.trail_path(tmp_path / "cop.duckdb") == tmp_path / "cop.duckdb.audit.sqlite"


def test_the_newest_event_comes_first(tmp_path: Path) -> None:
    db = tmp_path / "cop.duckdb"
    audit_trail.record("loaded", "first", db_path=db)
    audit_trail.record("exported", "second", db_path=db)
    assert list(audit_trail.read(db_path=db)["user_id"]) == ["second", "first"]


def test_an_unknown_event_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown audit event 'viewed'"):
        audit_trail.record("viewed", "ana@example.org", db_path=tmp_path / "cop.duckdb")


def test_no_trail_yet_reads_as_an_empty_table(tmp_path: Path) -> None:
    assert audit_trail.read(db_path=tmp_path / "cop.duckdb").empty


def test_a_second_load_keeps_the_first_loads_event(tmp_path: Path) -> None:
    # `copdash load` records a `loaded` event. communities.csv has 3 CoPs; the second load
    # has the first two only, so it writes a new database file (2 rows loaded), and the
    # trail beside it keeps both events, newest first.
    from pipelines.commands import load

    folder = tmp_path / "files"
    folder.mkdir()
    shutil.copy(PROJECT_ROOT / "sample_data" / "communities.csv", folder)
    db = tmp_path / "cop.duckdb"
    args = argparse.Namespace(paths=[str(folder)], db=str(db))
    load.run(args)
    first_file = db.stat().st_mtime_ns
    lines = (folder / "communities.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "communities.csv").write_text("".join(lines[:3]), encoding="utf-8")
    load.run(args)
    assert db.stat().st_mtime_ns != first_file
    events = audit_trail.read(db_path=db)
    assert list(events["event"]) == ["loaded", "loaded"]
    assert [d.split(": ")[1] for d in events["detail"]] == [
        "2 rows loaded, 0 quarantined", "3 rows loaded, 0 quarantined"]


class _Upload:
    """What Streamlit's file uploader hands over: a name and the bytes."""

    def __init__(self, path: Path) -> None:
        self.name, self._bytes = path.name, path.read_bytes()

    def getvalue(self) -> bytes:
        return self._bytes


def test_an_import_from_the_page_is_recorded_with_the_file_names(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import imports

    db = tmp_path / "cop.duckdb"
    monkeypatch.setenv("COPDASH_DB", str(db))
    imports.load_uploads([_Upload(PROJECT_ROOT / "sample_data" / "communities.csv")],
                         dry_run=False)
    event = audit_trail.read(db_path=db).iloc[0]
    # Outside a Streamlit session the caller is the local manager (dashboard/auth.py).
    assert [event["event"], event["user_id"]] == ["imported", "local"]
    assert event["detail"].startswith("communities.csv: 3 rows loaded")


def test_an_import_by_a_steering_member_is_refused(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import auth, imports
    from pipelines.access import Refused, Role, User

    monkeypatch.setenv("COPDASH_DB", str(tmp_path / "cop.duckdb"))
    monkeypatch.setattr(auth, "current_user", lambda: User("s@example.org", Role.STEERING))
    with pytest.raises(Refused):
        imports.load_uploads([_Upload(PROJECT_ROOT / "sample_data" / "communities.csv")],
                             dry_run=False)
    assert not (tmp_path / "cop.duckdb").exists()
