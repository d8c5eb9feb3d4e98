"""Check a file's rows where they already are, in the load's DuckDB: the load's SQL engine.

A staged file (`readers.StagedCsv`, or `readers.StagedFrame` for a frame) is checked
without reading its rows into Python; only the rows that break a rule (a few per cent) are:

1. `incoming`: every column typed by SQL (`_types.typed_sql`: the same expressions the type
   rules check) beside its stripped text, one row per `_row`.
2. The relationship lookups and the contract's prepare query over `incoming`, exactly as
   `validate_in_parts` runs them (`_Lookups.run_queries`).
3. The checks compiled to SQL (`_sql.py`) over `incoming` joined to the lookups: the checks
   each failing row breaks, reduced to the most basic ones (`_without_follow_on`).
4. The failing rows are read into Python, where their quarantine (rules, messages, raw
   values) is written by the same code as `validate`'s (`quarantine_of`).
5. `accepted_rows`: a view of the other rows in storage form, which the load inserts with
   SQL (`INSERT ... SELECT`), as it deletes the rows they replace.

Great Expectations stays the reference: the load-level differential tests
(tests/load/test_engines_agree_on_files.py) require the same stored tables and quarantine
from this path as from `engine="gx"`, which validates the same rows as pandas frames.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from pipelines.duck import copy_into_temp_table
from pipelines.readers import picked_rows

from ._model import Contract, ContractProblem, text_column
from ._sql import _literal, _quote, checks_query, compiled_checks
from ._types import LOGICAL_TYPES, storage_sql, typed_sql
from ._validate import (
    INCOMING,
    ROW,
    _Lookups,
    _normalise_keys,
    _quarantine_frame,
    _read_values,
    _values_for_checks,
    _without_follow_on,
    quarantine_of,
)

__all__ = ["ACCEPTED", "CheckedInDuckDB"]

# The accepted rows in storage form (a temporary view), until `drop`.
ACCEPTED = "accepted_rows"
_CHECKED = "checked_rows"
_BAD = "_failing_rows"
_UNIQUE = ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique")


def _type_checks_from_typing(contract: Contract, conditions: dict[int, str]) -> dict[int, str]:
    """The `.type` checks read from the typed column instead of matching the text again.

    `incoming` types a column by the same regular expression as its `.type` check
    (`typed_sql`: the value where the text matches, else NULL; a cast of matching text
    never fails), so "text given and the typed value NULL" is exactly "text given and not
    matching": one regular expression per value instead of two (issue 18). A check with a
    row condition or another expression keeps its compiled SQL.
    """
    by_text = {text_column(p): p for p in contract.properties.values()
               if p.logical_type != "string" and typed_sql(p.logical_type, "x") is not None}
    changed = dict(conditions)
    for index, check in enumerate(contract.checks):
        prop = by_text.get(check.kwargs.get("column"))
        if (index in changed and prop is not None
                and check.expectation == "expect_column_values_to_match_regex"
                and check.kwargs.get("row_condition") is None
                and check.kwargs.get("regex") == LOGICAL_TYPES[prop.logical_type].regex):
            changed[index] = (f"({_quote(text_column(prop))} is not null "
                              f"and {_quote(prop.name)} is null)")
    return changed


class CheckedInDuckDB:
    """A staged file's rows checked against `contract` on `con` (inside the load's
    transaction). `failing` is the number of rows that break a rule; `quarantined()` their
    quarantine rows; `ACCEPTED` the other rows until `drop()`."""

    def __init__(self, contract: Contract, rows: Any, con: Any, *,
                 quarantined_keys: Mapping[str, Iterable] | None = None) -> None:
        self.contract = contract
        self.rows = rows
        self.con = con
        self.n = rows.n
        named = {check.quarantined_in[0] for check in contract.checks if check.quarantined_in}
        self.quarantined_keys = _normalise_keys(
            {d: k for d, k in (quarantined_keys or {}).items() if d in named})
        self.lookups = _Lookups(contract, con, self.n)
        self.failures: dict[int, np.ndarray] = {}
        self.failing_rows = np.zeros(0, dtype=np.int64)
        try:
            self._stage()
            self.lookups.run_queries()
            self._one_row_each()
            self._check()
            self._accept()
        except BaseException:
            self.drop()
            raise

    @property
    def failing(self) -> int:
        return len(self.failing_rows)

    @property
    def accepted(self) -> int:
        return self.n - self.failing

    def _stage(self) -> None:
        """`incoming`: `_row`, each column typed under its name, a typed column's text
        beside it (`text_column`), as `validate` gives them to the checks."""
        sql, params = self.rows.rows_sql()
        stripped, listed = [], []
        for number, (name, prop) in enumerate(self.contract.properties.items()):
            stripped.append(f"{self.rows.text_sql(name)} as _t{number}")
            typed, more = typed_sql(prop.logical_type, f"_t{number}")
            params = {**params, **more}
            listed.append(f'{typed} as "{name}"')
            if prop.logical_type != "string":
                listed.append(f'_t{number} as "{text_column(prop)}"')
        # The stripped text once per column (inner query), typed from it (outer query).
        query = (f"create or replace temp table {INCOMING} as "  # noqa: S608 - names from the contract
                 f"select {ROW}, {', '.join(listed)} from "
                 f"(select r.{ROW}, {', '.join(stripped)} from ({sql}) as r)")
        self.con.execute(query, {k: v for k, v in params.items() if f"${k}" in query})

    def _one_row_each(self) -> None:
        for table in self.lookups.tables:
            twice = self.con.execute(f"select {ROW} from {table} group by {ROW} "  # noqa: S608
                                     "having count(*) > 1 limit 1").fetchall()
            if twice:
                raise ContractProblem(self.contract.path,
                                      self.lookups._one_row_each(self.lookups.names[table]))

    def _check(self) -> None:
        """The failing rows: per check index, the sorted `_row`s that broke it."""
        contract = self.contract
        own = {r[0] for r in self.con.execute(f"describe select * from {INCOMING}").fetchall()}  # noqa: S608
        keyed = {c for check in contract.checks if check.expectation in _UNIQUE
                 for c in check.frame_columns}
        # duplicates counted in `incoming` itself when it holds the key columns: the same
        # rows as `checked_rows`, which joins each lookup's one row per `_row` to them
        conditions, left = compiled_checks(contract, INCOMING if keyed <= own else _CHECKED)
        conditions = _type_checks_from_typing(contract, conditions)
        if left:  # (no contract has such a check today) the frame goes to GX
            raise ContractProblem(contract.path, "a check the SQL engine cannot run: load "
                                  "with --engine gx")
        joined = "".join(f" left join {t} using ({ROW})" for t in self.lookups.tables)
        available = {r[0] for r in self.con.execute(f"describe select * from {INCOMING}{joined}").fetchall()}  # noqa: S608
        needed = list(dict.fromkeys(c for check in contract.checks for c in check.frame_columns))
        missing = [name for name in needed if name not in available]
        if missing:
            where = contract.prepare_file or "the file"
            raise ContractProblem(
                contract.path, f"expectations read {missing}, which neither the file nor {where} provides")
        self.con.execute(f"create or replace temp view {_CHECKED} as "  # noqa: S608 - internal names
                         f"select * from {INCOMING}{joined}")
        found = {ROW: np.zeros(0, dtype=np.int64), "check_index": np.zeros(0, dtype=np.int64)}
        if conditions and self.n:
            found = self.con.execute(
                f"select {ROW}, unnest(broken) as check_index from ({checks_query(conditions)}) "  # noqa: S608
                f"order by check_index, {ROW}").fetchnumpy()
        checks = np.asarray(found["check_index"], dtype=np.int64)
        rows = np.asarray(found[ROW], dtype=np.int64)
        bounds = np.flatnonzero(np.diff(checks)) + 1
        failures = {int(c[0]): r for c, r in zip(np.split(checks, bounds), np.split(rows, bounds),
                                                 strict=True) if len(c)}
        self.failures = _without_follow_on(contract, failures)
        if self.failures:
            self.failing_rows = np.unique(np.concatenate(list(self.failures.values())))
        copy_into_temp_table(self.con, _BAD, pd.DataFrame({ROW: self.failing_rows}))

    def _accept(self) -> None:
        listed = []
        for name, prop in self.contract.properties.items():
            value = storage_sql(prop.logical_type, f'i."{name}"')
            if prop.default is not None:  # a constant of the contract
                value = f"coalesce({value}, {_literal(prop.default)})"
            listed.append(f"{value} as {_quote(name)}")
        self.con.execute(f"create or replace temp view {ACCEPTED} as "  # noqa: S608 - names from the contract
                         f"select {', '.join(listed)} from {INCOMING} as i "
                         f"anti join {_BAD} using ({ROW})")

    def quarantined(self) -> pd.DataFrame:
        """The failing rows' quarantine (line_number, rule, message, raw), in file order."""
        if not self.failing:
            return _quarantine_frame([], [], [], [])
        contract = self.contract
        frame, lines = picked_rows(self.rows, _BAD, contract.columns)
        if len(frame) != self.failing:
            raise RuntimeError(f"{self.failing} failing rows read back as {len(frame)}")
        texts, typed = _read_values(contract, frame)
        values = _values_for_checks(contract, texts, typed, self.lookups.fetch(self.failing_rows))
        positions = {index: np.searchsorted(self.failing_rows, rows)
                     for index, rows in self.failures.items()}
        quarantine, _ = quarantine_of(contract, frame, lines, texts, values, positions,
                                      self.quarantined_keys)
        return quarantine

    def drop(self) -> None:
        for statement in (f"drop view if exists {ACCEPTED}", f"drop view if exists {_CHECKED}",
                          f"drop table if exists {_BAD}", f"drop table if exists {INCOMING}"):
            self.con.execute(statement)
        self.lookups.drop()
