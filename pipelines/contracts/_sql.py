"""The contracts' checks run as DuckDB SQL: the load's engine (`engine="sql"`).

Every check of a compiled contract (`_model.Check`: a Great Expectations expectation type
and its kwargs, exactly as the contract gives them) becomes one SQL condition, true on a
row that breaks it, with the semantics of GX's pandas implementation of that expectation
(blank values are not checked, except by `not_be_null`; a row condition first picks the
rows a check is about; a pair of columns with a blank side is skipped, as
`ignore_row_if: either_value_is_missing` says). One query per validated frame (a file, or
one part of a big one) lists, per row, the checks it breaks. Nothing here knows a rule:
the conditions are made from the checks, and the checks only from the contracts.

Great Expectations stays the reference: `engine="gx"` runs the same checks through GX
(`copdash validate --engine gx`), tests/contracts/test_engines_agree.py and
tests/load/test_engines_agree_on_files.py compare the two, and a check whose expectation or
kwargs this module does not know (`NotCompiled`) is run by GX, so a contract can still use
any expectation. Importing this module does not import Great Expectations.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ._model import Contract

__all__ = ["NotCompiled", "compiled_checks", "run_checks_sql"]

ROW = "_row"
_FRAME = "checked_rows"
_local = threading.local()
_compiled: dict[tuple[str, int, str], tuple[Contract, tuple[dict[int, str], tuple[int, ...]]]] = {}  # one in-memory DuckDB per thread, for the checks only


class NotCompiled(ValueError):
    """A check this module cannot express in SQL (GX runs it instead)."""


def _quote(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _literal(value: Any) -> str:
    """A contract's constant as SQL (strings quoted; contracts, never file contents)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise NotCompiled(f"constant {value!r}")


def _condition(condition: Any) -> str:
    """A GX row_condition in its serialised form (and/or of comparisons) as SQL."""
    if not isinstance(condition, Mapping):
        raise NotCompiled(f"row_condition {condition!r}")
    kind = condition.get("type")
    if kind in ("and", "or"):
        parts = [_condition(part) for part in condition.get("conditions") or []]
        if not parts:
            raise NotCompiled("an empty row_condition")
        return "(" + f" {kind} ".join(parts) + ")"
    if kind != "comparison":
        raise NotCompiled(f"row_condition type {kind!r}")
    column = _quote(condition["column"]["name"])
    operator = str(condition.get("operator", "")).upper()
    parameter = condition.get("parameter")
    if operator in ("IN", "NOT IN"):
        listed = ", ".join(_literal(v) for v in parameter)
        return f"({column} {operator} ({listed}))"
    symbols = {"==": "=", "!=": "<>", "<": "<", ">": ">", "<=": "<=", ">=": ">="}
    if operator not in symbols:
        raise NotCompiled(f"row_condition operator {operator!r}")
    return f"({column} {symbols[operator]} {_literal(parameter)})"


_KWARGS = {
    "expect_column_values_to_not_be_null": {"column"},
    "expect_column_values_to_match_regex": {"column", "regex"},
    "expect_column_values_to_not_match_regex": {"column", "regex"},
    "expect_column_value_lengths_to_be_between": {"column", "min_value", "max_value"},
    "expect_column_values_to_be_in_set": {"column", "value_set"},
    "expect_column_values_to_be_between": {"column", "min_value", "max_value", "strict_min",
                                           "strict_max"},
    "expect_column_values_to_be_unique": {"column"},
    "expect_compound_columns_to_be_unique": {"column_list"},
    "expect_column_pair_values_to_be_equal": {"column_A", "column_B", "ignore_row_if"},
    "expect_column_pair_values_a_to_be_greater_than_b": {"column_A", "column_B", "or_equal",
                                                         "ignore_row_if"},
}


def _between(value: str, low: Any, high: Any, strict_low: bool, strict_high: bool) -> str:
    tests = []
    if low is not None:
        tests.append(f"{value} {'>' if strict_low else '>='} {_literal(low)}")
    if high is not None:
        tests.append(f"{value} {'<' if strict_high else '<='} {_literal(high)}")
    if not tests:
        raise NotCompiled("a range without limits")
    return " and ".join(tests)


