"""The marts: SQL tables and views that every number of the product comes from.

`build_marts(con)` runs the `.sql` files of this folder in name order. The load calls it
inside its transaction after upserting, on every load, so the marts always match the core
tables; every file is `create or replace`, so a rebuild never depends on the previous one.
Each file states its grain in its header comment. `PUBLIC_MARTS` are the documented views
(metrics.md); the other `mart_*` relations are the materialised layers they stand on, which
the metrics API queries with the facilitator switch.
"""

from __future__ import annotations

from importlib import resources

from pipelines.marts.dictionary import COLUMN_MEANINGS, column_meaning

__all__ = [
    "COLUMN_MEANINGS",
    "PUBLIC_MARTS",
    "build_marts",
    "column_meaning",
    "mart_files",
    "mart_names",
]

PUBLIC_MARTS: tuple[str, ...] = (
    "mart_meeting_summary",
    "mart_meeting_group",
    "mart_meeting_cost",
    "mart_cost_summary",
    "mart_survey_scores",
    "mart_uptake",
)


def mart_files() -> list[tuple[str, str]]:
    """(file name, SQL text) of every mart, in the order they must run."""
    folder = resources.files(__package__)
    files = sorted(
        (entry.name for entry in folder.iterdir() if entry.name.endswith(".sql")),
    )
    return [(name, folder.joinpath(name).read_text(encoding="utf-8")) for name in files]


def build_marts(con) -> None:
    """Rebuild every mart on `con` (inside the caller's transaction; no commit here)."""
    for _name, sql in mart_files():
        con.execute(sql)


def mart_names(con) -> list[str]:
    """Every mart table or view in the database, public ones first."""
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'main' and table_name like 'mart\\_%' escape '\\' "
        "order by table_name"
    ).fetchall()
    names = [row[0] for row in rows]
    public = [name for name in PUBLIC_MARTS if name in names]
    return public + [name for name in names if name not in PUBLIC_MARTS]
