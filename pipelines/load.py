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
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import signal
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from pipelines.datasets import LOAD_ORDER, dataset_for_file
from pipelines.duck import copy_into_temp_table
from pipelines.errors import CopdashError, FileProblem
from pipelines.readers import RawTable, StagedCsv, read_header, read_table_file, stage_csv
from pipelines.settings import get_settings

__all__ = [
    "FileReport",
    "LoadReport",
    "Progress",
    "core_tables_sql",
    "load_frames",
    "load_paths",
    "open_readonly",
]

Progress = Callable[[int, int, str], None]
_CORE_SQL = Path(__file__).parent / "sql" / "core" / "tables.sql"
_ROW_SHAPE_RULE = "file.values_per_line"
# A bigger file is validated and stored in parts of about this many rows (grouped by
# primary key), so that its typed copies and check frames exist for one part at a time
# (about 0.6 GB of Python memory for 500,000 speaking turns; 1.3 GB for a million).
PART_ROWS = 500_000
# DuckDB's memory during a load: beyond it DuckDB spills to a temporary folder beside the
# working copy instead of growing. Two limits, so that the load's peak stays under 3 GB at
# 10M turns without DuckDB spilling when Python holds little: the larger while DuckDB does
# a step's work alone (reading a file into a staged table, its cross-dataset queries, the
# marts: 1 GB made them spill, 16 s of a 10M load), the smaller while a file's parts are
# checked in Python (a part's frames take about 0.6 GB beside it).
DUCKDB_MEMORY = "1GB"
DUCKDB_MEMORY_ALONE = "1.5GB"
_NOT_KEPT = ("The database did not keep the load's changes (the transaction was aborted); "
             "the live database is unchanged. Run the load again.")


def core_tables_sql() -> str:
    return _CORE_SQL.read_text(encoding="utf-8")


@dataclass
class FileReport:
    """What happened to one file."""

    dataset: str
    source_file: str
    sha256: str = ""
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    status: str = "pending"  # loaded | loaded_with_quarantine | unchanged | checked
    warnings: list[str] = field(default_factory=list)
    # line_number, rule, message of every quarantined row (for the report)
    quarantined: pd.DataFrame | None = None


@dataclass
class LoadReport:
    """What a load (or a dry run) did, in a form the CLI and the dashboard both print."""

    db_path: Path
    dry_run: bool = False
    load_id: str = ""
    files: list[FileReport] = field(default_factory=list)
    file_problems: list[CopdashError] = field(default_factory=list)
    unchanged: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_problems

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    def summary(self) -> str:
        """A plain-language closing line: what happened and what to do next."""
        if self.file_problems:
            lines = [f"Nothing was loaded: {len(self.file_problems)} file(s) cannot be read."]
            lines += [f"- {problem}" for problem in self.file_problems]
            lines.append("Fix the file(s) above and run the load again; the database is unchanged.")
            return "\n".join(lines)
        if self.unchanged:
            return "Nothing to do: every file is unchanged since it was last loaded."
        verb = "would load" if self.dry_run else "loaded"
        text = (f"{len(self.files)} file(s): {self.rows_read} rows read, {self.rows_loaded} "
                f"{verb}, {self.rows_quarantined} quarantined.")
        if self.rows_quarantined:
            text += (" Quarantined rows were not loaded; see them with `copdash quarantine` "
                     "(or the Data quality page), fix them and load the file again.")
        if self.dry_run:
            text += " This was a check only: the database was not changed."
        return text


@dataclass
class _Source:
    """A file to load. A CSV file is checked (encoding, header, columns) before the load
    starts but its rows are read only when its turn comes (`path`), so that one file's
    rows at a time are in memory."""

    dataset: str
    source_file: str
    sha256: str
    table: RawTable | None = None
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)
    # A CSV file of more than PART_ROWS rows, staged in the load's DuckDB (temp table)
    # instead of read into Python: its parts are read from there one at a time.
    staged: StagedCsv | None = None