def broken_sql(expectation: str, kwargs: Mapping[str, Any], keys_from: str = _FRAME) -> str:
    """The SQL condition true on a row of `checked_rows` that breaks the expectation.

    `keys_from`: the relation the uniqueness checks count values in, `checked_rows` or one
    with the same rows and those columns (the load's `incoming`, which `checked_rows`
    joins the lookups to one row each: counting there spares the joins)."""
    allowed = _KWARGS.get(expectation)
    if allowed is None:
        raise NotCompiled(expectation)
    unknown = set(kwargs) - allowed - {"row_condition", "condition_parser"}
    if unknown:
        raise NotCompiled(f"{expectation} with {sorted(unknown)}")
    if kwargs.get("ignore_row_if", "either_value_is_missing") != "either_value_is_missing":
        raise NotCompiled(f"ignore_row_if {kwargs['ignore_row_if']}")
    x = _quote(kwargs.get("column", ""))
    given = f"{x} is not null"
    if expectation == "expect_column_values_to_not_be_null":
        broken = f"{x} is null"
    elif expectation == "expect_column_values_to_match_regex":
        broken = f"{given} and not regexp_matches({x}, {_literal(kwargs['regex'])})"
    elif expectation == "expect_column_values_to_not_match_regex":
        broken = f"{given} and regexp_matches({x}, {_literal(kwargs['regex'])})"
    elif expectation == "expect_column_value_lengths_to_be_between":
        test = _between(f"length({x})", kwargs.get("min_value"), kwargs.get("max_value"),
                        False, False)
        broken = f"{given} and not ({test})"
    elif expectation == "expect_column_values_to_be_in_set":
        listed = ", ".join(_literal(v) for v in kwargs["value_set"])
        broken = f"{given} and {x} not in ({listed})"
    elif expectation == "expect_column_values_to_be_between":
        test = _between(x, kwargs.get("min_value"), kwargs.get("max_value"),
                        bool(kwargs.get("strict_min")), bool(kwargs.get("strict_max")))
        broken = f"{given} and not ({test})"
    elif expectation == "expect_column_values_to_be_unique":
        # The values given more than once, found by a GROUP BY of the key alone: a window
        # (`count(*) over (partition by x)`) would sort every column of every row.
        broken = (f"{given} and {x} in (select {x} from {keys_from} "  # noqa: S608 - names from the contract
                  f"where {x} is not null group by {x} having count(*) > 1)")
    elif expectation == "expect_compound_columns_to_be_unique":
        # As a window partitions them, rows whose key parts are equal or both blank
        # (IS NOT DISTINCT FROM) share a key.
        columns = [_quote(c) for c in kwargs["column_list"]]
        some = " or ".join(f"{c} is not null" for c in columns)
        same = " and ".join(f"d.{c} is not distinct from {_FRAME}.{c}" for c in columns)
        listed = ", ".join(columns)
        broken = (f"({some}) and exists (select 1 from (select {listed} from {keys_from} "  # noqa: S608
                  f"group by {listed} having count(*) > 1) as d where {same})")
    else:
        a, b = _quote(kwargs["column_A"]), _quote(kwargs["column_B"])
        if expectation == "expect_column_pair_values_to_be_equal":
            holds = f"{a} = {b}"
        else:
            holds = f"{a} {'>=' if kwargs.get('or_equal') else '>'} {b}"
        broken = f"{a} is not null and {b} is not null and not ({holds})"
    if kwargs.get("row_condition") is not None:
        return f"coalesce({_condition(kwargs['row_condition'])}, false) and ({broken})"
    return f"({broken})"


def compiled_checks(contract: Contract, keys_from: str = _FRAME,
                    ) -> tuple[dict[int, str], tuple[int, ...]]:
    """({check index: its SQL condition}, indices of the checks GX must run); compiled
    once per contract object (and `keys_from`, see `broken_sql`)."""
    key = (contract.dataset, id(contract), keys_from)
    cached = _compiled.get(key)
    if cached is not None and cached[0] is contract:  # the same object, not a reused id
        return cached[1]
    compiled: dict[int, str] = {}
    left: list[int] = []
    for index, check in enumerate(contract.checks):
        try:
            compiled[index] = broken_sql(check.expectation, check.kwargs, keys_from)
        except NotCompiled:
            left.append(index)
    _compiled[key] = (contract, (compiled, tuple(left)))
    return compiled, tuple(left)


def _connection():
    import duckdb

    con = getattr(_local, "con", None)
    if con is None:
        con = duckdb.connect(":memory:", config={"memory_limit": "1GB"})
        _local.con = con
    return con


def checks_query(conditions: Mapping[int, str]) -> str:
    """One query: each row breaking a check, with the list of the checks it breaks.

    Each condition is a column of an inner query, and the outer one keeps the rows with
    any of them.
    """
    named = ", ".join(f"coalesce({sql}, false) as _c{index}" for index, sql in conditions.items())
    listed = ", ".join(f"case when _c{index} then {index} end" for index in conditions)
    anyone = " or ".join(f"_c{index}" for index in conditions)
    return (f"select {ROW}, list_filter([{listed}], lambda x: x is not null) as broken "  # noqa: S608
            f"from (select {ROW}, {named} from {_FRAME}) where {anyone} order by {ROW}")


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """The checked frame as Arrow (NaN, NaT, pd.NA and None all null, as GX sees them)."""
    columns = {ROW: pa.array(np.asarray(frame.index, dtype=np.int64))}
    for name in frame.columns:
        values = frame[name]
        if values.dtype == object:
            values = values.where(values.notna(), None)
        columns[name] = pa.array(values, from_pandas=True)
    return pa.table(columns)


def run_checks_sql(contract: Contract, frame: pd.DataFrame) -> dict[int, np.ndarray]:
    """`_gx.run_checks` in DuckDB: per check index, the sorted `_row`s that broke it.

    Checks that cannot be compiled are run by GX on the same frame.
    """
    if frame.index.name != ROW:
        raise ValueError(f"the validated frame must be indexed by {ROW}")
    conditions, left = compiled_checks(contract)
    failures: dict[int, np.ndarray] = {}
    if conditions and len(frame):
        con = _connection()
        con.register(_FRAME, _arrow(frame))
        try:
            found = con.execute(checks_query(conditions)).fetchall()
        finally:
            con.unregister(_FRAME)
        per_check: dict[int, list[int]] = {}
        for row, broken in found:
            for index in broken:
                per_check.setdefault(index, []).append(row)
        failures = {index: np.asarray(rows, dtype=np.int64) for index, rows in per_check.items()}
    if left:
        from ._gx import run_checks

        by_gx = run_checks(contract, frame)
        failures.update({index: rows for index, rows in by_gx.items() if index in left})
    return failures
