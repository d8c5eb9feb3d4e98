"""Uploads on the Import pages: limits per signed-in user (pipelines/upload_limits.py), and
an upload that never makes another user's pages wait (dashboard/imports.py).

Uploads go through `dashboard.imports`, the functions the Import pages call, with the real
load; the signed-in user is set by replacing `auth.current_user` (who is asking)."""

from __future__ import annotations

import contextlib
import shutil
import threading
from pathlib import Path

import pytest

from dashboard import auth, imports, queries
from pipelines import audit_trail
from pipelines.access import Role, User
from pipelines.settings import PROJECT_ROOT
from pipelines.upload_limits import UploadRefused

ANA = User("ana@example.org", Role.MANAGER)
BEN = User("ben@example.org", Role.MANAGER)
COMMUNITIES = (PROJECT_ROOT / "sample_data" / "communities.csv").read_text(encoding="utf-8")


class _Upload:
    """What Streamlit's file uploader hands over: a name and the bytes."""

    def __init__(self, name: str, text: str) -> None:
        self.name, self._bytes = name, text.encode("utf-8")

    def getvalue(self) -> bytes:
        return self._bytes


def _with_cop(n: int) -> _Upload:
    """communities.csv with one more CoP, `cop-extra-<n>` (a different file each n)."""
    return _Upload("communities.csv", COMMUNITIES + f"cop-extra-{n},Extra CoP {n},2021-01-01,,,\n")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder the dashboard points at; at most 2 uploads per user in 10 min."""
    path = tmp_path / "cop.duckdb"
    monkeypatch.setenv("COPDASH_DB", str(path))
    monkeypatch.setenv("COPDASH_UPLOADS_PER_USER", "2")
    monkeypatch.setenv("COPDASH_UPLOAD_WINDOW_MIN", "10")
    return path


def _as(monkeypatch: pytest.MonkeyPatch, user: User) -> None:
    monkeypatch.setattr(auth, "current_user", lambda: user)


def test_a_third_upload_in_the_window_is_refused_in_plain_words(db, monkeypatch) -> None:
    """Limit 2 per 10 minutes: Ana's third check is refused, saying how many uploads she
    made, in how long, and when to try again; nothing of it is read."""
    _as(monkeypatch, ANA)
    imports.load_uploads([_with_cop(1)], dry_run=True)
    imports.load_uploads([_with_cop(2)], dry_run=True)
    with pytest.raises(UploadRefused) as refused:
        imports.load_uploads([_with_cop(3)], dry_run=False)
    message = str(refused.value)
    assert "uploaded files 2 times in the last 10 minutes" in message
    assert "Try again after" in message
    assert not db.exists()  # two checks (dry runs) and a refusal: nothing was ever loaded


def test_a_refused_upload_is_in_the_audit_trail(db, monkeypatch) -> None:
    """The trail holds Ana's two uploads and then her refusal, naming the limit."""
    _as(monkeypatch, ANA)
    for n in (1, 2, 3):
        with contextlib.suppress(UploadRefused):  # the third: the refusal recorded
            imports.load_uploads([_with_cop(n)], dry_run=True)
    trail = audit_trail.read(db_path=db).iloc[::-1]  # oldest first
    assert [("uploaded", ANA.id), ("uploaded", ANA.id), ("refused", ANA.id)] == list(
        zip(trail["event"], trail["user_id"], strict=True))
    assert "upload limit: 2 uploads in 10 minutes" == trail["detail"].iloc[-1]


def test_one_users_uploads_do_not_count_against_another(db, monkeypatch) -> None:
    """Ana has used her two uploads; Ben's first upload is checked as usual."""
    _as(monkeypatch, ANA)
    imports.load_uploads([_with_cop(1)], dry_run=True)
    imports.load_uploads([_with_cop(2)], dry_run=True)
    _as(monkeypatch, BEN)
    report = imports.load_uploads([_with_cop(3)], dry_run=True)
    assert report.ok, report.summary()


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(db, monkeypatch) -> None:
    """upload_total_mb = 1: two files of 0.6 MB each (1.2 MB together) are refused, saying
    the size and the limit; the refusal is recorded."""
    monkeypatch.setenv("COPDASH_UPLOAD_TOTAL_MB", "1")
    _as(monkeypatch, ANA)
    padding = "x" * 600_000
    with pytest.raises(UploadRefused) as refused:
        imports.load_uploads([_Upload("members.csv", padding), _Upload("meetings.csv", padding)],
                             dry_run=True)
    assert "These files are 1.2 MB together; one upload may be at most 1 MB" in str(refused.value)
    assert "refused" == audit_trail.read(db_path=db)["event"].iloc[0]


def test_the_meeting_pages_repeated_check_of_the_same_files_counts_once(db, monkeypatch) -> None:
    """The Import meeting files page checks its files again on every rerun: the same files
    checked three times are one upload, so a second upload is still allowed (limit 2)."""
    from pipelines.upload_limits import admit

    _as(monkeypatch, ANA)
    files = [("transcript.vtt", b"WEBVTT\n")]
    for _ in range(3):
        admit(ANA.id, files, db_path=db, once_per_content=True)
    admit(ANA.id, [("other.vtt", b"WEBVTT\n\n")], db_path=db)
    assert 2 == len(audit_trail.since("uploaded", ANA.id, 10, db_path=db))


def test_a_reader_is_served_while_an_upload_loads(access_db: Path, tmp_path: Path,
                                                   monkeypatch) -> None:
    """While Ana's upload is being loaded (held mid-load, its working copy open and the
    writer lock taken), another user's page reads the CoP list at once, from the database
    as it was: the sample's 3 CoPs (cop1, cop2, cop3). Once the load ends the list has 4.

    If reading waited for the load, the read would block until the held load gave up
    waiting (after 120 s) and finished: the load would then no longer be running when the
    read returned, and the test fails."""
    db = tmp_path / "cop.duckdb"
    shutil.copy2(access_db, db)  # a file of its own: no cached answer can stand in
    monkeypatch.setenv("COPDASH_DB", str(db))
    _as(monkeypatch, ANA)  # outside Streamlit every thread is this user
    in_load, read_done = threading.Event(), threading.Event()

    def hold_while_checking(done: int, total: int, message: str) -> None:
        if message.startswith("Checking") and not in_load.is_set():
            in_load.set()
            read_done.wait(timeout=120)

    upload = threading.Thread(target=imports.load_uploads, args=([_with_cop(1)],),
                              kwargs={"dry_run": False, "progress": hold_while_checking})
    upload.start()
    try:
        assert in_load.wait(timeout=300), "the upload never reached its checks"
        working_copies = sorted(p.name for p in tmp_path.glob("cop.duckdb.tmp-*"))
        during = sorted(queries.call("communities")["cop_id"])
        still_loading = upload.is_alive()
    finally:
        read_done.set()
        upload.join(timeout=300)
    assert working_copies, "the load works in a copy beside the live file"
    assert still_loading
    assert ["cop1", "cop2", "cop3"] == during
    assert 4 == len(queries.call("communities"))
