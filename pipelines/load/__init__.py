"""Load canonical files into the DuckDB database: all or nothing, never losing a row.

How a load keeps its promises:
- **Nothing half-loaded.** Every file is read and its columns checked before the database
  is touched; a file-level problem stops the load with nothing written.
- **Atomic and safe to kill.** The load works in a copy of the database
  (`cop.duckdb.tmp-<id>`), inside one transaction; after COMMIT it checks that the row
  counts it expects are really there (DuckDB's COMMIT of an aborted transaction returns
  without error), CHECKPOINTs so no `.wal` is left behind, closes, and `os.replace`s the
  copy onto the live file. Killed at any moment before that, the live file is untouched.
- **Readers never blocked.** The dashboard opens short-lived read-only connections on the
  live file; a load never holds a lock on it, and a reader never makes a load fail.
- **Nothing lost.** Each file's rows_read = rows_loaded + rows_quarantined, recorded in
  `load_batches`; quarantined rows keep their raw values, line number and reason.
- **Idempotent.** Rows are upserted by primary key; a load whose files are all unchanged
  since their last load does nothing at all.

The package's modules follow the load's stages: `files` (finding and reading a folder's
files), `working_copy` (the copy of the database, the lock, the atomic replace),
`one_file` (one file's rows checked, stored and quarantined), `transaction` (the
all-or-nothing load), `report` (what the load did) and `limits` (memory and part sizes).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator

import duckdb
import numpy as np
import pandas as pd

from pipelines.datasets import LOAD_ORDER
from pipelines.errors import CopdashError
from pipelines.load.files import (
    _conform,
    _expand,
    _read_all,
    _read_instruments,
    _resolve_db,
    _Source,
)
from pipelines.load.limits import (
    CONTRACT_ENGINE,
    DUCKDB_MEMORY,
    DUCKDB_MEMORY_ALONE,
    DUCKDB_MEMORY_BESIDE_MESSAGES,
    MANY_QUARANTINED_ROWS,
    PART_ROWS,
)
from pipelines.load.one_file import _load_one
from pipelines.load.report import FileReport, LoadReport, Progress
from pipelines.load.transaction import _build_marts, _run, core_tables_sql
from pipelines.readers import RawTable

__all__ = [
    "FileReport",
    "LoadReport",
    "Progress",
    "core_tables_sql",
    "load_frames",
    "load_paths",
    "open_readonly",
    "CONTRACT_ENGINE",
    "DUCKDB_MEMORY",
    "DUCKDB_MEMORY_ALONE",
    "DUCKDB_MEMORY_BESIDE_MESSAGES",
    "MANY_QUARANTINED_ROWS",
    "PART_ROWS",
    "_load_one",
    "_resolve_db",
]


def load_paths(
    paths: Iterable[str | os.PathLike],
    db_path: str | os.PathLike | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    engine: str | None = None,
) -> LoadReport:
    """Load files and folders (canonical file names) into the database in one transaction.

    `engine` runs the contracts' checks as SQL ("sql") or through Great Expectations
    ("gx"); by default `CONTRACT_ENGINE`.
    """
    from pipelines.readers import scans_kept

    db = _resolve_db(db_path)
    report = LoadReport(db_path=db, dry_run=dry_run)
    # each CSV file is scanned (hashed, lines counted) once, not once per step that reads it
    with scans_kept():
        files, instrument_dirs = _expand(paths, report)
        sources = _read_all(files, report)
        instruments = _read_instruments(instrument_dirs, report)
        if report.file_problems:
            return report
        return _run(sources, instruments, db, report, progress=progress, replace=None,
                    engine=engine or CONTRACT_ENGINE)


def load_frames(
    frames: dict[str, pd.DataFrame],
    *,
    source_name: str,
    db_path: str | os.PathLike | None = None,
    replace: dict[str, dict[str, str]] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    engine: str | None = None,
) -> LoadReport:
    """Load frames made by an importer (string values, canonical columns) like files.

    `replace={"speaking_turns": {"meeting_id": "M1", "source": "transcript"}}` first deletes
    the rows matching those values, in the same transaction, so that a corrected export of
    a meeting replaces the earlier import of that meeting from that source.
    """
    db = _resolve_db(db_path)
    report = LoadReport(db_path=db, dry_run=dry_run)
    sources: list[_Source] = []
    for dataset, frame in frames.items():
        if dataset not in LOAD_ORDER:
            raise CopdashError(f"{source_name}: '{dataset}' is not a canonical dataset.")
        text = frame.astype(object).where(frame.notna(), "").astype(str)
        digest = hashlib.sha256(text.to_csv(index=False).encode("utf-8")).hexdigest()
        table = RawTable(source_file=source_name, frame=text.reset_index(drop=True),
                         line_numbers=np.arange(2, len(text) + 2, dtype=np.int64), sha256=digest)
        sources.append(_conform(dataset, table, report))
    if report.file_problems:
        return report
    return _run([s for s in sources if s is not None], [], db, report,
                progress=progress, replace=replace or {}, engine=engine or CONTRACT_ENGINE)


@contextlib.contextmanager
def open_readonly(db_path: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection on the live database.

    Loads replace the file atomically, so a reader sees either the old or the new
    database, never a half-written one. Where no database exists yet, an in-memory one
    with the empty tables and marts stands in, so every screen can show its empty state.
    """
    db = _resolve_db(db_path)
    if db.exists():
        con = duckdb.connect(str(db), read_only=True)
    else:
        con = duckdb.connect(":memory:")
        con.execute(core_tables_sql())
        _build_marts(con)
    try:
        yield con
    finally:
        con.close()
