"""`copdash export --out DIR`: every mart as CSV and Parquet, with a data dictionary.

For evaluators working in R or Stata: one `<mart>.csv` and `<mart>.parquet` per mart, and
`data_dictionary.csv` (mart, column, type, meaning, unit). CSVs are UTF-8 with a BOM,
every field quoted, and text that a spreadsheet would run as a formula is neutralised. The files are the marts as they
are, so they agree with the dashboard and `copdash metrics`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipelines.commands._console import console, plain
from pipelines.errors import CopdashError
from pipelines.load import open_readonly
from pipelines.marts import PUBLIC_MARTS, column_meaning, mart_names
from pipelines.safe_csv import to_safe_csv


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("export", help="write every mart as CSV and Parquet")
    parser.add_argument("--db", help="database file (default: data/cop.duckdb or COPDASH_DB)")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="folder to write into (created if needed)")
    parser.set_defaults(handler=run)


def export_marts(con, out: Path) -> pd.DataFrame:
    """Write every mart to `out`; return the data dictionary that was written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CopdashError(f"Cannot create the folder {out}: {exc.strerror}. "
                           "Choose a folder you can write to with --out.") from None
    rows = []
    for name in mart_names(con):
        # name comes from information_schema, filtered to mart_* tables and views
        frame = con.execute(f'select * from "{name}"').df()  # noqa: S608
        (out / f"{name}.csv").write_bytes(to_safe_csv(frame))
        frame.to_parquet(out / f"{name}.parquet", index=False)
        for column, kind in con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'main' and table_name = ? order by ordinal_position", [name]
        ).fetchall():
            meaning, unit = column_meaning(column)
            rows.append({"mart": name, "public": name in PUBLIC_MARTS, "column": column,
                         "type": kind, "meaning": meaning, "unit": unit})
    dictionary = pd.DataFrame(rows, columns=["mart", "public", "column", "type", "meaning",
                                             "unit"])
    (out / "data_dictionary.csv").write_bytes(to_safe_csv(dictionary))
    return dictionary


def run(args) -> int:
    out = Path(args.out)
    with open_readonly(args.db) as con:
        dictionary = export_marts(con, out)
    marts = dictionary["mart"].nunique()
    console.print(f"Wrote {marts} marts as CSV and Parquet, and data_dictionary.csv, to {plain(out)}.")
    from pipelines import audit_trail

    audit_trail.record("exported", audit_trail.os_user(), f"{marts} marts to {out}",
                       db_path=Path(args.db) if args.db else None)
    return 0
