"""`copdash report --out FILE.pdf|FILE.html`: the printable report for a CoP and a period.

Page 1 is the steering group's summary in plain words; `--audience evaluator` adds every
figure of the dashboard's pages with its n, interval and definition (docs/report.md). The
figures come from the metrics API over a read-only connection, the same calls the
dashboard makes. Problems a user can fix (unknown CoP, a date that is not a date, a file
that cannot be written, no database yet) end with a plain message, never a traceback; a
period with nothing in it still gives a report that says so.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from rich.markup import escape

from pipelines.commands._console import console, progress_bar
from pipelines.errors import CopdashError

SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="write the printable report (PDF or HTML) for a CoP and a period")
    parser.add_argument("--db", help="database file (default: data/cop.duckdb or COPDASH_DB)")
    parser.add_argument("--out", required=True, metavar="FILE",
                        help="the file to write: FILE.pdf (A4) or FILE.html")
    parser.add_argument("--cop", metavar="COP_ID", help="one CoP (default: every CoP)")
    parser.add_argument("--from", dest="date_from", metavar="DATE",
                        help="first meeting date, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="last meeting date, YYYY-MM-DD")
    parser.add_argument("--audience", choices=("steering", "evaluator"), default="steering",
                        help="steering: page 1 only (default); evaluator: every figure, "
                             "with intervals and definitions")
    parser.add_argument("--include-facilitators", action="store_true",
                        help="count facilitators in participation figures (left out by default)")
    parser.set_defaults(handler=run)


def _date(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CopdashError(
            f"{option} {text!r} is not a date. Write it as YYYY-MM-DD, e.g. 2019-04-01.") from None


def _target(text: str) -> tuple[Path, str]:
    """The output file and its format; refused before any work if it cannot be written."""
    path = Path(text).expanduser()
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise CopdashError(f"--out {text}: the file must end in .pdf or .html "
                           "(e.g. --out steering-report.pdf).")
    if path.is_dir():
        raise CopdashError(f"--out {text} is a folder. Give a file name, e.g. {path / 'report.pdf'}.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CopdashError(f"Cannot write {text}: the folder {folder} does not exist. "
                           "Create it first, or choose another --out.")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CopdashError(f"Cannot write {text}: you do not have permission to write there. "
                           "Choose a folder you can write to with --out.")
    return path, kind


def _write(path: Path, data: bytes) -> None:
    """Write beside the target, then replace it: a failure never leaves half a file."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise CopdashError(f"Cannot write {path}: {exc.strerror or exc}. Choose a folder you "
                           "can write to with --out.") from None


def run(args) -> int:
    from pipelines.audit import marts_current
    from pipelines.load import _resolve_db, open_readonly
    from pipelines.metrics import Selection
    from pipelines.report import build_report, connection_caller
    from pipelines.report.render import print_pdf, render_html

    path, kind = _target(args.out)
    date_from, date_to = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise CopdashError(f"--from {date_from} is after --to {date_to}. Swap them, or fix one.")
    db = _resolve_db(args.db)
    if not db.exists():
        raise CopdashError(f"No database at {db}. Load the programme's files first: "
                           f"copdash load FOLDER --db {db}")
    selection = Selection(cop_ids=(args.cop,) if args.cop else (), date_from=date_from,
                          date_to=date_to, include_facilitators=args.include_facilitators)
    with open_readonly(db) as con, progress_bar("Writing the report") as progress:
        if not marts_current(con):
            raise CopdashError("This database was built by an older version of copdash. Load "
                               "the files again (copdash load FOLDER) to rebuild its figures.")
        call, audit = connection_caller(con)
        known = call("communities")
        if args.cop and args.cop not in set(known["cop_id"]):
            listed = ", ".join(known["cop_id"]) or "none loaded yet (run copdash load)"
            raise CopdashError(f"--cop {args.cop}: no such CoP in the database. Use one of: {listed}.")
        steps = 1 if kind == "html" else 2

        def step(done: int, total: int, message: str) -> None:
            progress(done, total + steps, f"Working out: {message}")

        report = build_report(call, selection, audience=args.audience, audit=audit,
                              progress=step)
    total = len(report.sections) + 5 + steps  # the progress bar's last steps: render, print
    progress(total - steps, total, "Laying out the pages")
    html = render_html(report)
    if kind == "html":
        data, pages = html.encode("utf-8"), None
    else:
        progress(total - 1, total, "Printing the PDF")
        data, pages = print_pdf(html)
    _write(path, data)
    what = "evaluator report" if args.audience == "evaluator" else "steering-group summary"
    size = f"{len(data) / 1024:,.0f} KB"
    console.print(f"Wrote {escape(str(path))}: {what} for {escape(str(report.cops))}, {report.period}"
                  + (f", {pages} page{'s' if pages != 1 else ''}" if pages else "")
                  + f" ({size})." + (f" {report.empty}" if report.empty else ""))
    return 0
