"""One file's turn in the load: its row-shape problems, its rows checked against the
contract (in parts), accepted rows upserted, quarantined rows stored, its batch recorded."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import json
import uuid

import numpy as np
import pandas as pd
import pyarrow as pa

# The tuning constants and `_load_one` are read through the package (`package.X`), so
# that setting `pipelines.load.PART_ROWS` (as the tests do) reaches this module too.
import pipelines.load as package
from pipelines import limits
from pipelines.duck import copy_into_temp_table
from pipelines.errors import CopdashError
from pipelines.load.files import _Source
from pipelines.load.report import FileReport

_ROW_SHAPE_RULE = "file.values_per_line"


def _load_one(con, contract, source: _Source, load_id: str,
              quarantined_keys: dict[str, dict[tuple, str]], engine: str = "sql",
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
    _store_quarantine(con, source.dataset, source.source_file, batch_id, shape_quarantine)
    written = _Written(con, contract, source, batch_id, changes, shape_quarantine)
    if engine == "sql":
        _check_in_duckdb(con, contract, rows, lines, quarantined_keys, written, report)
    else:
        _check_in_parts(con, contract, rows, lines, quarantined_keys, written, report, engine)
    del rows
    if source.staged is not None:
        report.warnings.extend(source.staged.warnings)
    quarantined = pd.concat([shape_quarantine[["line_number", "rule", "message"]],
                             *written.reported], ignore_index=True)
    quarantined = quarantined.sort_values("line_number", kind="stable").reset_index(drop=True)
    report.rows_quarantined = len(quarantined)
    if report.rows_read != report.rows_loaded + report.rows_quarantined:
        raise CopdashError(
            f"{source.source_file}: internal check failed: {report.rows_read} rows read but "
            f"{report.rows_loaded} accepted and {report.rows_quarantined} quarantined. "
            "Nothing was loaded; please report this."
        )
    for key in written.bad_keys:
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


class _Written:
    """Writes one file's checked rows, part by part or all at once: accepted rows (a
    relation in DuckDB) upserted, the rows quarantined before with their keys resolved, the
    quarantined rows stored; keeps what the file's report needs."""

    def __init__(self, con, contract, source: _Source, batch_id: str, changes,
                 shape_quarantine: pd.DataFrame) -> None:
        self.con, self.contract, self.source = con, contract, source
        self.batch_id, self.changes = batch_id, changes
        self.bad_keys = _keys_of(contract, shape_quarantine)
        self.reported: list[pd.DataFrame] = []
        self.quarantined = len(shape_quarantine)
        # Parts hold disjoint keys (split by a hash of the key), so a part's rows can only
        # replace rows stored before this file: into an empty table nothing needs deleting
        # (a full load's 20 deletes against the growing 10M-turn table took 9 s).
        self.replaces = con.execute(
            f"select exists (select 1 from {_quote(source.dataset)})").fetchall()[0][0]  # noqa: S608
        # Likewise a part's rows can only resolve quarantined rows stored before its own
        # part: with none of this dataset's (its own parts' rows come later and have other
        # keys), the search of the quarantine's raw JSON is skipped (3 s of a 10M load).
        self.resolves = con.execute("select exists (select 1 from quarantine where dataset = ?)",
                                    [source.dataset]).fetchall()[0][0]

    def accepted(self, relation: str) -> None:
        """Rows of `relation` (a table or view holding the contract's columns) accepted."""
        if self.changes is not None:  # before the upsert: the replaced rows' CoPs count too
            self.changes.note_table(self.con, self.source.dataset, relation)
        _upsert(self.con, self.contract, relation, replaces=self.replaces)
        if self.resolves:
            _resolve_quarantine(self.con, self.contract, relation)

    def rejected(self, quarantined: pd.DataFrame) -> None:
        _store_quarantine(self.con, self.source.dataset, self.source.source_file,
                          self.batch_id, quarantined)
        self.bad_keys += _keys_of(self.contract, quarantined)
        self.reported.append(quarantined[["line_number", "rule", "message"]])
        self.quarantined += len(quarantined)


def _check_in_duckdb(con, contract, rows, lines, quarantined_keys, written: _Written,
                     report: FileReport) -> None:
    """The SQL engine: the rows checked where they are, in DuckDB (a frame is copied there
    first); only the quarantined rows come to Python."""
    from pipelines.contracts import CheckedInDuckDB
    from pipelines.contracts._in_duckdb import ACCEPTED
    from pipelines.readers import StagedFrame

    copied = None
    if isinstance(rows, pd.DataFrame):
        if rows.empty:
            return
        rows = copied = StagedFrame(con, rows, lines)
    try:
        checked = CheckedInDuckDB(contract, rows, con, quarantined_keys=quarantined_keys)
        try:
            limits.check_quarantined(written.source.source_file,
                                     written.quarantined + checked.failing)
            many = checked.failing > package.MANY_QUARANTINED_ROWS
            if many:
                _duckdb_memory(con, package.DUCKDB_MEMORY_BESIDE_MESSAGES)
            quarantined = checked.quarantined()
            if many:
                _duckdb_memory(con, package.DUCKDB_MEMORY)  # (the next file sets it back)
            report.rows_loaded += checked.accepted
            if checked.accepted:
                written.accepted(ACCEPTED)
            written.rejected(quarantined)
        finally:
            checked.drop()
    finally:
        if copied is not None:
            copied.drop()