# --------------------------------------------------------------------------- public API


def load_paths(
    paths: Iterable[str | os.PathLike],
    db_path: str | os.PathLike | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> LoadReport:
    """Load files and folders (canonical file names) into the database in one transaction."""
    db = _resolve_db(db_path)
    report = LoadReport(db_path=db, dry_run=dry_run)
    files, instrument_dirs = _expand(paths, report)
    sources = _read_all(files, report)
    instruments = _read_instruments(instrument_dirs, report)
    if report.file_problems:
        return report
    return _run(sources, instruments, db, report, progress=progress, replace=None)


def load_frames(
    frames: dict[str, pd.DataFrame],
    *,
    source_name: str,
    db_path: str | os.PathLike | None = None,
    replace: dict[str, dict[str, str]] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
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
                progress=progress, replace=replace or {})


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


# --------------------------------------------------------------------------- reading


def _resolve_db(db_path: str | os.PathLike | None) -> Path:
    if db_path is None:
        return get_settings().db_path
    return Path(db_path).resolve()


def _expand(paths: Iterable[str | os.PathLike], report: LoadReport) -> tuple[list[Path], list[Path]]:
    """Folders -> their canonical files (and an `instruments/` subfolder); files as given."""
    files: list[Path] = []
    instrument_dirs: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and dataset_for_file(p.name))
            if (path / "instruments").is_dir():
                instrument_dirs.append(path / "instruments")
            if not found and not instrument_dirs:
                report.file_problems.append(FileProblem(
                    str(path), "the folder holds no file named after a dataset.",
                    "Name each file after its dataset: members.csv, meetings.csv, attendance.xlsx, ..."))
            files.extend(found)
        elif path.is_file():
            if dataset_for_file(path.name) is None:
                report.file_problems.append(FileProblem(
                    str(path), "the file name does not say which dataset it holds.",
                    "Rename it after its dataset (for example members.csv or meetings.xlsx); "
                    f"the datasets are: {', '.join(LOAD_ORDER)}."))
            else:
                files.append(path)
        else:
            report.file_problems.append(FileProblem(str(path), "there is no such file or folder."))
    return files, instrument_dirs


def _read_all(files: list[Path], report: LoadReport) -> list[_Source]:
    """Check every file before anything is written; CSV rows are read later, one file at
    a time (`_rows_of`), other formats now (a workbook is read in one piece anyway)."""
    from pipelines.contracts import conform_columns

    sources = []
    for path in files:
        dataset = dataset_for_file(path.name)
        try:
            header = read_header(path)
            if header is not None:
                columns, digest = header
                conform_columns(dataset, pd.DataFrame(columns=columns), str(path))
                sources.append(_Source(dataset=dataset, source_file=str(path), sha256=digest,
                                       path=path))
                continue
            table = read_table_file(path)
        except FileProblem as problem:
            report.file_problems.append(problem)
            continue
        source = _conform(dataset, table, report)
        if source is not None:
            sources.append(source)
    return sources


def _conform(dataset: str, table: RawTable, report: LoadReport) -> _Source | None:
    try:
        return _conformed(dataset, table)
    except FileProblem as problem:
        report.file_problems.append(problem)
        return None


def _conformed(dataset: str, table: RawTable) -> _Source:
    from pipelines.contracts import conform_columns

    frame, warnings = conform_columns(dataset, table.frame, table.source_file)
    table.frame = frame
    return _Source(dataset=dataset, source_file=table.source_file, sha256=table.sha256,
                   table=table, warnings=list(warnings))


def _rows_of(source: _Source, con, contract) -> _Source:
    """The source with its rows read (a deferred CSV file is read and conformed now).

    A CSV file of more than PART_ROWS rows whose primary key is text is staged into the
    load's DuckDB instead (see `readers.stage_csv`), when its lines prove row i = line
    i + 2; otherwise it is read whole.
    """
    if source.table is not None:
        return source
    staged = _staged(source, con, contract)
    if staged is not None:
        return _Source(dataset=source.dataset, source_file=source.source_file,
                       sha256=source.sha256, path=source.path, staged=staged)
    return _conformed(source.dataset, read_table_file(source.path))


