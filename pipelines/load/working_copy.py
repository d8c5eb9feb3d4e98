"""The load's file safety: one writer per database, a working copy beside the live file,
fsync and an atomic replace, and the crash-test hook."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipelines.load.report import Progress


@contextlib.contextmanager
def _writer_lock(db: Path, tick: Progress) -> Iterator[None]:
    """One load at a time per database; a second load waits for the first (on every
    operating system: `pipelines.file_lock`)."""
    from pipelines.file_lock import exclusive

    def _say_waiting() -> None:
        tick(0, 1, "Waiting for another load of this database to finish")
        logging.getLogger("pipelines.load").warning("waiting for another load to finish (%s)", db)

    with exclusive(db.with_name(f"{db.name}.lock"), on_wait=_say_waiting):
        yield


def _recover_live_wal(db: Path) -> None:
    """A `.wal` beside the live file (written by another tool) must be folded in first:
    copying the file without it would lose those changes."""
    if Path(f"{db}.wal").exists() and db.exists():
        con = duckdb.connect(str(db))
        try:
            con.execute("checkpoint")
        finally:
            con.close()


def _remove_stale_copies(db: Path) -> None:
    """Working copies left by a killed load (we hold the writer lock, so none is live);
    removed and logged by `pipelines.working_copies`."""
    from pipelines.working_copies import remove_stale_copies

    remove_stale_copies(db)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        _fsync(path)


def _fault_point(stage: str) -> None:
    """Crash-test hook: `COPDASH_KILL_AT=<stage>` kills the process there with SIGKILL, so
    the tests can check that a load killed at that moment leaves the database as it was."""
    if os.environ.get("COPDASH_KILL_AT") == stage:
        os.kill(os.getpid(), signal.SIGKILL)
