"""`copdash quarantine [--db] [--export DIR]`: the rows that were not loaded, and why."""

from __future__ import annotations

from pathlib import Path

from pipelines.audit import quarantine_fixing_rows, quarantine_for_fixing, quarantine_rows
from pipelines.commands._console import console, plain
from pipelines.datasets import LOAD_ORDER
from pipelines.export_marker import write_marker
from pipelines.load import open_readonly
from pipelines.safe_csv import to_safe_csv


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "quarantine", help="list quarantined rows, or export them for fixing",
        description="List the rows that broke a data contract rule. With --export, write them "
                    "per dataset (members.csv, ...) in the canonical layout with a `reason` "
                    "column: fix them in a spreadsheet and load the files again.")
    parser.add_argument("--db", help="database file (default: data/cop.duckdb or COPDASH_DB)")
    parser.add_argument("--dataset", choices=LOAD_ORDER, metavar="DATASET",
                        help=f"only this dataset ({', '.join(LOAD_ORDER)})")
    parser.add_argument("--export", metavar="DIR", help="write the rows for fixing into DIR")
    parser.set_defaults(handler=run)


def run(args) -> int:
    with open_readonly(args.db) as con:
        if args.export and args.dataset:  # only the one dataset's rows are read
            frame = quarantine_fixing_rows(con, args.dataset)
            frames = {args.dataset: frame} if len(frame) else {}
        elif args.export:
            frames = quarantine_for_fixing(con)
        else:
            rows = quarantine_rows(con, args.dataset)
    if args.export:
        out = Path(args.export)
        out.mkdir(parents=True, exist_ok=True)
        for dataset, frame in frames.items():
            (out / f"{dataset}.csv").write_bytes(to_safe_csv(frame))
            console.print(f"wrote {plain(out / f'{dataset}.csv')} ({len(frame)} rows)")
        if frames:  # says which files copdash wrote, so that loading them takes the guard off
            write_marker(out, [f"{dataset}.csv" for dataset in frames])
        if not frames:
            console.print("Nothing is quarantined: there is nothing to export.")
        return 0
    if rows.empty:
        console.print("Nothing is quarantined.")
        return 0
    for row in rows.itertuples(index=False):
        console.print(f"{plain(row.dataset)}  {plain(row.source_file)}, {plain(row.message)} "
                      f"[dim]({plain(row.rule)})[/dim]", soft_wrap=True)
    console.print(f"{len(rows)} quarantined rows. Fix them with "
                  "`copdash quarantine --export DIR`, then `copdash load DIR`.")
    return 0
