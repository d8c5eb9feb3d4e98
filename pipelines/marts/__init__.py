"""The marts: SQL tables and views that every number of the product comes from.

`build_marts(con)` runs the `.sql` files of this folder in name order. The load calls it
inside its transaction after upserting, on every load, so the marts always match the core
tables; every file is `create or replace`, so a full rebuild never depends on the previous
one. Each file states its grain in its header comment. `PUBLIC_MARTS` are the documented
views (metrics.md); the other `mart_*` relations are the materialised layers they stand on,
which the metrics API queries with the facilitator switch.

Incremental builds: every materialised mart (`create or replace table mart_x as <query>`)
takes a `$cops` parameter, the CoPs to build (NULL = all). `build_marts(con, changed=cops)`
deletes those CoPs' rows from each materialised mart and inserts them again from the same
query, so each definition exists once and an incremental build gives the same rows as a
full one (tests/metrics/test_incremental_marts.py). `pipelines.marts.changes.MartChanges`
tells the load which CoPs its rows touched.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from importlib import resources

from pipelines.marts.changes import MartChanges
from pipelines.marts.dictionary import COLUMN_MEANINGS, column_meaning

__all__ = [
    "COLUMN_MEANINGS",
    "MartChanges",
    "PUBLIC_MARTS",
    "build_marts",
    "column_meaning",
    "mart_files",
    "mart_names",
    "marts_current",
]

PUBLIC_MARTS: tuple[str, ...] = (
    "mart_meeting_summary",
    "mart_meeting_group",
    "mart_meeting_cost",
    "mart_cost_summary",
    "mart_survey_scores",
    "mart_uptake",
    "mart_turn_transitions",
    "mart_turn_response",
    "mart_member_mode",
)


def mart_files() -> list[tuple[str, str]]:
    """(file name, SQL text) of every mart, in the order they must run."""
    folder = resources.files(__package__)
    files = sorted(
        (entry.name for entry in folder.iterdir() if entry.name.endswith(".sql")),
    )
    return [(name, folder.joinpath(name).read_text(encoding="utf-8")) for name in files]


# A materialised mart's file: `create or replace table <name> as <query>`.
_TABLE_FILE = re.compile(r"^create or replace table (mart_\w+) as\s", re.MULTILINE)
# What the last full build was made from (the marts' SQL, the instruments), so that an
# incremental build is only made on marts built by the same SQL from the same instruments.
_BUILT_TABLE = "marts_built"


def build_marts(con, changed: Iterable[str] | None = None) -> list[str] | None:
    """Build the marts on `con` (inside the caller's transaction; no commit here).

    `changed=None` rebuilds every mart from all rows. `changed` = the CoPs whose rows a load
    touched (see `MartChanges`) rebuilds only those CoPs' rows of the materialised marts
    (views and macros are recreated, which costs nothing); it falls back to a full rebuild
    when a mart table is missing, the marts' SQL or the instruments changed since the last
    full build, or more than half the CoPs changed (a full rebuild is then as quick).
    Returns the CoPs rebuilt, or None after a full rebuild.
    """
    files = mart_files()
    cops = None if changed is None else sorted(set(changed))
    if cops is not None and not _can_build_only(con, files, cops):
        cops = None
    if cops is None:
        for _name, sql in files:
            con.execute(sql, {"cops": None}) if _TABLE_FILE.search(sql) else con.execute(sql)
        _remember_inputs(con, files)
        return None
    tables = [(match.group(1), sql[match.end():]) for _name, sql in files
              if (match := _TABLE_FILE.search(sql))]
    for table, _query in tables:
        _delete_cops(con, table, cops)
    for _name, sql in files:
        match = _TABLE_FILE.search(sql)
        if match is None:
            con.execute(sql)
        elif cops:
            con.execute(f"insert into {match.group(1)} by name ({sql[match.end():]})",  # noqa: S608 - name from our own file
                        {"cops": cops})
    return cops


def _delete_cops(con, table: str, cops: list[str]) -> None:
    """Remove `cops`' rows from a materialised mart; a mart without cop_id (one row per
    meeting) keeps only the rows of meetings of the other CoPs."""
    columns = {row[0] for row in con.execute(
        "select column_name from duckdb_columns() where table_name = ? and schema_name = 'main'",
        [table]).fetchall()}
    if "cop_id" in columns:
        con.execute(f"delete from {table} where list_contains(?, cop_id)", [cops])  # noqa: S608
    else:
        con.execute(f"delete from {table} where meeting_id not in "  # noqa: S608
                    "(select meeting_id from meetings where not list_contains(?, cop_id))", [cops])


def _inputs(con, files: list[tuple[str, str]]) -> dict[str, str]:
    """Fingerprints of what the marts were built from: their SQL and the instruments."""
    sql = hashlib.sha256("\n".join(text for _name, text in files).encode("utf-8")).hexdigest()
    instruments = con.execute(_scope_sql("instruments_fingerprint.sql")).fetchone()[0]
    return {"sql": sql, "instruments": instruments}


def _remember_inputs(con, files: list[tuple[str, str]]) -> None:
    con.execute(f"create or replace table {_BUILT_TABLE} (input varchar, fingerprint varchar)")
    con.executemany(f"insert into {_BUILT_TABLE} values (?, ?)",  # noqa: S608
                    list(_inputs(con, files).items()))


def marts_current(con, files: list[tuple[str, str]] | None = None) -> bool:
    """True when every materialised mart exists and was built by this copdash's mart SQL
    from the current instruments. False for a database built by an older version: its
    marts lack tables or columns this version's pages read, so a load must rebuild them
    even when every file is unchanged."""
    files = mart_files() if files is None else files
    existing = {row[0] for row in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
    needed = {m.group(1) for _name, sql in files if (m := _TABLE_FILE.search(sql))}
    if not (needed | {_BUILT_TABLE}) <= existing:
        return False
    built = dict(con.execute(f"select input, fingerprint from {_BUILT_TABLE}").fetchall())  # noqa: S608
    return built == _inputs(con, files)


def _can_build_only(con, files: list[tuple[str, str]], cops: list[str]) -> bool:
    """True when rebuilding just `cops` gives the same marts as a full rebuild, and pays."""
    if not marts_current(con, files):
        return False
    communities = con.execute("select count(*) from communities").fetchone()[0]
    return 2 * len(cops) <= communities


def _scope_sql(name: str) -> str:
    return resources.files(__package__).joinpath("touched", name).read_text(encoding="utf-8")


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