def _staged(source: _Source, con, contract) -> StagedCsv | None:
    from pipelines.contracts import conform_columns
    from pipelines.contracts._columns import normalise_header

    if source.path.suffix.lower() != ".csv" or not contract.primary_key or any(
            contract.properties[k].logical_type != "string" for k in contract.primary_key):
        return None
    header, _ = read_header(source.path)
    names = [normalise_header(h) for h in header]
    if any(k not in names for k in contract.primary_key):
        return None
    staged = stage_csv(source.path, con, [names.index(k) for k in contract.primary_key],
                       min_rows=PART_ROWS)
    if staged is not None:
        staged.conform = lambda frame: conform_columns(source.dataset, frame, source.source_file)
        # `conform_columns` takes a column's first header (a canonical name given twice
        # was refused before the load started).
        staged.positions = {c: names.index(c) for c in contract.columns if c in names}
    return staged


def _read_instruments(dirs: list[Path], report: LoadReport) -> list:
    from pipelines.instruments import load_instruments

    try:
        return load_instruments(extra_dirs=tuple(dirs))
    except CopdashError as problem:
        report.file_problems.append(problem)
        return []


# --------------------------------------------------------------------------- writing


def _run(
    sources: list[_Source],
    instruments: list,
    db: Path,
    report: LoadReport,
    *,
    progress: Progress | None,
    replace: dict[str, dict[str, str]] | None,
) -> LoadReport:
    order = {name: i for i, name in enumerate(LOAD_ORDER)}
    sources = sorted(sources, key=lambda s: order[s.dataset])  # stable: keeps file order
    total = len(sources) + 2
    tick = progress or (lambda done, total, message: None)
    db.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(db, tick):
        _recover_live_wal(db)
        _remove_stale_copies(db)
        if not report.dry_run and not replace and _all_unchanged(db, sources):
            report.unchanged = True
            for source in sources:
                report.files.append(FileReport(
                    dataset=source.dataset, source_file=source.source_file,
                    sha256=source.sha256, status="unchanged"))
            tick(total, total, "Nothing to do: the files are unchanged.")
            return report
        _warm_up_checks(sources)
        work = db.with_name(f"{db.name}.tmp-{uuid.uuid4().hex[:12]}")
        try:
            if db.exists():
                shutil.copy2(db, work)
            con = duckdb.connect(str(work), config={"memory_limit": DUCKDB_MEMORY})
            try:
                _load_into(con, sources, instruments, report, tick, total, replace or {})
                if report.dry_run:
                    return report
                con.execute("checkpoint")
            except FileProblem as problem:
                # A file whose rows turned out unreadable (read in its turn): nothing of
                # the load is kept, the working copy is discarded below.
                report.files = []
                report.file_problems.append(problem)
                return report
            finally:
                con.close()
            _fsync(work)
            _fault_point("before_replace")
            os.replace(work, db)
            _fsync_dir(db.parent)
        finally:
            with contextlib.suppress(FileNotFoundError):
                work.unlink()
            with contextlib.suppress(FileNotFoundError):
                Path(f"{work}.wal").unlink()
            shutil.rmtree(f"{work}.tmp", ignore_errors=True)  # DuckDB's spill folder
    tick(total, total, report.summary())
    return report


def _warm_up_checks(sources: list[_Source]) -> None:
    """Start importing Great Expectations (2 to 4 s, the biggest fixed cost of a small
    load) in a background thread, so that it overlaps the copy of the database and the
    first DuckDB queries rather than following them. The modules the load imports later are
    imported first, so that the two threads never import the same module at once."""
    import pipelines.instruments  # noqa: F401 - imported before the warm-up thread starts
    import pipelines.marts  # noqa: F401 - imported before the warm-up thread starts
    from pipelines.contracts import load_contracts, warm_up

    contracts = load_contracts()
    warm_up([contracts[d] for d in dict.fromkeys(s.dataset for s in sources)])


