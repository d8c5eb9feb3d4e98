"""Great Expectations: the only place copdash imports it.

One ephemeral context per process, one pandas data source, and per dataset one data asset,
one whole-dataframe batch definition and one expectation suite built from the contract's
checks, all created on first use and reused. Data Docs are never built; analytics and
progress bars are off.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._model import Contract, ContractProblem

__all__ = ["ROW", "run_checks"]

# The row-number column GX reports failing rows by (`unexpected_index_column_names`).
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

_lock = threading.Lock()
_state: _GxState | None = None
_suites: dict[str, _Suite] = {}


@dataclass
class _GxState:
    gx: Any
    datasource: Any


@dataclass
class _Suite:
    suite: Any
    batch_definition: Any


def _import_gx() -> Any:
    # Must be set before the first import: GX reads it at import and context creation.
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    import great_expectations as gx

    return gx


def _get_state() -> _GxState:
    global _state
    if _state is None:
        gx = _import_gx()
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        # GX passes `disable=` to tqdm explicitly, so TQDM_DISABLE alone does not silence it.
        context.variables.progress_bars = ProgressBarsConfig(
            globally=False, metric_calculations=False
        )
        _state = _GxState(gx=gx, datasource=context.data_sources.add_pandas("copdash"))
    return _state


def _get_suite(contract: Contract) -> _Suite:
    cached = _suites.get(contract.dataset)
    if cached is not None:
        return cached
    state = _get_state()
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    suite = state.gx.ExpectationSuite(name=f"copdash.{contract.dataset}")
    for index, check in enumerate(contract.checks):
        try:
            suite.add_expectation_configuration(
                ExpectationConfiguration(
                    type=check.expectation,
                    kwargs=dict(check.kwargs),
                    meta={"check": index, "rule": check.rule},
                )
            )
        except Exception as error:  # GX raises several types for a bad expectation
            raise ContractProblem(
                contract.path, f"{check.rule}: {check.expectation} cannot be built ({error})"
            ) from error
    asset = state.datasource.add_dataframe_asset(name=contract.dataset)
    batch_definition = asset.add_batch_definition_whole_dataframe("whole file")
    cached = _Suite(suite=suite, batch_definition=batch_definition)
    _suites[contract.dataset] = cached
    return cached


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

    Returns, per check index (position in `contract.checks`), the sorted `_row` values of
    the rows that broke it. Checks that passed are absent.
    """
    with _lock:
        cached = _get_suite(contract)
        batch = cached.batch_definition.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(cached.suite, result_format=_RESULT_FORMAT)
    failures: dict[int, np.ndarray] = {}
    for outcome in result.results:
        index = int(outcome.expectation_config.meta["check"])
        problem = _raised(outcome.exception_info)
        if problem is not None:
            check = contract.checks[index]
            raise ContractProblem(
                contract.path,
                f"{check.rule}: Great Expectations could not run {check.expectation} ({problem})",
            )
        if outcome.success:
            continue
        rows = _rows_from(outcome.result.get("unexpected_index_list"))
        if len(rows):
            failures[index] = rows
    return failures
