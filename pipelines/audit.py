"""Read the load audit: recent loads, row counts, quarantined rows.

Shared by `copdash status`, `copdash quarantine` and the dashboard's Data quality page, so
that both say the same thing about the state of the data.
"""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from pipelines.datasets import LOAD_ORDER

__all__ = ["recent_loads", "row_counts", "quarantine_rows", "quarantine_for_fixing"]


def recent_loads(con: duckdb.DuckDBPyConnection, limit: int = 20) -> pd.DataFrame:
    """One row per file loaded, newest first."""
    return con.execute(
        "select finished_at, dataset, source_file, rows_read, rows_loaded, rows_quarantined, "
        "status, warnings, started_at, batch_id, load_id from load_batches "
        "order by finished_at desc, dataset, source_file limit ?",
        [limit],
    ).df()


def row_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows stored and rows waiting in quarantine, per canonical dataset."""
    quarantined = dict(con.execute(
        "select dataset, count(*) from quarantine group by dataset").fetchall())
    rows = []
    for dataset in LOAD_ORDER:
        # Table names come from the LOAD_ORDER allow-list, never from input.
        stored = con.execute(f'select count(*) from "{dataset}"').fetchone()[0]  # noqa: S608
        rows.append({"dataset": dataset, "rows": stored, "quarantined": quarantined.get(dataset, 0)})
    return pd.DataFrame(rows)


def quarantine_rows(con: duckdb.DuckDBPyConnection, dataset: str | None = None) -> pd.DataFrame:
    """Quarantined rows with their reasons, file by file, in line order."""
    return con.execute(
        "select dataset, source_file, line_number, rule, message, "
        "cast(raw_row as varchar) as raw_row, batch_id "
        "from quarantine where ? is null or dataset = ? "
        "order by dataset, source_file, line_number",
        [dataset, dataset],
    ).df()


def quarantine_for_fixing(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Per dataset: the quarantined rows in the canonical layout plus a `reason` column,
    ready to fix in a spreadsheet and load again (an extra `reason` column is ignored)."""
    out: dict[str, pd.DataFrame] = {}
    frame = quarantine_rows(con)
    for dataset, rows in frame.groupby("dataset", sort=False):
        from pipelines.contracts import load_contracts  # YAML only; no Great Expectations

        columns = load_contracts()[str(dataset)].columns
        records = []
        for raw, message, source, line in zip(rows["raw_row"], rows["message"],
                                              rows["source_file"], rows["line_number"], strict=True):
            values = json.loads(raw) if isinstance(raw, str) else dict(raw)
            record = {c: values.get(c, "") for c in columns}
            record["reason"] = message
            record["source_file"] = source
            record["line_number"] = line
            records.append(record)
        out[str(dataset)] = pd.DataFrame(records, columns=[*columns, "reason", "source_file", "line_number"])
    return out
