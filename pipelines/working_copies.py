"""Working copies a killed load (or erasure) left beside the database, found and removed.

A load works in `cop.duckdb.tmp-<id>` (and DuckDB's `.wal` and spill folder beside it), a
full copy of the database each. Killed with SIGKILL, the load cannot remove them; the next
load does, at its start, and so does `copdash serve`, and both say so in the log. A copy is
removed only while its database's writer lock (`cop.duckdb.lock`) is held, so a copy that a
running load is still writing is never touched.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from pathlib import Path

__all__ = ["remove_stale_copies", "remove_stale_copies_if_idle"]

log = logging.getLogger("copdash")


def _stale_copies(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.tmp-*"))


def remove_stale_copies(db: Path) -> list[Path]:
    """Remove every working copy of `db` (the caller holds the writer lock); log what went."""
    removed = []
    for stale in _stale_copies(db):
        if stale.is_dir():  # DuckDB's spill folder of a killed load
            shutil.rmtree(stale, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
        removed.append(stale)
    if removed:
        log.warning("Removed %d file(s) left by a load that was interrupted (%s); the "
                    "database itself was not changed by that load.", len(removed),
                    ", ".join(p.name for p in removed))
    return removed


def remove_stale_copies_if_idle(db: Path) -> list[Path]:
    """At start-up: remove `db`'s working copies unless a load is running now (its lock is
    held), in which case they are that load's and are left alone."""
    if not _stale_copies(db):
        return []
    from pipelines.file_lock import exclusive_if_free

    with exclusive_if_free(db.with_name(f"{db.name}.lock")) as free:
        if not free:
            log.info("A load of %s is running; its working copy is left to it.", db.name)
            return []
        return remove_stale_copies(db)
