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

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.duck import copy_into_temp_table

from ._gx import ROW, run_checks
from ._messages import RowContext, render
from ._model import Contract, ContractProblem, load_contracts, reference_column, text_column
from ._sql import run_checks_sql
from ._types import for_storage, to_typed, typed_sql

__all__ = ["ENGINES", "QUARANTINE_COLUMNS", "ValidationResult", "validate", "validate_in_parts"]

QUARANTINE_COLUMNS = ["line_number", "rule", "message", "raw"]
# Arrow text -> pandas' Arrow-backed "str" (what DuckDB's `.df()` gives a text column).
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
_TEXT_TYPES = {pa.string(): _TEXT, pa.large_string(): _TEXT, pa.string_view(): _TEXT}
# The name under which the file's typed rows are visible to lookup and prepare queries.
INCOMING = "incoming"
# How the checks run: as DuckDB SQL compiled from the contracts (the load's engine), or
# through Great Expectations (the reference; `copdash validate --engine gx`).
ENGINES = {"sql": run_checks_sql, "gx": run_checks}


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
    engine: str = "sql",
) -> ValidationResult:
    """Check `frame` (canonical columns, every value a str, "" = blank) against its contract.

    `con` is the load's DuckDB connection: every dataset before this one in `LOAD_ORDER`
    is already upserted there. `quarantined_keys` maps a dataset to the primary keys (tuples,
    or a dict key -> source file) quarantined earlier in the same load, so that a dependent
    row can say its parent was quarantined rather than missing. `engine` runs the checks
    as DuckDB SQL ("sql", see `_sql.py`) or through Great Expectations ("gx").
    """
    (result,) = validate_in_parts(dataset, frame, con, source_file=source_file,
                                  line_numbers=line_numbers, quarantined_keys=quarantined_keys,
                                  engine=engine)
    return result


def validate_in_parts(
    dataset: str,
    frame: pd.DataFrame,
    con: Any,
    *,
    source_file: str,
    line_numbers: Sequence[int] | None,
    quarantined_keys: Mapping[str, Iterable] | None = None,
    part_rows: int | None = None,
    before_parts: Callable[[], None] | None = None,
    engine: str = "sql",
) -> Iterator[ValidationResult]:
    """`validate`, yielding the result part by part so that a big file's typed copies,
    Great Expectations frames and messages exist for one part at a time.

    A file of more than `part_rows` rows is split by a hash of its primary key, so that rows
    with the same key are in the same part and the uniqueness check sees them together.
    Everything that compares a row with other rows of the file (relationships and the
    contract's prepare query, e.g. overlapping turns) runs once over the whole file in
    DuckDB, before the first part is yielded (and so before any part is stored). Each part
    is itself a file-like result: its rows in file order, their own line numbers.
    `before_parts` is called once that whole-file work is done, before the first part is
    read into Python (the load gives DuckDB less memory from then on).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    contracts = load_contracts()
    if dataset not in contracts:
        raise ValueError(f"unknown dataset {dataset!r}")
    contract = contracts[dataset]
    source = _source_of(frame, line_numbers, source_file)
    n = source.n
    # Only the datasets this contract's messages name (`quarantinedIn`): at 10M turns the
    # load's half a million quarantined turns are not normalised again for every later file.
    named = {check.quarantined_in[0] for check in contract.checks if check.quarantined_in}
    quarantined = _normalise_keys({d: k for d, k in (quarantined_keys or {}).items() if d in named})
    if n == 0:
        texts, typed = _read_values(contract, source.frame)
        yield ValidationResult(
            accepted=_accepted(contract, typed, np.zeros(0, dtype=bool)),
            quarantined=_quarantine_frame([], [], [], []),
            rows_read=0,
        )
        return
    parts = source.parts(contract, part_rows, con)
    looked_up = _Lookups(contract, con, n)
    try:
        first = looked_up.stage(source, parts)
        if before_parts is not None:
            before_parts()
        for number, rows in enumerate(parts):
            part, lines = source.part(rows, len(parts))
            values = first if number == 0 else None
            yield _validate_part(contract, part, lines, looked_up.fetch(rows), quarantined,
                                 values, engine=engine)
            first = None
            del part, lines, values
    finally:
        looked_up.drop()


def _source_of(frame: Any, line_numbers: Sequence[int] | None, source_file: str):
    """The rows to validate: a frame, or a file staged in DuckDB (`readers.StagedCsv`:
    it has `parts(count)` and `part(rows)`), whose rows are read one part at a time."""
    if isinstance(frame, pd.DataFrame):
        return _FrameRows(frame, line_numbers, source_file)
    return _StagedRows(frame)


class _FrameRows:
    """A frame's rows, split into parts by `_parts`."""

    def __init__(self, frame: pd.DataFrame, line_numbers: Sequence[int] | None,
                 source_file: str) -> None:
        self.frame = frame.reset_index(drop=True)
        self.n = len(self.frame)
        self.lines = (
            np.arange(2, self.n + 2, dtype=np.int64)
            if line_numbers is None
            else np.asarray(line_numbers, dtype=np.int64)
        )
        if len(self.lines) != self.n:
            raise ValueError(f"{source_file}: {len(self.lines)} line numbers for {self.n} rows")
        self.keeps_first = True

    def parts(self, contract: Contract, part_rows: int | None, con: Any) -> list[np.ndarray]:
        return _parts(contract, self.frame, part_rows, con)

    def typed_sql(self, contract: Contract, columns: Sequence[str]) -> None:
        return None  # a frame in memory is typed in Python (`_read_values`)

    def part(self, rows: np.ndarray, count: int) -> tuple[pd.DataFrame, np.ndarray]:
        if count == 1:
            return self.frame, self.lines[rows]
        return self.frame.iloc[rows].reset_index(drop=True), self.lines[rows]


