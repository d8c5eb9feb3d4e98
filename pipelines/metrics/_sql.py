"""Run the API's parameterised `.sql` files (pipelines/metrics/sql/) into DataFrames."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pandas as pd

__all__ = ["query", "sql_text"]

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


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
    return con.execute(sql, {key: params[key] for key in used}).df()
