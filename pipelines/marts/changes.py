"""Which CoPs a load touched, so that `build_marts` rebuilds only their mart rows.

The materialised marts are at meeting (x member) grain or per survey response, and every
row belongs to one CoP. The load tells a `MartChanges` about the rows it is about to upsert
(`note_rows`, before the upsert, so that the CoPs of the rows they replace are still
there to see) and the rows it deletes (`note_replaced`); `cops` is then the CoPs to rebuild,
or None when something not per CoP changed (members, whose attributes every mart carries;
time rates; an unknown dataset), which means a full rebuild.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from pipelines.duck import copy_into_temp_table

__all__ = ["MartChanges"]

# Datasets that no materialised mart reads (their marts are views and macros, computed on
# each query): a change to them needs no rebuild. (Recommendation titles are joined on at
# query time; uptake events are materialised in mart_uptake_events.)
_NOT_MATERIALISED = frozenset({"recommendations", "member_aliases"})


def _touched_sql(dataset: str) -> str | None:
    """The query giving the CoPs that rows of `dataset` (as `touched_rows`) touch, if any."""
    entry = resources.files(__package__).joinpath("touched", f"{dataset}.sql")
    return entry.read_text(encoding="utf-8") if entry.is_file() else None


class MartChanges:
    """The CoPs whose mart rows a load changed (None: rebuild everything)."""

    def __init__(self) -> None:
        self.cops: set[str] | None = set()

    def note_rows(self, con, dataset: str, rows: pd.DataFrame) -> None:
        """Rows of `dataset` about to be upserted on `con` (call before the upsert)."""
        if self.cops is None or rows.empty or dataset in _NOT_MATERIALISED:
            return
        sql = _touched_sql(dataset)
        if sql is None:  # members, time_rates, anything new: not per CoP
            self.cops = None
            return
        # a copy, not `con.register`: a registered frame stays alive until the load's
        # transaction ends, and a big file's parts would pile up (pipelines/duck.py)
        copy_into_temp_table(con, "touched_rows", rows)
        try:
            found = con.execute(sql).fetchall()
        finally:
            con.execute("drop table if exists touched_rows")
        self.cops.update(row[0] for row in found if row[0] is not None)

    def note_table(self, con, dataset: str, table: str) -> None:
        """`note_rows` for rows already in DuckDB: the table or view `table` (a name from
        the load, never from input)."""
        if self.cops is None or dataset in _NOT_MATERIALISED:
            return
        sql = _touched_sql(dataset)
        if sql is None:
            self.cops = None
            return
        con.execute(f"create or replace temp view touched_rows as select * from {table}")  # noqa: S608
        try:
            found = con.execute(sql).fetchall()
        finally:
            con.execute("drop view if exists touched_rows")
        self.cops.update(row[0] for row in found if row[0] is not None)

    def note_replaced(self, con, replace: dict[str, dict[str, str]]) -> None:
        """Rows deleted by `load_frames(replace=...)`: by meeting or CoP, else everything."""
        for dataset, where in replace.items():
            if self.cops is None:
                return
            if dataset in _NOT_MATERIALISED:
                continue
            if dataset == "meetings":  # the deleted meetings' CoPs are no longer known
                self.cops = None
            elif "cop_id" in where:
                self.cops.add(where["cop_id"])
            elif "meeting_id" in where:
                found = con.execute("select cop_id from meetings where meeting_id = ?",
                                    [where["meeting_id"]]).fetchall()
                self.cops.update(row[0] for row in found)
            else:
                self.cops = None
