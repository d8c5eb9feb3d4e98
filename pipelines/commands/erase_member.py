"""`copdash erase-member MEMBER_ID [--db DB]`: the right to erasure (see pipelines/erase.py)."""

from __future__ import annotations

from rich.markup import escape

from pipelines.commands._console import console
from pipelines.erase import erase_member


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "erase-member", help="erase a member's identifying data, keeping every figure",
        description="Remove a member's aliases and identifying attributes (gender, age band, "
                    "ethnicity, deprivation quintile) and replace their id with a random one "
                    "in every table, in one all-or-nothing step. Figures by member type, "
                    "meeting and CoP stay the same. The source files are not changed: erase "
                    "the member from them too, or the next load of them brings them back.")
    parser.add_argument("member_id", metavar="MEMBER_ID", help="the member's id (e.g. M0012)")
    parser.add_argument("--db", help="database file (default: data/cop.duckdb or COPDASH_DB)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    report = erase_member(args.member_id, args.db)
    console.print(escape(report.summary()), soft_wrap=True)
    return 0