def _load_into(
    con: duckdb.DuckDBPyConnection,
    sources: list[_Source],
    instruments: list,
    report: LoadReport,
    tick: Progress,
    total: int,
    replace: dict[str, dict[str, str]],
) -> None:
    from pipelines.contracts import load_contracts, validate_in_parts
    from pipelines.instruments import write_instruments

    contracts = load_contracts()
    con.execute(core_tables_sql())
    con.execute("begin transaction")
    try:
        report.load_id = _new_id()
        write_instruments(con, instruments)
        for dataset, where in replace.items():
            _delete_matching(con, contracts[dataset], where)
        # dataset -> {primary key of a row quarantined in this load: the file it came from}
        quarantined_keys: dict[str, dict[tuple, str]] = {}
        changes = _mart_changes()  # the CoPs whose mart rows this load changes
        for done, pending in enumerate(sources):
            tick(done, total, f"Checking {pending.source_file}")
            _duckdb_memory(con, DUCKDB_MEMORY_ALONE)  # until its parts are checked in Python
            source = _rows_of(pending, con, contracts[pending.dataset])
            sources[done] = _Source(dataset=pending.dataset, source_file=pending.source_file,
                                    sha256=pending.sha256, path=pending.path)
            try:
                file_report = _load_one(con, contracts[source.dataset], source, report.load_id,
                                        quarantined_keys, validate_in_parts, changes=changes)
            finally:
                if source.staged is not None:
                    source.staged.drop()
            del source  # its rows are no longer needed: keep one file in memory at a time
            report.files.append(file_report)
            _fault_point("after_file")
            _commit_step(con)
        tick(len(sources), total, "Rebuilding the marts")
        changes.note_replaced(con, replace)
        _duckdb_memory(con, DUCKDB_MEMORY_ALONE)
        _build_marts(con, changes.cops)
        expected = _table_counts(con)
        if report.dry_run:
            for file_report in report.files:
                file_report.status = "checked"
            con.execute("rollback")
            return
        tick(len(sources) + 1, total, "Saving")
        _fault_point("before_commit")
        con.execute("commit")
        _fault_point("after_commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise
    actual = _table_counts(con)
    if expected != actual:
        raise CopdashError(_NOT_KEPT)


def _load_one(con, contract, source: _Source, load_id: str,
              quarantined_keys: dict[str, dict[tuple, str]], validate_in_parts,
              changes=None) -> FileReport:
    started = dt.datetime.now()
    report = FileReport(dataset=source.dataset, source_file=source.source_file,
                        sha256=source.sha256, warnings=list(source.warnings))
    if source.staged is not None:
        rows, lines, row_problems = source.staged, None, {}
        report.rows_read = source.staged.n
    else:
        table = source.table
        rows = table.frame
        lines = np.asarray(table.line_numbers, dtype=np.int64)
        row_problems = table.row_problems
        table.frame = None  # `rows` is the only reference: freed once validated
        report.rows_read = len(rows)

    shape_rows = sorted(row_problems)
    shape_quarantine = pd.DataFrame({
        "line_number": [int(lines[i]) for i in shape_rows],
        "rule": [_ROW_SHAPE_RULE] * len(shape_rows),
        "message": [f"line {lines[i]}: {row_problems[i]}" for i in shape_rows],
        "raw": [rows.iloc[i].to_dict() for i in shape_rows],
    })
    if shape_rows:
        keep = np.ones(len(rows), dtype=bool)
        keep[shape_rows] = False
        rows = rows.iloc[keep].reset_index(drop=True)
        lines = lines[keep]

    # A file's earlier quarantined rows were either fixed or are reported again now.
    con.execute("delete from quarantine where dataset = ? and source_file = ?",
                [source.dataset, source.source_file])
    batch_id = _new_id()
    keys = quarantined_keys.setdefault(source.dataset, {})
    # Per part only the report's columns are kept (not the raw values), and the keys of
    # quarantined rows, so a big file's quarantine is not held whole as Python dicts.
    reported = []
    _store_quarantine(con, source.dataset, source.source_file, batch_id, shape_quarantine)
    bad_keys = _keys_of(contract, shape_quarantine)
    # Parts hold disjoint keys (split by a hash of the key), so a part's rows can only
    # replace rows stored before this file: into an empty table nothing needs deleting
    # (a full load's 20 deletes against the growing 10M-turn table took 9 s).
    replaces = con.execute(f"select exists (select 1 from {_quote(source.dataset)})").fetchall()[0][0]  # noqa: S608
    # Likewise a part's rows can only resolve quarantined rows stored before its own part:
    # with none of this dataset's (its own parts' rows come later and have other keys), the
    # per-part search of the quarantine's raw JSON is skipped (3 s of a 10M load).
    resolves = con.execute("select exists (select 1 from quarantine where dataset = ?)",
                           [source.dataset]).fetchall()[0][0]
    parts = validate_in_parts(source.dataset, rows, con, source_file=source.source_file,
                              line_numbers=lines, quarantined_keys=quarantined_keys,
                              part_rows=PART_ROWS,
                              before_parts=lambda: _duckdb_memory(con, DUCKDB_MEMORY))
    del rows
    for result in parts:
        report.warnings.extend(result.warnings)
        report.rows_loaded += len(result.accepted)
        if changes is not None:  # before the upsert: the replaced rows' CoPs count too
            changes.note_rows(con, source.dataset, result.accepted)
        _upsert(con, contract, result.accepted, replaces=replaces)
        if resolves:
            _resolve_quarantine(con, contract, result.accepted)
        _store_quarantine(con, source.dataset, source.source_file, batch_id, result.quarantined)
        bad_keys += _keys_of(contract, result.quarantined)
        reported.append(result.quarantined[["line_number", "rule", "message"]])
        del result
        if report.rows_read > PART_ROWS:
            _release_memory()
    if source.staged is not None:
        report.warnings.extend(source.staged.warnings)
    quarantined = pd.concat([shape_quarantine[["line_number", "rule", "message"]], *reported],
                            ignore_index=True)
    quarantined = quarantined.sort_values("line_number", kind="stable").reset_index(drop=True)
    report.rows_quarantined = len(quarantined)
    if report.rows_read != report.rows_loaded + report.rows_quarantined:
        raise CopdashError(
            f"{source.source_file}: internal check failed: {report.rows_read} rows read but "
            f"{report.rows_loaded} accepted and {report.rows_quarantined} quarantined. "
            "Nothing was loaded; please report this."
        )
    for key in bad_keys:
        keys[key] = source.source_file
    report.quarantined = quarantined
    report.status = "loaded_with_quarantine" if report.rows_quarantined else "loaded"
    con.execute(
        "insert into load_batches values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [batch_id, load_id, source.dataset, source.source_file, source.sha256,
         report.rows_read, report.rows_loaded, report.rows_quarantined,
         started, dt.datetime.now(), report.status,
         "\n".join(report.warnings) or None],
    )
    return report