def _check_in_parts(con, contract, rows, lines, quarantined_keys, written: _Written,
                    report: FileReport, engine: str) -> None:
    """Great Expectations (the reference): the rows checked as pandas frames, a big file
    in parts of about PART_ROWS rows."""
    from pipelines.contracts import validate_in_parts

    parts = validate_in_parts(contract.dataset, rows, con, source_file=written.source.source_file,
                              line_numbers=lines, quarantined_keys=quarantined_keys,
                              part_rows=package.PART_ROWS, engine=engine,
                              before_parts=lambda: _duckdb_memory(con, package.DUCKDB_MEMORY))
    del rows
    for result in parts:
        report.warnings.extend(result.warnings)
        report.rows_loaded += len(result.accepted)
        if not result.accepted.empty:
            copy_into_temp_table(con, "incoming_rows", result.accepted)
            try:
                written.accepted("incoming_rows")
            finally:
                con.execute("drop table if exists incoming_rows")
        written.rejected(result.quarantined)
        limits.check_quarantined(written.source.source_file, written.quarantined, parts)
        del result
        if report.rows_read > package.PART_ROWS:
            _release_memory()


def _duckdb_memory(con, limit: str) -> None:
    """Let DuckDB use up to `limit` from now on (see DUCKDB_MEMORY)."""
    con.execute(f"set memory_limit = '{limit}'")  # a constant of this module, not input


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


def _upsert(con, contract, rows: str, *, replaces: bool = True) -> None:
    """Store the rows of the relation `rows`, each replacing a stored row with its key
    (`replaces`: the table may hold such rows)."""
    table = _quote(contract.dataset)
    columns = ", ".join(_quote(c) for c in contract.columns)
    key_match = " and ".join(f"t.{_quote(k)} is not distinct from i.{_quote(k)}"
                             for k in contract.primary_key)
    if replaces:
        con.execute(f"delete from {table} t where exists "  # noqa: S608 - allow-listed names
                    f"(select 1 from {rows} i where {key_match})")
    con.execute(f"insert into {table} ({columns}) select {columns} from {rows}")  # noqa: S608


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


def _resolve_quarantine(con, contract, rows: str) -> None:
    """A row quarantined earlier (from any file) is resolved once a row with its key loads
    (the relation `rows`), e.g. when the rows exported by `copdash quarantine --export` are
    fixed and loaded."""
    # The quarantine's keys are read from its raw JSON once, in a subquery, and matched to
    # the accepted keys with a semi join: about twice as fast as a correlated EXISTS over
    # the 480,000 quarantined turns of a 10M programme.
    extracted = ", ".join(
        f"{_quarantined_key_text(contract.properties[k].logical_type, _json_path(k))} "
        f"as {_quote(k)}" for k in contract.primary_key)
    accepted = ", ".join(f"{_key_text(contract.properties[k].logical_type, _quote(k))} as {_quote(k)}"
                         for k in contract.primary_key)
    keys_sql = ", ".join(_quote(k) for k in contract.primary_key)
    con.execute(f"delete from quarantine where rowid in ("  # noqa: S608 - allow-listed names
                f"select q.rowid from (select rowid, {extracted} from quarantine "
                f"where dataset = ?) as q semi join (select {accepted} from {rows}) "
                f"using ({keys_sql}))", [contract.dataset])


def _quarantined_key_text(logical_type: str, path: str) -> str:
    """SQL for a quarantined row's key as typed, trimmed ("" for missing); a date key as an
    ISO date when it reads as one ('2020-04-01' and '2020-04-01T00:00:00' alike), so a
    corrected row clears it whichever way either was written."""
    typed = f"trim(coalesce(json_extract_string(raw_row, {path}), ''))"
    if logical_type == "date":
        return f"coalesce(strftime(try_cast({typed} as timestamp), '%Y-%m-%d'), {typed})"
    return typed


def _key_text(logical_type: str, column: str) -> str:
    """SQL for a stored key as the text its quarantined rows are matched by ("" for
    missing): text as it is, a date as an ISO date (see _quarantined_key_text)."""
    if logical_type in ("string", "time"):
        return f"coalesce({column}, '')"
    if logical_type == "date":
        return f"coalesce(strftime({column}, '%Y-%m-%d'), '')"
    return f"coalesce(cast({column} as varchar), '')"


def _json_path(column: str) -> str:
    return "'$." + column.replace("'", "") + "'"


def _new_id() -> str:
    return dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
