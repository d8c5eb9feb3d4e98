"""`copdash metrics`: the headline figures per CoP, from the metrics API.

Prints, per CoP: attendance rate, pooled equity ratio per member type with its interval,
voice coverage, Gini, the in-person/online comparison of lay members' equity, direct/time/
full cost, cost per attendee hour and per implemented recommendation, and the uptake funnel.
The numbers are those of `pipelines.metrics.headline`, never recomputed here.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd
from rich.markup import escape
from rich.table import Table

from pipelines.commands._console import console
from pipelines.errors import CopdashError
from pipelines.load import open_readonly
from pipelines.safe_csv import to_safe_csv

FORMATS = ("table", "json", "csv")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("metrics", help="headline figures per CoP")
    parser.add_argument("--db", help="database file (default: data/cop.duckdb or COPDASH_DB)")
    parser.add_argument("--cop", nargs="+", action="extend", default=[], metavar="ID",
                        help="only these CoPs (default: every CoP)")
    parser.add_argument("--from", dest="date_from", metavar="DATE",
                        help="first date, YYYY-MM-DD (meetings by held_on, costs by incurred_on)")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="last date, YYYY-MM-DD")
    parser.add_argument("--include-facilitators", action="store_true",
                        help="count facilitators in participation figures (left out by default)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format")
    parser.add_argument("--out", metavar="FILE", help="write to this file instead of the screen")
    parser.set_defaults(handler=run)


def _date(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CopdashError(
            f"{option} {text!r} is not a date. Write it as YYYY-MM-DD, e.g. 2019-04-01."
        ) from None


def _plain(value):
    """A JSON-ready value: NaN/NA -> None, numpy scalars -> Python, dates -> ISO text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _number(value, digits: int = 2) -> str:
    value = _plain(value)
    if value is None:
        return "-"
    return f"{value:,.{digits}f}" if isinstance(value, float) else str(value)


def _interval(row, low: str, high: str) -> str:
    if _plain(row[low]) is None:
        return "(too few meetings for an interval)"
    return f"(95% interval {_number(row[low])} to {_number(row[high])})"


def _tables(frame: pd.DataFrame) -> list[Table]:
    tables = []
    for _, row in frame.iterrows():
        table = Table(title=f"CoP {escape(str(row['cop_id']))}", title_justify="left")
        table.add_column("figure")
        table.add_column("value", justify="right")
        table.add_column("note")
        table.add_row("meetings (observed)",
                      f"{row['meetings_n']} ({row['observed_meetings_n']})", "")
        table.add_row("attendance rate", _number(row["attendance_rate"]),
                      _interval(row, "attendance_rate_ci_low", "attendance_rate_ci_high"))
        for group in ("lay", "clinical", "non_clinical"):
            table.add_row(f"equity ratio, {group}", _number(row[f"equity_ratio_{group}"]),
                          _interval(row, f"equity_ci_low_{group}", f"equity_ci_high_{group}"))
        table.add_row("voice coverage", _number(row["voice_coverage"]),
                      _interval(row, "voice_coverage_ci_low", "voice_coverage_ci_high"))
        table.add_row("Gini of talk time", _number(row["gini_talk"]),
                      _interval(row, "gini_talk_ci_low", "gini_talk_ci_high"))
        table.add_row("lay equity in person / online",
                      f"{_number(row['lay_equity_in_person'])} / "
                      f"{_number(row['lay_equity_online'])}",
                      f"{row['in_person_meetings_n']} in person, {row['online_meetings_n']} "
                      f"online; {_plain(row['mode_warning']) or ''}")
        table.add_row("direct cost (GBP)", _number(row["direct_cost_gbp"]),
                      f"of which overheads {_number(row['overhead_cost_gbp'])}")
        table.add_row("time cost (GBP)", _number(row["time_cost_gbp"]), "")
        table.add_row("full economic cost (GBP)", _number(row["full_cost_gbp"]), "")
        table.add_row("cost per attendee hour (GBP)", _number(row["cost_per_attendee_hour_gbp"]),
                      f"{_number(row['attendee_hours'], 1)} attendee hours")
        table.add_row("cost per implemented recommendation (GBP)",
                      _number(row["cost_per_implemented_gbp"]),
                      f"{row['implemented_n']} implemented")
        funnel = " > ".join(f"{stage} {row[f'funnel_{stage}_n']}" for stage in
                            ("proposed", "agreed", "in_progress", "implemented", "sustained"))
        table.add_row("uptake funnel (pairs)", "", funnel)
        tables.append(table)
    return tables


def run(args) -> int:
    from pipelines.metrics import Selection, communities, headline

    selection = Selection(
        cop_ids=tuple(args.cop),
        date_from=_date(args.date_from, "--from"),
        date_to=_date(args.date_to, "--to"),
        include_facilitators=args.include_facilitators,
    )
    with open_readonly(args.db) as con:
        known = communities(con)["cop_id"].tolist()
        unknown = [cop for cop in selection.cop_ids if cop not in known]
        if unknown:
            raise CopdashError(
                f"--cop {', '.join(unknown)}: no such CoP in the database. "
                f"Use one of: {', '.join(known) or 'none loaded yet (run copdash load)'}.")
        frame = headline(con, selection)
    if args.format == "json":
        text = json.dumps({
            "selection": {"cop_ids": list(selection.cop_ids),
                          "date_from": _plain(selection.date_from),
                          "date_to": _plain(selection.date_to),
                          "include_facilitators": selection.include_facilitators},
            "cops": [{key: _plain(value) for key, value in record.items()}
                     for record in frame.to_dict(orient="records")],
        }, indent=2)
    elif args.format == "csv":
        if args.out:
            Path(args.out).write_bytes(to_safe_csv(frame))
            return 0
        text = to_safe_csv(frame).decode("utf-8").lstrip("\ufeff")
    else:
        if frame.empty:
            console.print("No CoP matches the selection. Load data with `copdash load FOLDER`.")
            return 0
        if args.out:
            with Path(args.out).open("w", encoding="utf-8") as handle:
                from rich.console import Console

                file_console = Console(file=handle, width=120, emoji=False)
                for table in _tables(frame):
                    file_console.print(table)
            return 0
        for table in _tables(frame):
            console.print(table)
        return 0
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0