def _duckdb_memory(con, limit: str) -> None:
    """Let DuckDB use up to `limit` from now on (see DUCKDB_MEMORY)."""
    con.execute(f"set memory_limit = '{limit}'")  # a constant of this module, not input


def _commit_step(con) -> None:
    """Commit what the load has written so far to the working copy, and go on in a new
    transaction.

    Safe because the load writes to a copy of the database that replaces the live file
    only once everything is written (`_run`): a load that fails or is killed after a step
    leaves the live database as it was, and its copy is removed. It pays because DuckDB
    reads rows appended in an open transaction from that transaction's own storage, which
    every later query of the load (the next files' cross-dataset rules, the marts) then
    scans more slowly than stored row groups. Like the final COMMIT, each is checked: a
    transaction DuckDB aborted commits nothing without an error (see `_load_into`).
    """
    try:
        expected = _table_counts(con)
    except duckdb.TransactionException as error:  # a statement failed and was swallowed
        raise CopdashError(_NOT_KEPT) from error
    con.execute("commit")
    _fault_point("after_step_commit")
    if _table_counts(con) != expected:
        raise CopdashError(_NOT_KEPT)
    con.execute("begin transaction")


def _release_memory() -> None:
    """Give the memory a part freed back to the system before the next part.

    Arrow's allocator (mimalloc) and glibc's malloc keep freed pages for reuse; the next
    part mostly reuses them, but what is kept still counts in the resident size while
    DuckDB grows (its spills, the stored rows). Both are asked to return what they hold
    free: a few milliseconds per part of half a million rows.
    """
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(AttributeError, OSError):  # not glibc: nothing to trim
        ctypes.CDLL(None).malloc_trim(0)


