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
                              part_rows=package.PART_ROWS,
                              before_parts=lambda: _duckdb_memory(con, package.DUCKDB_MEMORY))
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
        limits.check_quarantined(source.source_file, len(shape_quarantine) + sum(map(len, reported)), parts)
        del result
        if report.rows_read > package.PART_ROWS:
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


def _new_id() -> str:
    return dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
