"""The baseline: a straightforward Great Expectations on pandas load, nothing cleverer.

Issue 6 compares copdash's full load with "a straightforward Great Expectations on pandas
pipeline" (said to measure about 4-5x the floor). This script is that pipeline, built the
way the GX 1.x documentation shows it, so that the comparison is measured on this machine
and the same files rather than quoted. Per CSV file, in `LOAD_ORDER`:

1. `pd.read_csv(path, dtype=str, keep_default_na=False)`: the whole file at once, pandas'
   default C engine.
2. Every value stripped, blank -> missing, each contract column typed with copdash's own
   `to_typed` (the same types copdash stores); a non-string column's text sits beside it
   as `<column>__text`, which the contract's `.type` regex checks read.
3. One expectation suite per dataset: the contract's checks that read only the file's own
   columns; not the foreign keys, and not the `custom` rules, which are mostly
   cross-dataset rules over looked-up columns a straightforward pipeline does not have
   (the few that compare two of the file's own columns, such as an end date after a start
   date, are left out too, so that the rule set is simply "the column rules"). One batch: the whole typed frame, validated
   with `result_format` COMPLETE; GX lists the failing rows by the frame's default index.
   GX's defaults are left alone (copdash's `_gx` module, which tunes them, is not used).
4. Rows that failed any expectation are dropped; the rest become a DuckDB table named after
   the dataset. CHECKPOINT at the end. No quarantine table, messages, audit or marts.

`python -m benchmarks.gx_baseline FOLDER DB` prints a JSON summary: seconds since the
process started (GX's import is part of any such pipeline's cost), and per dataset the rows
read, kept and failed, the number of expectations and the seconds of each stage. Run beside `benchmarks/floor.py` on
the same folder; see benchmarks/README.md.
"""

from __future__ import annotations

import time

# Taken before the heavy imports, for when the process start time cannot be read.
_MODULE_START = time.perf_counter()

import json  # noqa: E402 - after the clock above, on purpose
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from pipelines.contracts import load_contracts  # noqa: E402
from pipelines.contracts._model import Check, Contract, text_column  # noqa: E402
from pipelines.contracts._types import for_storage, to_typed  # noqa: E402
from pipelines.datasets import LOAD_ORDER  # noqa: E402

__all__ = ["baseline_checks", "load_baseline"]

# Check kinds a straightforward pipeline cannot run: both need other datasets' rows.
_NEEDS_LOOKUPS = frozenset({"foreign_key", "custom"})
# A dataset's stages, timed separately in the summary.
_STAGES = ("read", "type", "validate", "store")


def _seconds_since_process_start() -> float:
    """Wall seconds since this process began (interpreter start-up included), on Linux from
    /proc; elsewhere since this module was imported."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: start, since boot
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _MODULE_START


def baseline_checks(contract: Contract) -> list[Check]:
    """The contract's checks that read only the file's own columns (typed or as text)."""
    own = set(contract.columns) | {text_column(p) for p in contract.properties.values()}
    return [
        check for check in contract.checks
        if check.kind not in _NEEDS_LOOKUPS and all(c in own for c in check.frame_columns)
    ]


def _typed_frame(contract: Contract, raw: pd.DataFrame) -> pd.DataFrame:
    """Each contract column typed, and beside a non-string column its stripped text."""
    columns: dict[str, pd.Series] = {}
    for name, prop in contract.properties.items():
        if name in raw.columns:
            text = raw[name].str.strip()
            text = text.where(text != "")
        else:  # an optional column the file leaves out: all missing
            text = pd.Series(pd.NA, index=raw.index, dtype="str")
        columns[name] = to_typed(prop.logical_type, text)
        if prop.logical_type != "string":
            columns[text_column(prop)] = text
    return pd.DataFrame(columns, index=raw.index)


def _failed_rows(gx, context, contract: Contract, frame: pd.DataFrame) -> tuple[set[int], int]:
    """Positions of the rows that broke any expectation, and how many expectations ran."""
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    suite = gx.ExpectationSuite(name=contract.dataset)
    for check in baseline_checks(contract):
        suite.add_expectation(
            ExpectationConfiguration(type=check.expectation, kwargs=dict(check.kwargs)).to_domain_obj()
        )
    asset = context.data_sources.add_pandas(contract.dataset).add_dataframe_asset(name="file")
    batch = asset.add_batch_definition_whole_dataframe("whole file").get_batch(
        batch_parameters={"dataframe": frame}
    )
    results = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    failed: set[int] = set()
    for outcome in results.results:
        if outcome.exception_info.get("raised_exception"):
            raise RuntimeError(f"{contract.dataset}: {outcome.expectation_config.type} raised "
                               f"{outcome.exception_info.get('exception_message')}")
        failed.update(int(i) for i in outcome.result.get("unexpected_index_list") or ())
    return failed, len(suite.expectations)


def load_baseline(folder: Path, db: Path) -> dict:
    """Load every dataset CSV of `folder` into a fresh database file `db`; the summary."""
    import great_expectations as gx

    imported_s = _seconds_since_process_start()
    context = gx.get_context(mode="ephemeral")
    contracts = load_contracts()
    if db.exists():
        db.unlink()
    datasets: dict[str, dict] = {}
    con = duckdb.connect(str(db))
    try:
        for dataset in LOAD_ORDER:
            path = folder / f"{dataset}.csv"
            if not path.exists():
                continue
            contract = contracts[dataset]
            clock = [time.perf_counter()]
            raw = pd.read_csv(path, dtype=str, keep_default_na=False)
            clock.append(time.perf_counter())
            frame = _typed_frame(contract, raw)
            clock.append(time.perf_counter())
            failed, expectations = _failed_rows(gx, context, contract, frame)
            clock.append(time.perf_counter())
            kept = frame.drop(index=list(failed))[contract.columns]
            kept = pd.DataFrame({name: for_storage(prop.logical_type, kept[name])
                                 for name, prop in contract.properties.items()})
            con.register("frame", kept)
            # The table name comes from LOAD_ORDER (our own allow-list), never from a file.
            con.execute(f'create table "{dataset}" as select * from frame')  # noqa: S608
            con.unregister("frame")
            clock.append(time.perf_counter())
            datasets[dataset] = {
                "rows_read": len(raw), "rows_kept": len(kept), "rows_failed": len(failed),
                "expectations": expectations, "seconds": round(clock[-1] - clock[0], 3),
                # where the time goes: read_csv, strip and type, GX, drop and store
                **{f"{stage}_s": round(end - start, 3) for stage, start, end
                   in zip(_STAGES, clock[:-1], clock[1:], strict=True)},
            }
        started = time.perf_counter()
        con.execute("checkpoint")
        checkpoint_s = time.perf_counter() - started
    finally:
        con.close()
    return {
        "seconds": round(_seconds_since_process_start(), 3),
        "gx_imported_at_s": round(imported_s, 3),
        "checkpoint_s": round(checkpoint_s, 3),
        "rows_read": sum(d["rows_read"] for d in datasets.values()),
        "rows_kept": sum(d["rows_kept"] for d in datasets.values()),
        "rows_failed": sum(d["rows_failed"] for d in datasets.values()),
        "datasets": datasets,
    }


if __name__ == "__main__":
    print(json.dumps(load_baseline(Path(sys.argv[1]), Path(sys.argv[2])), indent=2))