def _keys_of(contract, quarantined: pd.DataFrame) -> list[tuple]:
    """The primary keys (trimmed text) of quarantined rows, from their raw values."""
    return [tuple(str(raw.get(k, "")).strip() for k in contract.primary_key)
            for raw in quarantined["raw"]]


def _quote(identifier: str) -> str:
    """Identifiers come only from the contracts (an allow-list), never from file contents."""
    return '"' + identifier.replace('"', '""') + '"'


def _upsert(con, contract, accepted: pd.DataFrame, *, replaces: bool = True) -> None:
    """Store accepted rows, each replacing a stored row with its key (`replaces`: the
    table may hold such rows)."""
    if accepted.empty:
        return
    table = _quote(contract.dataset)
    columns = [c for c in contract.columns if c in accepted.columns]
    key_match = " and ".join(f"t.{_quote(k)} is not distinct from i.{_quote(k)}"
                             for k in contract.primary_key)
    column_list = ", ".join(_quote(c) for c in columns)
    stored = con.table(table).columns
    if not replaces and set(stored) <= set(columns):
        # Nothing to replace: straight into the table (in its column order), without the
        # copy through a temporary table (3 s of a 10M-turn load).
        con.from_df(accepted[stored]).insert_into(table)
        return
    copy_into_temp_table(con, "incoming_rows", accepted[columns])
    try:
        if replaces:
            con.execute(f"delete from {table} t where exists "  # noqa: S608 - allow-listed names
                        f"(select 1 from incoming_rows i where {key_match})")
        con.execute(f"insert into {table} ({column_list}) "  # noqa: S608 - allow-listed names
                    f"select {column_list} from incoming_rows")
    finally:
        con.execute("drop table if exists incoming_rows")


def _delete_matching(con, contract, where: dict[str, str]) -> None:
    unknown = [c for c in where if c not in contract.columns]
    if unknown or not where:
        raise CopdashError(f"cannot replace {contract.dataset} rows by {', '.join(unknown) or 'nothing'}.")
    condition = " and ".join(f"{_quote(c)} = ?" for c in where)
    con.execute(f"delete from {_quote(contract.dataset)} where {condition}",  # noqa: S608
                list(where.values()))


def _store_quarantine(con, dataset: str, source_file: str, batch_id: str,
                      quarantined: pd.DataFrame) -> None:
    if quarantined.empty:
        return
    rows = pd.DataFrame({
        "batch_id": batch_id,
        "dataset": dataset,
        "source_file": source_file,
        "line_number": quarantined["line_number"].astype("int64"),
        "rule": quarantined["rule"].astype(str),
        "message": quarantined["message"].astype(str),
        "raw_row": [json.dumps(raw, ensure_ascii=False, default=str) for raw in quarantined["raw"]],
    })
    copy_into_temp_table(con, "quarantine_rows", rows)
    try:
        con.execute("insert into quarantine select batch_id, dataset, source_file, line_number, "
                    "rule, message, raw_row::json from quarantine_rows")
    finally:
        con.execute("drop table if exists quarantine_rows")


