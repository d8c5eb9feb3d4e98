"""Read the load audit: recent loads, row counts, quarantined rows.

Shared by `copdash status`, `copdash quarantine` and the dashboard's Data quality page, so
that both say the same thing about the state of the data.
"""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from pipelines.datasets import LOAD_ORDER

__all__ = ["load_freshness", "marts_current", "quarantine_count", "quarantine_fixing_rows", "quarantine_for_fixing",
           "quarantine_rows", "recent_loads", "row_counts"]


def recent_loads(con: duckdb.DuckDBPyConnection, limit: int = 20) -> pd.DataFrame:
    """One row per file loaded, newest first."""
    return con.execute(
        "select finished_at, dataset, source_file, rows_read, rows_loaded, rows_quarantined, "
        "status, warnings, started_at, batch_id, load_id from load_batches "
        "order by finished_at desc, dataset, source_file limit ?",
        [limit],
    ).df()


# One row: when data were last loaded, how many files that load read, and how many of its
# rows were quarantined (the Overview's "data freshness" line, the report's date of load).
_LOAD_FRESHNESS = """
with latest as (
    select load_id
    from load_batches
    order by finished_at desc
    limit 1
),

final as (
    select max(b.finished_at) as last_loaded_at,
           count(*) as files_n,
           sum(b.rows_read) as rows_read,
           sum(b.rows_loaded) as rows_loaded,
           sum(b.rows_quarantined) as rows_quarantined
    from load_batches as b
    where b.load_id in (select load_id from latest)
)

select * from final where last_loaded_at is not null
"""


def load_freshness(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The latest load: last_loaded_at, files_n, rows_read, rows_loaded, rows_quarantined
    (no row before the first load)."""
    return con.execute(_LOAD_FRESHNESS).df()


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


# The filters every quarantine read shares; a NULL parameter means "any". A row that broke
# several rules stores them `; `-separated, so a rule matches any one of them.
_QUARANTINE_FILTER = (
    "($dataset is null or dataset = $dataset) "
    "and ($source_file is null or source_file = $source_file) "
    "and ($rule is null or list_contains(string_split(rule, '; '), $rule))"
)

# One page of quarantined rows in (dataset, file, line) order. The page's row ids are
# picked by sorting the three short key columns only, then only those rows' wide columns
# (message, raw row) are read: at 587,407 rows the first page takes ~20 ms instead of
# ~140 ms, the last ~150-260 ms instead of ~1 s. A NULL limit reads every row (the CLI).
_QUARANTINE_PAGE = f"""
with page as (
    select rowid as row_id
    from quarantine
    where {_QUARANTINE_FILTER}
    order by dataset, source_file, line_number, rowid
    limit $limit offset $offset
)
select dataset, source_file, line_number, rule, message,
       cast(raw_row as varchar) as raw_row, batch_id
from quarantine
where rowid in (select row_id from page)
order by dataset, source_file, line_number, rowid
"""  # noqa: S608 (the filter is the constant above; values go as parameters)

_QUARANTINE_COUNT = f"select count(*) from quarantine where {_QUARANTINE_FILTER}"  # noqa: S608

# One dataset's quarantined rows with the raw values of the named canonical columns as a
# list (the JSON paths are parameters built from the contract's column names), in file
# and line order: DuckDB unpacks the JSON, much faster than json.loads row by row.
_FIXING_ROWS = """
select json_extract_string(raw_row, $paths) as raw_values,
       message as reason, source_file, line_number
from quarantine
where dataset = $dataset and ($source_file is null or source_file = $source_file)
order by source_file, line_number, rowid
"""


def _filters(dataset: str | None, rule: str | None, source_file: str | None) -> dict[str, object]:
    return {"dataset": dataset, "rule": rule, "source_file": source_file}


def quarantine_rows(con: duckdb.DuckDBPyConnection, dataset: str | None = None, *,
                    limit: int | None = None, offset: int = 0, rule: str | None = None,
                    source_file: str | None = None) -> pd.DataFrame:
    """Quarantined rows with their reasons, file by file, in line order.

    With `limit`, one page of them (rows offset+1 to offset+limit), so the dashboard never
    reads half a million rows to show two hundred; without it every row, as the command
    line lists them. `rule` keeps rows that broke that rule (among others)."""
    params = {**_filters(dataset, rule, source_file), "limit": limit, "offset": max(int(offset), 0)}
    return con.execute(_QUARANTINE_PAGE, params).df()


def quarantine_count(con: duckdb.DuckDBPyConnection, dataset: str | None = None, *,
                     rule: str | None = None, source_file: str | None = None) -> int:
    """How many rows `quarantine_rows` would list with the same filters (for "rows 1-200 of N")."""
    return int(con.execute(_QUARANTINE_COUNT, _filters(dataset, rule, source_file)).fetchone()[0])


def quarantine_fixing_rows(con: duckdb.DuckDBPyConnection, dataset: str, *,
                           source_file: str | None = None) -> pd.DataFrame:
    """One dataset's quarantined rows in its canonical layout plus `reason`, `source_file`
    and `line_number`, ready to fix in a spreadsheet and load again (the loader ignores
    the extra columns). Values are the text as read; a column the file lacked is blank."""
    from pipelines.contracts import load_contracts  # YAML only; no Great Expectations

    columns = list(load_contracts()[dataset].columns)
    # Column names come from the contract, never from file contents; quoted as JSON keys.
    paths = ["$." + json.dumps(column) for column in columns]
    rows = con.execute(_FIXING_ROWS, {"paths": paths, "dataset": dataset,
                                      "source_file": source_file}).df()
    values = pd.DataFrame(rows.pop("raw_values").tolist(), columns=columns).fillna("").astype(str)
    return pd.concat([values, rows.reset_index(drop=True)], axis=1)[
        [*columns, "reason", "source_file", "line_number"]]


def quarantine_for_fixing(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Per dataset with quarantined rows: `quarantine_fixing_rows` (what `copdash quarantine
    --export` writes, one file per dataset)."""
    present = [row[0] for row in con.execute(
        "select distinct dataset from quarantine order by dataset").fetchall()]
    return {dataset: quarantine_fixing_rows(con, dataset) for dataset in present}


def marts_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database's marts were built by this version of copdash (False for a
    database an older version loaded: the dashboard says to load the files again, which
    rebuilds them)."""
    from pipelines.marts import marts_current as current  # SQL files only; no Great Expectations

    return current(con)
