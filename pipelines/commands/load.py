"""`copdash load PATH... [--db FILE]`: check and load canonical files in one transaction."""

from __future__ import annotations

from pipelines.commands._console import print_load_report, progress_bar
from pipelines.load import load_paths


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "load", help="check files against the data contracts and load them",
        description="Load canonical files (members.csv, meetings.xlsx, ...) or folders of them. "
                    "Rows that break a rule are quarantined with the reason; the rest load. "
                    "A file that cannot be read stops the whole load with nothing written.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument("--db", help="database file (default: data/cop.duckdb or COPDASH_DB)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    with progress_bar("Loading") as update:
        report = load_paths(args.paths, args.db, progress=update)
    print_load_report(report)
    if report.rows_loaded or report.ok:
        from pipelines import audit_trail

        audit_trail.record("loaded", audit_trail.os_user(),
                           f"{' '.join(map(str, args.paths))}: {report.rows_loaded} rows loaded, "
                           f"{report.rows_quarantined} quarantined", db_path=report.db_path)
    return 0 if report.ok else 1