def _resolve_quarantine(con, contract, accepted: pd.DataFrame) -> None:
    """A row quarantined earlier (from any file) is resolved once a row with its key loads,
    e.g. when the rows exported by `copdash quarantine --export` are fixed and loaded."""
    if accepted.empty:
        return
    keys = pd.DataFrame({name: _key_text(accepted[name]) for name in contract.primary_key})
    copy_into_temp_table(con, "accepted_keys", keys)
    try:
        # The quarantine's keys are read from its raw JSON once, in a subquery, and matched
        # to the accepted keys with a semi join: about twice as fast as a correlated
        # EXISTS over the 480,000 quarantined turns of a 10M programme.
        extracted = ", ".join(
            f"trim(coalesce(json_extract_string(raw_row, {_json_path(k)}), '')) as {_quote(k)}"
            for k in contract.primary_key)
        keys_sql = ", ".join(_quote(k) for k in contract.primary_key)
        con.execute(f"delete from quarantine where rowid in ("  # noqa: S608 - allow-listed names
                    f"select q.rowid from (select rowid, {extracted} from quarantine "
                    f"where dataset = ?) as q semi join accepted_keys using ({keys_sql}))",
                    [contract.dataset])
    finally:
        con.execute("drop table if exists accepted_keys")


def _key_text(values: pd.Series) -> pd.Series:
    """A key column as the text its quarantined rows hold ("" for missing): text columns
    as they are (without a Python object per value), others through `isoformat`/`str`."""
    if pd.api.types.is_string_dtype(values):
        return values.astype("str").fillna("")
    values = values.astype(object).where(values.notna(), None)
    return values.map(lambda v: "" if v is None else (v.isoformat() if hasattr(v, "isoformat") else str(v)))


def _json_path(column: str) -> str:
    return "'$." + column.replace("'", "") + "'"


def _build_marts(con, changed=None) -> None:
    """All marts, or (`changed`: CoP ids) only those CoPs' rows; see `build_marts`."""
    from pipelines.marts import build_marts

    build_marts(con, changed=changed)


def _mart_changes():
    from pipelines.marts import MartChanges

    return MartChanges()


def _table_counts(con) -> dict[str, int]:
    names = [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() "
        "order by table_name").fetchall()]
    return {name: con.execute(f"select count(*) from {_quote(name)}").fetchone()[0]  # noqa: S608
            for name in names}


def _all_unchanged(db: Path, sources: list[_Source]) -> bool:
    """True when every file's content equals its latest successful load and the marts were
    built by this version of copdash (a database from an older version is loaded again, so
    that its marts are rebuilt, rather than left as the pages can no longer read them)."""
    if not sources or not db.exists():
        return False
    from pipelines.marts import marts_current

    with duckdb.connect(str(db), read_only=True) as con:
        if not con.execute("select count(*) from duckdb_tables() where table_name = 'load_batches'"
                           ).fetchone()[0]:
            return False
        if not marts_current(con):
            return False
        for source in sources:
            row = con.execute(
                "select sha256 from load_batches where dataset = ? and source_file = ? "
                "order by finished_at desc limit 1",
                [source.dataset, source.source_file]).fetchone()
            if row is None or row[0] != source.sha256:
                return False
    return True


# --------------------------------------------------------------------------- file safety


@contextlib.contextmanager
def _writer_lock(db: Path, tick: Progress) -> Iterator[None]:
    """One load at a time per database; a second load waits for the first."""
    lock_path = db.with_name(f"{db.name}.lock")
    with lock_path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            tick(0, 1, "Waiting for another load of this database to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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


def _new_id() -> str:
    return dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
