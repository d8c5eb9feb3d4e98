"""The programmes the benchmark loads: generated at scale, and one new meeting's files.

Generation goes through the real CLI (`copdash generate --scale N --bad-share 0.01`), so the
benchmark measures the files users' programmes look like, 1% bad rows included. The
incremental load needs "one new meeting": a copy of a meeting already in the database under
new identifiers (its meeting row, attendance, speaking turns and costs, bad rows and all),
so that every cross-dataset rule holds exactly as it did for the original.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from benchmarks.processes import Measured, python_command, run_measured

__all__ = ["INCREMENT_SUFFIX", "generate", "new_meeting_files"]

INCREMENT_SUFFIX = "-inc"
_MARKER = "benchmark_programme.json"
# dataset -> the identifier columns renamed so the copy is a new meeting, not an update
_RENAMED = {
    "meetings": ["meeting_id"],
    "attendance": ["meeting_id"],
    "speaking_turns": ["meeting_id", "turn_id"],
    "costs": ["meeting_id", "cost_id"],
}


def generate(folder: Path, turns: int, *, seed: int, bad_share: float,
             nice: int = 0) -> Measured | None:
    """Write the programme into `folder` unless the same one is already there (None then)."""
    wanted = {"turns": turns, "seed": seed, "bad_share": bad_share}
    marker = folder / _MARKER
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    measured = run_measured(python_command(
        "-m", "pipelines", "generate", str(folder), "--scale", str(turns), "--seed", str(seed),
        "--bad-share", str(bad_share)), nice=nice)
    marker.write_text(json.dumps(wanted))
    return measured


def new_meeting_files(programme: Path, db: Path, out: Path,
                      suffix: str = INCREMENT_SUFFIX) -> str:
    """Write one new meeting's files into `out`, copied from the database's latest observed
    meeting under new identifiers (its own with `suffix`); returns the new meeting's id."""
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "select m.meeting_id from meetings m "
            "where exists (select 1 from speaking_turns t where t.meeting_id = m.meeting_id) "
            "order by m.held_on desc, m.meeting_id desc limit 1").fetchone()
    if row is None:
        raise RuntimeError(f"{db}: no meeting with speaking turns to copy for the incremental load.")
    meeting_id = row[0]
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    try:
        for dataset, renamed in _RENAMED.items():
            source = programme / f"{dataset}.csv"
            columns = con.execute("select column_name from (describe select * from "
                                  "read_csv(?, header = true, all_varchar = true))",
                                  [str(source)]).fetchall()
            # Column names come from our own generated header, quoted; values are parameters.
            select = ", ".join(
                f"\"{name}\" || ? as \"{name}\"" if name in renamed else f"\"{name}\""
                for (name,) in columns)
            suffixes = [suffix] * len(renamed)
            target = out / f"{dataset}.csv"
            con.execute(
                f"copy (select {select} from read_csv(?, header = true, all_varchar = true) "  # noqa: S608
                f"where meeting_id = ?) to '{_sql_path(target)}' (header, delimiter ',')",
                [*suffixes, str(source), meeting_id])
    finally:
        con.close()
    return meeting_id + suffix


def _sql_path(path: Path) -> str:
    """COPY ... TO takes no parameter for its target; the path is ours (a temp folder)."""
    return str(path).replace("'", "''")
