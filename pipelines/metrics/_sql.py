"""Run the API's parameterised `.sql` files (pipelines/metrics/sql/) into DataFrames.

Results come through Arrow (`con.sql(...).to_arrow_table()`) rather than DuckDB's `.df()`:
on large results (70k meetings) the Arrow path converts several times faster. The frames
keep the dtypes `.df()` gives, which the pages, the CSV downloads and the tests rely on:
dates as datetime64[us], integer and boolean columns with NULLs as pandas' nullable
Int/boolean (without NULLs as numpy int/bool), DECIMAL and HUGEINT as float64, text as
pandas' str dtype (object holding None when a column is empty or all NULL).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pandas as pd
import pyarrow as pa

__all__ = ["covers_all", "query", "sql_text", "to_frame"]

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")

# numpy-backed nullable dtypes `.df()` gives integer columns holding NULLs
_NULLABLE_INT = {
    pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
    pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(),
}


@cache
def sql_text(name: str) -> str:
    return resources.files("pipelines.metrics").joinpath("sql", f"{name}.sql").read_text("utf-8")


def query(con, name: str, params: dict[str, object]) -> pd.DataFrame:
    """Run `sql/<name>.sql`, passing only the parameters it names (DuckDB refuses extras)."""
    sql = sql_text(name)
    used = set(_PARAM.findall(sql))
    missing = used - params.keys()
    if missing:
        raise KeyError(f"{name}.sql needs parameters {sorted(missing)}")
    # A relation refuses to run while an execute() result on the connection is unfinished
    # (e.g. after a caller's fetchone()); execute() used to drop such a result silently.
    con.complete()
    return to_frame(con.sql(sql, params={key: params[key] for key in used}).to_arrow_table())


def covers_all(con, params: dict[str, object], modes: bool = True) -> bool:
    """Whether a selection takes in every meeting: no CoP or meeting-type filter, no mode
    filter (unless `modes` is False: for a figure that reads every mode whatever the
    filter), and dates that cover the first and last meeting (the sidebar's default range).
    A figure precomputed over every meeting at load (mart_member_mode_pairs,
    mart_exclusion_members) then answers for it, the same rows as the selection's query."""
    if params["cop_ids"] or params["meeting_types"] or (modes and params["modes"]):
        return False
    con.complete()
    sql = sql_text("selection_covers_all")
    used = set(_PARAM.findall(sql))
    return bool(con.sql(sql, params={key: params[key] for key in used}).fetchall()[0][0])


def to_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow result as the DataFrame DuckDB's `.df()` would give (module docstring)."""
    casts = {}
    for i, field in enumerate(table.schema):
        if pa.types.is_date(field.type):
            casts[i] = pa.timestamp("us")
        elif pa.types.is_decimal(field.type):
            casts[i] = pa.float64()
    for i, target in casts.items():
        table = table.set_column(i, table.schema.field(i).name, table.column(i).cast(target))
    frame = table.to_pandas()
    rows = table.num_rows
    for i, column in enumerate(table.columns):
        kind = column.type
        if column.null_count and kind in _NULLABLE_INT:
            frame.isetitem(i, pd.Series(_NULLABLE_INT[kind].__from_arrow__(column), index=frame.index))
        elif column.null_count and pa.types.is_boolean(kind):
            frame.isetitem(i, pd.Series(pd.BooleanDtype().__from_arrow__(column), index=frame.index))
        elif (pa.types.is_string(kind) or pa.types.is_large_string(kind)) and column.null_count == rows:
            frame.isetitem(i, pd.Series([None] * rows, index=frame.index, dtype=object))
    return frame
