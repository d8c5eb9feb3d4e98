"""The floor: bare DuckDB `CREATE TABLE ... AS SELECT * FROM read_csv(...)`, no checks.

The physical reference on this machine: the least any load of the same CSV files into a
database file can cost (parse, store, checkpoint). Values are read as text
(`all_varchar`), as copdash reads them before its contracts type them, so that the 1% of
deliberately bad values cannot stop the floor; the parse and storage work is the same.

`python -m benchmarks.floor FOLDER DB` (run by `run.py` in its own process).
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

__all__ = ["load_floor"]


def load_floor(folder: Path, db: Path) -> dict[str, int]:
    """Copy every CSV of `folder` into a fresh database file `db`; rows per table."""
    if db.exists():
        db.unlink()
    counts: dict[str, int] = {}
    con = duckdb.connect(str(db))
    try:
        for path in sorted(folder.glob("*.csv")):
            # The table name is the file's stem, quoted; the path goes as a parameter.
            table = '"' + path.stem.replace('"', '""') + '"'
            con.execute(f"create table {table} as "  # noqa: S608 - name from our own files
                        "select * from read_csv(?, header = true, all_varchar = true)",
                        [str(path)])
            counts[path.stem] = con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608
        con.execute("checkpoint")
    finally:
        con.close()
    return counts


if __name__ == "__main__":
    rows = load_floor(Path(sys.argv[1]), Path(sys.argv[2]))
    print(sum(rows.values()))
