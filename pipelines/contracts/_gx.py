"""Great Expectations: the only place copdash imports it.

One ephemeral context per process, one pandas data source, and per dataset one expectation
suite for each set of columns the contract's checks read (with its data asset and
whole-dataframe batch definition), all created on first use and reused. Data Docs are
never built; analytics and progress bars are off.

Why a suite per set of columns rather than one per dataset: for a row condition, a column
pair and every failing expectation, GX copies the rows of the *whole* validated frame
(`get_domain_records`, `.loc[unexpected]`), so its cost grew with (checks x columns x
rows): 6 s for a million speaking turns. Each suite now sees a frame of only the columns
its checks read; a suite run costs about 10 ms of fixed overhead, so a small frame (an
incremental load) is still checked by one suite over all its columns.

What a small load (one meeting's rows) pays, and how it is kept down:
- Importing GX is the biggest fixed cost (2 to 4 s). `warm_up()` starts it in a thread,
  so that it overlaps the load's file and database work (the copy of the database, DuckDB
  queries: they release the GIL). GX imports scipy.stats and altair for three
  expectations copdash never uses (KL divergence, KS tests), and only inside their
  functions: both are replaced by stand-ins that import the real module on first use
  (`_Deferred`), which saves about 0.8 s of CPU.
- A small frame is first validated with `BOOLEAN_ONLY` (which expectations failed; about
  half the cost of `COMPLETE`, which computes every expectation's failing-row metrics) and
  only the expectations that failed are run again with `COMPLETE` to list their rows.
  A big frame has failing rows for most expectations, so it gets `COMPLETE` at once.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
import threading
import types
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._model import Contract, ContractProblem

__all__ = ["ROW", "run_checks", "warm_up"]

# The row number GX reports failing rows by (`unexpected_index_column_names`). It is the
# validated frame's named index rather than a column: for a named index GX lists failing
# rows in one pass, for a column it looks each failing row up on its own (about 30 µs a
# row, half a minute for a file with a million bad rows).
ROW = "_row"

# COMPLETE so that every failing row is listed, not a sample; the failing values themselves
# are not needed (messages are built from the frame), and leaving them out roughly halves
# the time GX spends per failing row.
_RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ROW],
    "exclude_unexpected_values": True,
    "return_unexpected_index_query": False,
}

# A frame below GROUP_FROM_ROWS rows is validated with this first; only the expectations
# that failed are run again with _RESULT_FORMAT.
_PASS_FAIL = "BOOLEAN_ONLY"

_lock = threading.Lock()  # suites and validation
_state_lock = threading.Lock()  # the GX import and context
_state: _GxState | None = None
_warming: threading.Thread | None = None
_suites: dict[tuple[str, bool], list[_Suite]] = {}
# From this many rows the checks run as one suite per set of columns (see above); below
# it one suite over the whole frame is cheaper (one run's fixed cost instead of ~20).
GROUP_FROM_ROWS = 20_000
# Modules GX imports at start-up but uses only inside expectations copdash does not use.
_DEFERRED_MODULES = ("scipy.stats", "altair")


@dataclass
class _GxState:
    gx: Any
    datasource: Any


@dataclass
class _Suite:
    suite: Any
    batch_definition: Any
    columns: list[str]


class _Deferred(types.ModuleType):
    """Stands in for a module during GX's import; imports the real one on first use.

    Not `importlib.util.LazyLoader`: a lazy module is loaded by the next `import` statement
    that names it (the import system reads its `__spec__`), which GX's own imports are.
    Only GX's modules keep a reference to the stand-in: it is taken out of `sys.modules`
    once GX is imported, so every later import gets the real module.
    """

    def __init__(self, name: str, spec: Any) -> None:
        super().__init__(name)
        self.__spec__ = spec
        self.__dict__["_deferred_lock"] = threading.Lock()
        self.__dict__["_deferred_module"] = None

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        with self.__dict__["_deferred_lock"]:
            module = self.__dict__["_deferred_module"]
            if module is None:
                if sys.modules.get(self.__name__) is self:
                    del sys.modules[self.__name__]
                module = importlib.import_module(self.__name__)
                self.__dict__["_deferred_module"] = module
        return getattr(module, attribute)


def _import_gx() -> Any:
    # Must be set before the first import: GX reads it at import and context creation.
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    stand_ins = {}
    if "great_expectations" not in sys.modules:
        for name in _DEFERRED_MODULES:
            if name in sys.modules:
                continue
            try:
                spec = importlib.util.find_spec(name)
            except ImportError:
                spec = None
            if spec is not None:
                stand_ins[name] = sys.modules[name] = _Deferred(name, spec)
    try:
        import great_expectations as gx
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    return gx


def _get_state() -> _GxState:
    global _state
    with _state_lock:
        if _state is None:
            gx = _import_gx()
            from great_expectations.data_context.types.base import ProgressBarsConfig
            from great_expectations.execution_engine import pandas_execution_engine

            # GX fingerprints every batch under 1 GB (an MD5 of `hash_pandas_object` of
            # the whole frame) as a batch marker, which it keeps with the results for
            # stores and Data Docs; copdash's context is ephemeral and never reads it.
            # It cost 29 of the 10M load's 230 s. 0: no frame is small enough to hash.
            pandas_execution_engine.HASH_THRESHOLD = 0

            context = gx.get_context(mode="ephemeral")
            # GX passes `disable=` to tqdm explicitly, so TQDM_DISABLE alone does not
            # silence it.
            context.variables.progress_bars = ProgressBarsConfig(
                globally=False, metric_calculations=False
            )
            _state = _GxState(gx=gx, datasource=context.data_sources.add_pandas("copdash"))
    return _state


def warm_up(contracts: Sequence[Contract] = ()) -> None:
    """Start importing GX (and building these contracts' suites for small frames) in a
    background thread, so that it overlaps the caller's file and database work.

    Safe to call more than once, and harmless if the thread fails: `run_checks` then
    imports GX itself and raises what went wrong. The thread is not a daemon, so a process
    that ends early waits for it rather than killing it half-way through an import.
    """
    global _warming
    if _warming is not None or (_state is not None and not contracts):
        return

    def work() -> None:
        try:
            _get_state()
            for contract in contracts:
                with _lock:
                    _get_suites(contract, grouped=False)
        except Exception:  # noqa: BLE001 - run_checks reports it in the main thread
            return

    _warming = threading.Thread(target=work, name="copdash-gx-warm-up")
    _warming.start()


def _get_suites(contract: Contract, *, grouped: bool) -> list[_Suite]:
    """The contract's suites: one per set of columns (`grouped`), or a single one."""
    key = (contract.dataset, grouped)
    cached = _suites.get(key)
    if cached is not None:
        return cached
    groups: dict[tuple[str, ...], list[int]] = {}
    for index, check in enumerate(contract.checks):
        columns = tuple(sorted(set(check.frame_columns))) if grouped else ()
        groups.setdefault(columns, []).append(index)
    if not grouped:
        groups = {tuple(dict.fromkeys(c for check in contract.checks for c in check.frame_columns)):
                  groups.get((), [])}
    label = "" if grouped else "all."
    cached = [
        _build_suite(contract, f"{contract.dataset}.{label}{number}", list(columns), indices)
        for number, (columns, indices) in enumerate(groups.items())
    ]
    _suites[key] = cached
    return cached


def _build_suite(contract: Contract, name: str, columns: list[str], indices: list[int]) -> _Suite:
    state = _get_state()
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    suite = state.gx.ExpectationSuite(name=f"copdash.{name}")
    # `add_expectation_configuration` would upsert by domain (type + column) and silently
    # keep one of two regex checks on the same column; `add_expectation` keeps every
    # distinct expectation. Identical expectations (same type and kwargs) are run once and
    # reported for every check that asked for them.
    checks_of: dict[str, list[int]] = {}
    expectations = {}
    for index in indices:
        check = contract.checks[index]
        key = json.dumps([check.expectation, check.kwargs], sort_keys=True, default=str)
        if key in checks_of:
            checks_of[key].append(index)
            continue
        try:
            expectation = ExpectationConfiguration(
                type=check.expectation, kwargs=dict(check.kwargs)
            ).to_domain_obj()
        except Exception as error:  # GX raises several types for a bad expectation
            raise ContractProblem(
                contract.path, f"{check.rule}: {check.expectation} cannot be built ({error})"
            ) from error
        checks_of[key] = [index]
        expectations[key] = expectation
    for key, expectation in expectations.items():
        expectation.meta = {"checks": checks_of[key]}
        suite.add_expectation(expectation)
    if len(suite.expectations) != len(expectations):
        raise ContractProblem(contract.path, "Great Expectations merged two different checks")
    asset = state.datasource.add_dataframe_asset(name=name)
    batch_definition = asset.add_batch_definition_whole_dataframe("whole file")
    return _Suite(suite=suite, batch_definition=batch_definition, columns=columns)


def _rows_from(index_list: list) -> np.ndarray:
    rows: list[int] = []
    for entry in index_list or []:
        value = entry.get(ROW) if isinstance(entry, dict) else entry
        if isinstance(value, list | tuple | np.ndarray | pd.Series):
            rows.extend(int(v) for v in value)
        elif value is not None:
            rows.append(int(value))
    return np.unique(np.asarray(rows, dtype=np.int64))


def _raised(info: Any) -> str | None:
    """The exception message GX caught while running an expectation, if any.

    GX reports either one `{raised_exception, exception_message}` dict or one per metric.
    """
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message"))
    return None


def run_checks(contract: Contract, frame: pd.DataFrame) -> dict[int, np.ndarray]:
    """Validate `frame` against the contract's suite.

    `frame` is indexed by `_row`. Returns, per check index (position in
    `contract.checks`), the sorted `_row` values of the rows that broke it. Checks that
    passed are absent.
    """
    if frame.index.name != ROW:
        raise ValueError(f"the validated frame must be indexed by {ROW}")
    small = len(frame) < GROUP_FROM_ROWS
    with _lock:
        outcomes = []
        for cached in _get_suites(contract, grouped=not small):
            batch = cached.batch_definition.get_batch(
                batch_parameters={"dataframe": frame[cached.columns]})
            if not small:
                outcomes.extend(batch.validate(cached.suite, result_format=_RESULT_FORMAT).results)
                continue
            # Pass/fail first; the rows of the expectations that failed (or raised) next.
            checked = batch.validate(cached.suite, result_format=_PASS_FAIL).results
            failed = [o for o in checked if not o.success or _raised(o.exception_info) is not None]
            outcomes.extend(o for o in checked if o.success and _raised(o.exception_info) is None)
            if failed:
                again = _state.gx.ExpectationSuite(name=f"{cached.suite.name}.failed")
                for outcome in failed:
                    again.add_expectation(outcome.expectation_config.to_domain_obj())
                outcomes.extend(batch.validate(again, result_format=_RESULT_FORMAT).results)
    failures: dict[int, np.ndarray] = {}
    for outcome in outcomes:
        indices = [int(i) for i in outcome.expectation_config.meta["checks"]]
        problem = _raised(outcome.exception_info)
        if problem is not None:
            check = contract.checks[indices[0]]
            raise ContractProblem(
                contract.path,
                f"{check.rule}: Great Expectations could not run {check.expectation} ({problem})",
            )
        if outcome.success:
            continue
        rows = _rows_from(outcome.result.get("unexpected_index_list"))
        if len(rows):
            for index in indices:
                failures[index] = rows
    return failures
