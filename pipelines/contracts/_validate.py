"""Validate one file's rows against its dataset's contract.

1. Strip every value and convert it to the column's logical type (blank or unreadable -> NA).
2. Ask DuckDB, through `con` (inside the load's transaction), for what the rows refer to:
   one lookup per contract relationship, and the contract's prepare query
   (`data_contracts/prepare/<dataset>.sql`) for cross-dataset rules.
3. Run the contract's Great Expectations suite over a frame of just the columns its
   expectations read, plus `_row`, the row's position, by which GX reports failing rows.
4. Rows that broke nothing are accepted (typed for the core table); the others are
   quarantined, one row each, naming every rule they broke and saying each problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._gx import ROW, run_checks
from ._messages import RowContext, render
from ._model import Contract, ContractProblem, load_contracts, reference_column, text_column
from ._types import for_storage, to_typed

__all__ = ["QUARANTINE_COLUMNS", "ValidationResult", "validate"]

QUARANTINE_COLUMNS = ["line_number", "rule", "message", "raw"]
# The name under which the file's typed rows are visible to lookup and prepare queries.
INCOMING = "incoming"


@dataclass
class ValidationResult:
    """Accepted rows ready for `INSERT ... BY NAME`, quarantined rows with their reasons."""

    accepted: pd.DataFrame
    quarantined: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0


def validate(
    dataset: str,
    frame: pd.DataFrame,
    con: Any,
    *,
    source_file: str,
    line_numbers: Sequence[int] | None,
    quarantined_keys: Mapping[str, Iterable] | None = None,
) -> ValidationResult:
    """Check `frame` (canonical columns, every value a str, "" = blank) against its contract.

    `con` is the load's DuckDB connection: every dataset before this one in `LOAD_ORDER`
    is already upserted there. `quarantined_keys` maps a dataset to the primary keys (tuples,
    or a dict key -> source file) quarantined earlier in the same load, so that a dependent
    row can say its parent was quarantined rather than missing.
    """
    contracts = load_contracts()
    if dataset not in contracts:
        raise ValueError(f"unknown dataset {dataset!r}")
    contract = contracts[dataset]
    frame = frame.reset_index(drop=True)
    n = len(frame)
    lines = (
        np.arange(2, n + 2, dtype=np.int64)
        if line_numbers is None
        else np.asarray(list(line_numbers), dtype=np.int64)
    )
    if len(lines) != n:
        raise ValueError(f"{source_file}: {len(lines)} line numbers for {n} rows")

    texts, typed = _read_values(contract, frame)
    if n == 0:
        return ValidationResult(
            accepted=_accepted(contract, typed, np.zeros(0, dtype=bool)),
            quarantined=_quarantine_frame([], [], [], []),
            rows_read=0,
        )

    values = _values_for_checks(contract, texts, typed, con)
    needed = list(dict.fromkeys(c for check in contract.checks for c in check.frame_columns))
    missing = [name for name in needed if name not in values]
    if missing:
        where = contract.prepare_file or "the file"
        raise ContractProblem(
            contract.path, f"expectations read {missing}, which neither the file nor {where} provides"
        )
    checked = pd.DataFrame(
        {name: values[name].to_numpy() for name in needed},
        index=pd.RangeIndex(n, name=ROW),
    )
    failures = _without_follow_on(contract, run_checks(contract, checked))

    context = RowContext(
        contract=contract,
        texts=texts,
        values=values,
        lines=lines,
        quarantined=_normalise_keys(quarantined_keys),
    )
    problems = []
    for index, rows in sorted(failures.items()):
        check = contract.checks[index]
        problems.append(
            pd.DataFrame(
                {ROW: rows, "order": index, "rule": check.rule, "message": render(check, rows, context)}
            )
        )
    bad = np.zeros(n, dtype=bool)
    if not problems:
        quarantined = _quarantine_frame([], [], [], [])
    else:
        found = pd.concat(problems, ignore_index=True).sort_values([ROW, "order"], kind="stable")
        bad[found[ROW].to_numpy()] = True
        rows, rules = _joined(found.drop_duplicates([ROW, "rule"]), "rule", "; ")
        _, messages = _joined(found, "message", " ")
        quarantined = _quarantine_frame(
            lines[rows],
            rules,
            "line " + pd.Series(lines[rows]).astype("str") + ": " + messages,
            _raw_rows(frame, rows),
        )
    return ValidationResult(
        accepted=_accepted(contract, typed, bad),
        quarantined=quarantined,
        warnings=[],
        rows_read=n,
    )


def _without_follow_on(contract: Contract, failures: dict[int, np.ndarray]) -> dict[int, np.ndarray]:
    """Drop failures that only follow from an earlier-stage failure on the same row.

    See `STAGES` in `_model.py`: a check is skipped on rows where a check of an earlier
    stage failed on one of the columns it `depends_on`. Own-value checks mark their column,
    relationships and the key check mark the columns they are about.
    """
    marked: dict[str, list[tuple[int, np.ndarray]]] = {}
    kept: dict[int, np.ndarray] = {}
    for index in sorted(failures, key=lambda i: (contract.checks[i].stage, i)):
        check = contract.checks[index]
        rows = failures[index]
        skip = [r for c in check.depends_on for stage, r in marked.get(c, []) if stage < check.stage]
        if skip:
            rows = rows[~np.isin(rows, np.concatenate(skip))]
        if not len(rows):
            continue
        kept[index] = rows
        if check.kind in ("required", "custom"):
            continue
        marks = check.depends_on if check.kind in ("foreign_key", "unique") else (check.column,)
        for column in marks:
            if column:
                marked.setdefault(column, []).append((check.stage, rows))
    return kept


def _joined(found: pd.DataFrame, column: str, separator: str) -> tuple[np.ndarray, pd.Series]:
    """Per row (sorted by row, then check order), its values of `column` joined in order.

    Vectorised: the k-th problem of every row is appended in one step, for k = 2, 3, ...
    """
    rank = found.groupby(ROW, sort=False).cumcount().to_numpy()
    first = rank == 0
    rows = found[ROW].to_numpy()[first]
    text = found[column].astype("str").to_numpy()
    joined = pd.Series(text[first], dtype="str")
    for k in range(1, int(rank.max()) + 1):
        at = rank == k
        position = np.searchsorted(rows, found[ROW].to_numpy()[at])
        joined.iloc[position] = joined.iloc[position].to_numpy() + separator + text[at]
    return rows, joined


def _raw_rows(frame: pd.DataFrame, rows: np.ndarray) -> list[dict[str, str]]:
    """The quarantined rows' values exactly as read (blank as "")."""
    picked = frame.iloc[rows]
    columns = [picked[c].astype("str").fillna("").to_numpy() for c in picked.columns]
    names = list(picked.columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _read_values(
    contract: Contract, frame: pd.DataFrame
) -> tuple[dict[str, pd.Series], dict[str, pd.Series]]:
    texts: dict[str, pd.Series] = {}
    typed: dict[str, pd.Series] = {}
    for name, prop in contract.properties.items():
        if name in frame.columns:
            text = frame[name].astype("str").str.strip()
            text = text.where(text != "")
        else:
            text = pd.Series(pd.NA, index=frame.index, dtype="str")
        texts[name] = text
        typed[name] = to_typed(prop.logical_type, text)
    return texts, typed


def _values_for_checks(
    contract: Contract,
    texts: dict[str, pd.Series],
    typed: dict[str, pd.Series],
    con: Any,
) -> dict[str, pd.Series]:
    n = len(next(iter(typed.values())))
    values: dict[str, pd.Series] = {}
    for name, prop in contract.properties.items():
        values[name] = typed[name]
        if prop.logical_type != "string":
            values[text_column(prop)] = texts[name]
    for name, column in _look_up(contract, typed, con, n).items():
        if name in values:
            raise ContractProblem(
                contract.path, f"{contract.prepare_file} returns {name}, which the file already has"
            )
        values[name] = column
    return values


def reference_sql(contract: Contract) -> str:
    """One lookup per relationship: TRUE found, FALSE missing, NULL when a key part is blank.

    A relationship over several columns (an item of an instrument) is only looked up once
    the single-column relationships on its columns (the instrument) have been found, so a
    row reports the most basic missing reference once. Table and column names come from
    the contracts and are checked against the known tables.
    """
    simple = {
        rel.from_columns[0]: index
        for index, rel in enumerate(contract.relationships)
        if len(rel.from_columns) == 1
    }
    lookups = []
    for index, rel in enumerate(contract.relationships):
        given = " and ".join(f'i."{c}" is not null' for c in rel.from_columns)
        exists = _exists(rel.to_table, rel.from_columns, rel.to_columns)
        prerequisites = [
            _exists(contract.relationships[simple[c]].to_table, (c,), contract.relationships[simple[c]].to_columns)
            for c in rel.from_columns
            if len(rel.from_columns) > 1 and c in simple
        ]
        condition = " and ".join([given, *prerequisites])
        lookups.append(f'case when {condition} then {exists} end as "{reference_column(index)}"')
    return f"select i.{ROW}, {', '.join(lookups)} from {INCOMING} as i"  # noqa: S608 - names from contracts, checked


def _exists(table: str, from_columns: tuple[str, ...], to_columns: tuple[str, ...]) -> str:
    match = " and ".join(f'r."{t}" = i."{f}"' for f, t in zip(from_columns, to_columns, strict=True))
    return f'exists (select 1 from "{table}" as r where {match})'  # noqa: S608 - names from contracts


def _look_up(
    contract: Contract, typed: dict[str, pd.Series], con: Any, n: int
) -> dict[str, pd.Series]:
    if not contract.relationships and not contract.prepare_sql:
        return {}
    incoming = pd.DataFrame({ROW: np.arange(n, dtype=np.int64), **typed})
    queries = []
    if contract.relationships:
        queries.append(("relationships", reference_sql(contract)))
    if contract.prepare_sql:
        queries.append((contract.prepare_file or "prepare query", contract.prepare_sql))
    con.register(INCOMING, incoming)
    try:
        results = [(name, con.execute(sql).df()) for name, sql in queries]
    finally:
        con.unregister(INCOMING)
    columns: dict[str, pd.Series] = {}
    for name, result in results:
        if ROW not in result.columns or result[ROW].duplicated().any():
            raise ContractProblem(
                contract.path, f"{name} must return exactly one row per incoming {ROW}"
            )
        result = result.set_index(ROW).reindex(range(n))
        for column in result.columns:
            columns[column] = _comparable(result[column])
    return columns


def _comparable(values: pd.Series) -> pd.Series:
    """Nullable integers/floats from DuckDB as float64, so GX compares them without pd.NA."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.astype("float64")
    return values.reset_index(drop=True)


def _accepted(contract: Contract, typed: dict[str, pd.Series], bad: np.ndarray) -> pd.DataFrame:
    keep = ~bad
    columns = {}
    for name, prop in contract.properties.items():
        values = typed[name]
        if prop.default is not None:
            values = values.fillna(prop.default)
        columns[name] = for_storage(prop.logical_type, values)[keep].reset_index(drop=True)
    return pd.DataFrame(columns, columns=contract.columns)


def _quarantine_frame(lines, rules, messages, raw) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "line_number": pd.Series(np.asarray(lines, dtype=np.int64)),
            "rule": pd.Series(np.asarray(rules, dtype=object), dtype="str"),
            "message": pd.Series(np.asarray(messages, dtype=object), dtype="str"),
            "raw": pd.Series(list(raw), dtype="object"),
        },
        columns=QUARANTINE_COLUMNS,
    )


def _as_tuple(key: Any) -> tuple:
    return key if isinstance(key, tuple) else (key,)


def _normalise_keys(keys: Mapping[str, Iterable] | None) -> dict[str, dict[tuple, str | None]]:
    """{dataset: set of keys} or {dataset: {key: source_file}} -> {dataset: {tuple: file}}."""
    result: dict[str, dict[tuple, str | None]] = {}
    for dataset, entries in (keys or {}).items():
        files = entries if isinstance(entries, Mapping) else dict.fromkeys(entries)
        result[dataset] = {
            tuple(None if part in (None, "") else str(part) for part in _as_tuple(key)): (
                str(file) if file else None
            )
            for key, file in files.items()
        }
    return result