class _StagedRows:
    """A staged file's rows: parts by a hash of the trimmed key text (staged beside the
    rows), each part read from DuckDB when it is needed, so one part is in memory."""

    def __init__(self, staged: Any) -> None:
        self.staged = staged
        self.n = staged.n
        self.keeps_first = False  # the first part is read again rather than held
        self.frame = None  # a staged file has rows: the n == 0 case never reads it

    def parts(self, contract: Contract, part_rows: int | None, con: Any) -> list[np.ndarray]:
        if not part_rows or self.n <= part_rows or not contract.primary_key:
            return self.staged.parts(1)
        if any(contract.properties[k].logical_type != "string" for k in contract.primary_key):
            raise ValueError(f"{contract.dataset}: a staged file needs a text primary key")
        return self.staged.parts(-(-self.n // part_rows))

    def typed_sql(self, contract: Contract, columns: Sequence[str]) -> tuple[str, dict] | None:
        """The staged rows' `columns`, typed as `_read_values` types them, as one DuckDB
        query (and its parameters): a 10M-turn file is not read into Python and typed a
        first time just to stage the columns its cross-dataset queries read. `None` when
        a column's type is converted only in Python."""
        expressions: dict[str, str] = {}
        params: dict[str, object] = {}
        for name in columns:
            typed = typed_sql(contract.properties[name].logical_type, self.staged.text_sql(name))
            if typed is None:
                return None
            expressions[name], more = typed
            params.update(more)
        sql, more = self.staged.select_sql(expressions)
        return sql, {k: v for k, v in {**params, **more}.items() if f"${k}" in sql}

    def part(self, rows: np.ndarray, count: int) -> tuple[pd.DataFrame, np.ndarray]:
        return self.staged.part(rows)


def _parts(contract: Contract, frame: pd.DataFrame, part_rows: int | None,
           con: Any) -> list[np.ndarray]:
    """Row positions of each part (sorted): all rows, or groups by a hash of the typed key.

    The hash runs in DuckDB over Arrow arrays (a text key trimmed as `_read_values` does,
    blank as missing; other types converted), so a big file's keys are never Python
    strings.
    """
    n = len(frame)
    if not part_rows or n <= part_rows or not contract.primary_key:
        return [np.arange(n, dtype=np.int64)]
    count = -(-n // part_rows)
    keys = {}
    for number, name in enumerate(contract.primary_key):
        prop = contract.properties[name]
        if prop.logical_type == "string" and name in frame.columns:
            text = pc.utf8_trim_whitespace(pa.array(frame[name].astype("str")))
            keys[f"k{number}"] = pc.if_else(pc.equal(text, ""), None, text)
        else:
            keys[f"k{number}"] = pa.array(to_typed(prop.logical_type, _stripped(frame, name)))
    con.register("part_keys", pa.table(keys))
    try:
        hashed = ", ".join(keys)
        group = con.execute(
            f"select (hash({hashed}) % ?)::bigint as g from part_keys",  # noqa: S608 - internal names
            [count]).fetchnumpy()["g"]
    finally:
        con.unregister("part_keys")
    return [rows for rows in (np.flatnonzero(group == g) for g in range(count)) if len(rows)]


class _Lookups:
    """The relationship lookups and the prepare query, run once over the whole file.

    The file's typed rows are staged part by part into the temporary table `incoming`;
    each query's result is kept in a temporary table and fetched part by part.
    """

    def __init__(self, contract: Contract, con: Any, n: int) -> None:
        self.contract = contract
        self.con = con
        self.n = n
        self.tables: list[str] = []
        self.names: dict[str, str] = {}

    def _one_row_each(self, name: str) -> str:
        return f"{name} must return exactly one row per incoming {ROW}"

    def stage(self, source: Any, parts: list[np.ndarray]):
        """Stage the rows and run the queries; returns the first part's (texts, typed)
        when the source keeps it (a frame), else `None`."""
        contract = self.contract
        first = None
        if not contract.relationships and not contract.prepare_sql:
            return None
        columns = self.columns()
        typed_in_duckdb = source.typed_sql(contract, columns)
        if typed_in_duckdb is None:
            first = self._stage_typed_in_python(source, parts, columns)
        else:
            sql, params = typed_in_duckdb
            self.con.execute(f"create or replace temp table {INCOMING} as {sql}", params)
        try:
            self.run_queries()
        finally:
            self.con.execute(f"drop table if exists {INCOMING}")
        return first

    def run_queries(self) -> None:
        """The lookups and the prepare query over `incoming` (staged by the caller), each
        kept in a temporary table with one row per `_row`."""
        contract = self.contract
        queries = []
        if contract.relationships:
            queries.append(("relationships", reference_sql(contract)))
        if contract.prepare_sql:
            queries.append((contract.prepare_file or "prepare query", contract.prepare_sql))
        for number, (name, sql) in enumerate(queries):
            table = f"_looked_up_{number}"
            self.con.execute(f"create or replace temp table {table} as {sql}")
            self.tables.append(table)
            self.names[table] = name
            columns = [r[0] for r in self.con.execute(f"describe {table}").fetchall()]
            if ROW not in columns:  # one row per _row is checked part by part (`fetch`)
                raise ContractProblem(contract.path, self._one_row_each(name))

    def _stage_typed_in_python(self, source: Any, parts: list[np.ndarray],
                               columns: list[str]):
        """`incoming` from the rows typed part by part in Python; the first part's
        (texts, typed) when the source keeps it (a frame), else `None`."""
        first = None
        for number, rows in enumerate(parts):
            part, _ = source.part(rows, len(parts))
            if number == 0 and source.keeps_first:
                texts, typed = _read_values(self.contract, part)
                first = (texts, typed)
            else:  # only the columns the queries read: the others are typed per part later
                texts, typed = _read_values(self.contract, part, columns)
            staged = pd.DataFrame({ROW: rows, **{c: typed[c] for c in columns}})
            del part
            if number == 0:
                copy_into_temp_table(self.con, INCOMING, staged)
            else:
                self.con.from_df(staged).insert_into(INCOMING)
            del staged, texts, typed
        return first

    def columns(self) -> list[str]:
        """The columns the queries read: those the relationships name, and those named in
        the prepare query (a superset: any word of it that is a column). Staging only
        these keeps the staged copy of a big file small."""
        contract = self.contract
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", contract.prepare_sql or ""))
        named = {c for rel in contract.relationships for c in rel.from_columns}
        return [c for c in contract.properties if c in named or c in words]

    def fetch(self, rows: np.ndarray) -> dict[str, pd.Series]:
        columns: dict[str, pd.Series] = {}
        if not self.tables:
            return columns
        whole = len(rows) == self.n
        if not whole:
            # A copy, not `register`: inside the load's transaction DuckDB would keep every
            # registered frame alive until the end (see `copy_into_temp_table`).
            copy_into_temp_table(self.con, "part_rows", pd.DataFrame({ROW: rows}))
        try:
            for table in self.tables:
                found = self._fetched(table, whole)
                # Fetched in `_row` order: with one row per part row (as a lookup gives),
                # the values are already the part's, without a reindex (6 s at 10M).
                aligned = np.array_equal(found.index.to_numpy(), rows)
                if not aligned and found.index.has_duplicates:
                    raise ContractProblem(self.contract.path, self._one_row_each(self.names[table]))
                for column in found.columns:
                    values = found[column] if aligned else found[column].reindex(rows)
                    columns[column] = _comparable(values.reset_index(drop=True))
                del found
        finally:
            if not whole:
                self.con.execute("drop table if exists part_rows")
        return columns

    def _fetched(self, table: str, whole: bool) -> pd.DataFrame:
        """One lookup table's rows of the part, indexed by `_row`.

        Text columns come through Arrow into the same Arrow-backed strings `.df()` gives,
        without `.df()`'s Python object per value on the way (about 0.6 GB for the ten
        text columns of a million survey rows); other columns through `.df()`, as before.
        """
        if not whole:  # the part's rows, picked once (the table can be 10M rows)
            self.con.execute(f"create or replace temp table part_lookup as select t.* "  # noqa: S608
                             f"from {table} as t semi join part_rows using ({ROW})")
            table = "part_lookup"

        def query(columns: list[str]):
            listed = ", ".join(f'"{c}"' for c in [ROW, *columns])
            return self.con.sql(f"select {listed} from {table} order by {ROW}")  # noqa: S608 - internal names

        try:
            described = self.con.execute(f"describe {table}").fetchall()  # noqa: S608
            names = [name for name, *_ in described if name != ROW]
            text = {name for name, kind, *_ in described if name != ROW and kind == "VARCHAR"}
            found = query([c for c in names if c not in text]).df().set_index(ROW)
            if text:
                arrow = query([c for c in names if c in text]).to_arrow_table()
                index = pd.Index(arrow.column(ROW).to_numpy(), name=ROW)
                for name in (c for c in names if c in text):
                    values = arrow.column(name)
                    if values.null_count == len(values):  # as `.df()` gives it: objects, None
                        column = pd.Series([None] * len(values), index=index, dtype=object)
                    else:
                        column = values.to_pandas(types_mapper=_TEXT_TYPES.get)
                        column.index = index
                    found[name] = column.reindex(found.index)
                del arrow
        finally:
            if not whole:
                self.con.execute("drop table if exists part_lookup")
        return found[names]

    def drop(self) -> None:
        for table in self.tables:
            self.con.execute(f"drop table if exists {table}")
        self.tables = []


def _validate_part(
    contract: Contract,
    frame: pd.DataFrame,
    lines: np.ndarray,
    looked_up: dict[str, pd.Series],
    quarantined: dict[str, dict[tuple, str | None]],
    read: tuple[dict[str, pd.Series], dict[str, pd.Series]] | None,
    *,
    engine: str = "sql",
) -> ValidationResult:
    """Validate rows (a whole file, or one part of one) given their looked-up columns."""
    n = len(frame)
    texts, typed = read if read is not None else _read_values(contract, frame)
    values = _values_for_checks(contract, texts, typed, looked_up)
    needed = list(dict.fromkeys(c for check in contract.checks for c in check.frame_columns))
    missing = [name for name in needed if name not in values]
    if missing:
        where = contract.prepare_file or "the file"
        raise ContractProblem(
            contract.path, f"expectations read {missing}, which neither the file nor {where} provides"
        )
    checked = pd.DataFrame(
        {name: values[name].array for name in needed},
        index=pd.RangeIndex(n, name=ROW),
    )
    failures = _without_follow_on(contract, ENGINES[engine](contract, checked))
    del checked
    quarantined_rows, bad = quarantine_of(contract, frame, lines, texts, values, failures,
                                          quarantined)
    return ValidationResult(
        accepted=_accepted(contract, typed, bad),
        quarantined=quarantined_rows,
        warnings=[],
        rows_read=n,
    )


def quarantine_of(
    contract: Contract,
    frame: pd.DataFrame,
    lines: np.ndarray,
    texts: dict[str, pd.Series],
    values: dict[str, pd.Series],
    failures: dict[int, np.ndarray],
    quarantined: Mapping[str, Mapping[tuple, str | None]],
) -> tuple[pd.DataFrame, np.ndarray]:
    """The quarantined rows of `frame` (lines, rules, messages, raw values) given the
    checks each row broke (`failures`: check index -> positions), and which rows they are."""
    n = len(frame)
    context = RowContext(
        contract=contract,
        texts=texts,
        values=values,
        lines=lines,
        quarantined=quarantined,
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
        quarantined_rows = _quarantine_frame([], [], [], [])
    else:
        found = pd.concat(problems, ignore_index=True).sort_values([ROW, "order"], kind="stable")
        bad[found[ROW].to_numpy()] = True
        rows, rules = _joined(found.drop_duplicates([ROW, "rule"]), "rule", "; ")
        _, messages = _joined(found, "message", " ")
        quarantined_rows = _quarantine_frame(
            lines[rows],
            rules,
            "line " + pd.Series(lines[rows]).astype("str") + ": " + messages,
            _raw_rows(frame, rows),
        )
    return quarantined_rows, bad


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
    contract: Contract, frame: pd.DataFrame, columns: Sequence[str] | None = None
) -> tuple[dict[str, pd.Series], dict[str, pd.Series]]:
    """Each column's stripped text and typed values (`columns`: only those)."""
    texts: dict[str, pd.Series] = {}
    typed: dict[str, pd.Series] = {}
    for name, prop in contract.properties.items():
        if columns is not None and name not in columns:
            continue
        text = _stripped(frame, name)
        texts[name] = text
        typed[name] = to_typed(prop.logical_type, text)
    return texts, typed


def _stripped(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column's values stripped, blank as missing (a column the file lacks: all missing)."""
    if name not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    text = frame[name].astype("str").str.strip()
    return text.where(text != "")


def _values_for_checks(
    contract: Contract,
    texts: dict[str, pd.Series],
    typed: dict[str, pd.Series],
    looked_up: dict[str, pd.Series],
) -> dict[str, pd.Series]:
    values: dict[str, pd.Series] = {}
    for name, prop in contract.properties.items():
        values[name] = typed[name]
        if prop.logical_type != "string":
            values[text_column(prop)] = texts[name]
    for name, column in looked_up.items():
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
