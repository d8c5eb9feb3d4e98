"""`copdash status [--db]`: recent loads, rows per table, rows waiting in quarantine."""

from __future__ import annotations

from rich.table import Table

from pipelines.audit import recent_loads, row_counts
from pipelines.commands._console import console, plain
from pipelines.load import open_readonly


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("status", help="recent loads, row counts and quarantine")
    parser.add_argument("--db", help="database file (default: data/cop.duckdb or COPDASH_DB)")
    parser.add_argument("--limit", type=int, default=15, help="how many recent files to list")
    parser.set_defaults(handler=run)


def run(args) -> int:
    with open_readonly(args.db) as con:
        loads = recent_loads(con, args.limit)
        counts = row_counts(con)
    if loads.empty:
        console.print("No data has been loaded yet. Load a folder with `copdash load FOLDER`.")
    else:
        table = Table(title="Recent loads", title_justify="left")
        for column in ("finished", "dataset", "file", "read", "loaded", "quarantined"):
            table.add_column(column)
        for row in loads.itertuples(index=False):
            table.add_row(f"{row.finished_at:%Y-%m-%d %H:%M}", plain(row.dataset), plain(row.source_file),
                          str(row.rows_read), str(row.rows_loaded), str(row.rows_quarantined))
        console.print(table)
    table = Table(title="Datasets", title_justify="left")
    for column in ("dataset", "rows", "quarantined"):
        table.add_column(column)
    for row in counts.itertuples(index=False):
        table.add_row(plain(row.dataset), str(row.rows), str(row.quarantined))
    console.print(table)
    waiting = int(counts["quarantined"].sum())
    if waiting:
        console.print(f"{waiting} quarantined rows are waiting to be fixed: "
                      "`copdash quarantine --export DIR` writes them out for fixing.")
    return 0
