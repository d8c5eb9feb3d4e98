"""`copdash alerts [--db] [--config]`: the alerts that fire now, for a scheduler.

Exit status 0 when no alert fires, 1 when any does, 2 when the `[[alerts]]` rules of the
configuration cannot be used (the message says which rule and what to write). The list
names members (member-level data): send it to the people who run the CoPs only.
"""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from pipelines.commands._console import console
from pipelines.load import open_readonly
from pipelines.metrics import Selection, alerts, load_alert_rules


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "alerts", help="list the alerts set in copdash.toml that fire (exit status 1 if any)")
    parser.add_argument("--db", help="database file (default: data/cop.duckdb or COPDASH_DB)")
    parser.add_argument("--config", help="configuration file with [[alerts]] tables "
                        "(default: copdash.toml or COPDASH_CONFIG)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    rules = load_alert_rules(args.config)  # AlertConfigProblem: the CLI prints it, exit 2
    if not rules:
        console.print(escape("No alert rules are set. Add [[alerts]] tables to copdash.toml "
                             '(docs/metrics.md, "Alerts").'))
        return 0
    with open_readonly(args.db) as con:
        found = alerts(con, Selection(), rules)
    if found.empty:
        console.print(f"No alert fires ({len(rules)} rule(s) checked).")
        return 0
    table = Table(title=f"{len(found)} alert(s)", title_justify="left")
    for column in ("alert", "CoP", "about", "since", "detail"):
        table.add_column(column)
    for row in found.itertuples(index=False):
        since = "" if row.since is None or row.since != row.since else f"{row.since:%Y-%m-%d}"
        table.add_row(*(escape(str(cell)) for cell in (row.alert, row.cop_id, row.subject,
                                                       since, row.detail)))
    console.print(table)
    return 1
