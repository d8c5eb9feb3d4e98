"""Right to erasure: a member's identifying data removed, every aggregate figure kept.

`erase_member(member_id, db)`:
- deletes the member's aliases (`member_aliases`: the names they were known by);
- blanks their identifying attributes in `members` (gender, age band, ethnicity,
  deprivation quintile), which moves them to "not recorded" in breakdowns by those
  attributes (the only figures that change: a breakdown by gender cannot keep a gender);
- replaces their id with a new random one (`erased-<hex>`) in every column of every table
  holding it, and in the raw values of quarantined rows, so that their rows still count in
  every figure by member type, meeting, CoP and over time, but no longer point at them;
- rebuilds the marts from the changed tables.
All of it in a working copy of the database, replaced atomically as a load does: killed or
failed, the database is unchanged.

The source files are not copdash's to change: the operator must erase the member from them.
A later load of a file that still holds the old id would bring the member back (as a second
member beside the erased one), so the result lists the files that held the id.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.errors import CopdashError

__all__ = ["IDENTIFYING_COLUMNS", "ErasureReport", "erase_member"]

# members' columns that describe the person rather than their part in the CoP (their type,
# role and dates decide costs and expected attendance, so they stay).
IDENTIFYING_COLUMNS: tuple[str, ...] = ("gender", "age_band", "ethnicity", "deprivation_quintile")
_TEXT_TYPES = {"VARCHAR"}


@dataclass
class ErasureReport:
    member_id: str
    new_id: str
    rows_changed: dict[str, int] = field(default_factory=dict)  # table -> rows changed
    aliases_removed: int = 0
    source_files: list[str] = field(default_factory=list)  # files whose rows held the id

    def summary(self) -> str:
        changed = ", ".join(f"{t} {n}" for t, n in sorted(self.rows_changed.items()) if n)
        lines = [f"Member {self.member_id} erased: now {self.new_id}; {self.aliases_removed} "
                 f"alias(es) removed, identifying attributes blanked; rows changed: "
                 f"{changed or 'none'}. Every figure by member type, meeting and CoP is "
                 "unchanged."]
        if self.source_files:
            lines.append("The source files still hold the old id: erase the member from them "
                         "too, or the next load of them brings the member back:")
            lines += [f"- {name}" for name in self.source_files]
        return "\n".join(lines)


def erase_member(member_id: str, db_path: str | os.PathLike | None = None, *,
                 by: str | None = None) -> ErasureReport:
    """Erase one member (see the module docstring); all or nothing. Done, it is recorded in
    the audit trail as erased by `by` (default: the operating system's user), naming only
    the new random id: the trail must not keep the id that was erased."""
    from pipelines import audit_trail
    from pipelines.load import _resolve_db

    db = _resolve_db(db_path)
    if not db.exists():
        raise CopdashError(f"{db}: no database here. Give the database with --db.")
    lock, recover_wal, fsync, fsync_dir = _working_copy_tools()
    with lock(db, lambda done, total, message: None):
        recover_wal(db)
        from pipelines.working_copies import remove_stale_copies

        remove_stale_copies(db)
        work = db.with_name(f"{db.name}.tmp-{uuid.uuid4().hex[:12]}")
        try:
            shutil.copy2(db, work)
            con = duckdb.connect(str(work))
            try:
                report = _erase_in(con, member_id)
                con.execute("checkpoint")
            finally:
                con.close()
            fsync(work)
            os.replace(work, db)
            fsync_dir(db.parent)
        finally:
            with contextlib.suppress(FileNotFoundError):
                work.unlink()
            with contextlib.suppress(FileNotFoundError):
                Path(f"{work}.wal").unlink()
    audit_trail.record("erased", by or audit_trail.os_user(),
                       f"one member erased; their rows are now under {report.new_id}",
                       db_path=db)
    return report


def _working_copy_tools():
    """The load's writer lock, WAL recovery and fsyncs (one implementation of each)."""
    from pipelines.load.working_copy import _fsync, _fsync_dir, _recover_live_wal, _writer_lock

    return _writer_lock, _recover_live_wal, _fsync, _fsync_dir


def _erase_in(con: duckdb.DuckDBPyConnection, member_id: str) -> ErasureReport:
    from pipelines.marts import build_marts

    found = con.execute("select count(*) from members where member_id = ?", [member_id]).fetchone()[0]
    if not found:
        raise CopdashError(f"No member '{member_id}' in the database: check the id "
                           "(`copdash export` lists members). Nothing was changed.")
    new_id = f"erased-{uuid.uuid4().hex[:12]}"
    report = ErasureReport(member_id=member_id, new_id=new_id)
    con.execute("begin transaction")
    try:
        report.source_files = _source_files(con, member_id)
        report.aliases_removed = con.execute(
            "delete from member_aliases where member_id = ?", [member_id]).fetchone()[0]
        blanks = ", ".join(f"{c} = null" for c in IDENTIFYING_COLUMNS)
        con.execute(f"update members set {blanks} where member_id = ?", [member_id])  # noqa: S608 - names from the allow-list above
        for table, column in _text_columns(con):
            changed = con.execute(
                f'update "{table}" set "{column}" = ? where "{column}" = ?',  # noqa: S608 - names from the catalog
                [new_id, member_id]).fetchone()[0]
            if changed:
                report.rows_changed[table] = report.rows_changed.get(table, 0) + changed
        report.rows_changed["quarantine"] = _erase_in_quarantine(con, member_id, new_id)
        build_marts(con)
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise
    return report


def _text_columns(con) -> list[tuple[str, str]]:
    """(table, column) of every text column of every stored table, marts excepted (they are
    rebuilt from the tables)."""
    rows = con.execute(
        "select table_name, column_name, data_type from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'main' "
        "and table_name in (select table_name from duckdb_tables() "
        "                   where database_name = current_database() and schema_name = 'main') "
        "and table_name not like 'mart\\_%' escape '\\' "
        "order by table_name, column_index").fetchall()
    return [(table, column) for table, column, kind in rows if kind in _TEXT_TYPES]


def _source_files(con, member_id: str) -> list[str]:
    """The files that held the id: those of its quarantined rows, and (loaded rows do not
    keep their file) every loaded file of each dataset whose rows hold it."""
    files = {name for (name,) in con.execute(
        "select distinct source_file from quarantine where contains(raw_row::varchar, ?)",
        [json.dumps(member_id)]).fetchall()}
    held = sorted({table for table, column in _text_columns(con)
                   if column.endswith("member_id") and con.execute(
                       f'select count(*) from "{table}" where "{column}" = ?',  # noqa: S608 - names from the catalog
                       [member_id]).fetchone()[0]})
    files.update(name for (name,) in con.execute(
        "select distinct source_file from load_batches where list_contains(?, dataset)",
        [held]).fetchall())
    return sorted(files)


def _erase_in_quarantine(con, member_id: str, new_id: str) -> int:
    """Quarantined rows keep their raw values as JSON and a message that may quote them: the
    id replaced value by value and word by word (never as a substring: M1 must not touch
    M10), identifying attributes and aliases blanked."""
    word = re.compile(rf"(?<![\w-]){re.escape(member_id)}(?![\w-])")
    rows = con.execute(
        "select rowid, dataset, raw_row::varchar, message from quarantine "
        "where contains(raw_row::varchar, ?) or contains(message, ?)",
        [json.dumps(member_id), member_id]).fetchall()
    changed = 0
    for rowid, dataset, raw, message in rows:
        values = json.loads(raw)
        holds = isinstance(values, dict) and member_id in values.values()
        if not holds and not word.search(message):
            continue
        if holds:
            values = {k: (new_id if v == member_id else v) for k, v in values.items()}
            blank = {"members": IDENTIFYING_COLUMNS, "member_aliases": ("alias",)}.get(dataset, ())
            values = {k: ("" if k in blank else v) for k, v in values.items()}
        con.execute("update quarantine set raw_row = ?::json, message = ? where rowid = ?",
                    [json.dumps(values), word.sub(new_id, message), rowid])
        changed += 1
    return changed
