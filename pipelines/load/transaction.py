"""The all-or-nothing load: in a working copy, one transaction (committed after each
file, checked each time), the marts rebuilt, then the copy replaces the live file."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path

import duckdb

# The tuning constants and `_load_one` are read through the package (`package.X`), so
# that setting `pipelines.load.PART_ROWS` (as the tests do) reaches this module too.
import pipelines.load as package
from pipelines.datasets import LOAD_ORDER
from pipelines.errors import CopdashError, FileProblem
from pipelines.load.files import _rows_of, _Source
from pipelines.load.one_file import _delete_matching, _duckdb_memory, _new_id, _quote
from pipelines.load.report import FileReport, LoadReport, Progress
from pipelines.load.working_copy import (
    _fault_point,
    _fsync,
    _fsync_dir,
    _recover_live_wal,
    _remove_stale_copies,
    _writer_lock,
)

_CORE_SQL = Path(__file__).parent.parent / "sql" / "core" / "tables.sql"


_NOT_KEPT = ("The database did not keep the load's changes (the transaction was aborted); "
             "the live database is unchanged. Run the load again.")


def core_tables_sql() -> str:
    return _CORE_SQL.read_text(encoding="utf-8")


def _run(
    sources: list[_Source],
    instruments: list,
    db: Path,
    report: LoadReport,
    *,
    progress: Progress | None,
    replace: dict[str, dict[str, str]] | None,
    engine: str = "sql",
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
        if engine == "gx":  # the SQL engine never imports Great Expectations
            _warm_up_checks(sources)
        work = db.with_name(f"{db.name}.tmp-{uuid.uuid4().hex[:12]}")
        try:
            if db.exists():
                shutil.copy2(db, work)
            con = duckdb.connect(str(work), config={"memory_limit": package.DUCKDB_MEMORY})
            try:
                _load_into(con, sources, instruments, report, tick, total, replace or {},
                           engine=engine)
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
    *,
    engine: str = "sql",
) -> None:
    from pipelines.contracts import load_contracts
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
            _duckdb_memory(con, package.DUCKDB_MEMORY_ALONE)  # until its parts are checked in Python
            source = _rows_of(pending, con, contracts[pending.dataset], engine)
            sources[done] = _Source(dataset=pending.dataset, source_file=pending.source_file,
                                    sha256=pending.sha256, path=pending.path)
            try:
                file_report = package._load_one(
                    con, contracts[source.dataset], source, report.load_id, quarantined_keys,
                    engine, changes=changes)
            finally:
                # (in a transaction DuckDB aborted, nothing can be dropped, and nothing is
                # kept: `_commit_step` then fails the load saying so)
                if source.staged is not None:
                    with contextlib.suppress(duckdb.TransactionException):
                        source.staged.drop()
            del source  # its rows are no longer needed: keep one file in memory at a time
            report.files.append(file_report)
            _fault_point("after_file")
            _commit_step(con)
        tick(len(sources), total, "Rebuilding the marts")
        changes.note_replaced(con, replace)
        _duckdb_memory(con, package.DUCKDB_MEMORY_ALONE)
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


def _build_marts(con, changed=None) -> None:
    """All marts, or (`changed`: CoP ids) only those CoPs' rows; see `build_marts`."""
    from pipelines.marts import build_marts

    build_marts(con, changed=changed)


def _mart_changes():
    from pipelines.marts import MartChanges

    return MartChanges()


def _table_counts(con) -> dict[str, int]:
    """Rows per table of the working copy, in one query (taken before and after every
    commit: one query per table cost a third of a second per load)."""
    names = [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() "
        "order by table_name").fetchall()]
    if not names:
        return {}
    # the database's own table names, quoted
    listed = ", ".join(f"(select count(*) from {_quote(name)})" for name in names)  # noqa: S608
    counts = con.execute(f"select {listed}").fetchone()
    return dict(zip(names, counts, strict=True))


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
