"""`copdash validate PATH...`: the checks of a load as a dry run; writes nothing."""

from __future__ import annotations

from pipelines.commands._console import print_load_report, progress_bar
from pipelines.load import load_paths


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate", help="check files as a load would, without changing the database",
        description="Run every check of `copdash load` against the current database and print "
                    "the report. Nothing is written.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument("--db", help="database to check against (default: data/cop.duckdb)")
    parser.add_argument("--engine", choices=("sql", "gx"), default=None,
                        help="run the contracts' checks as DuckDB SQL (the load's default) or "
                             "through Great Expectations (the reference)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    with progress_bar("Checking") as update:
        report = load_paths(args.paths, args.db, dry_run=True, progress=update,
                            engine=args.engine)
    print_load_report(report, max_problems=200)
    if not report.ok:
        return 1
    return 3 if report.rows_quarantined else 0
