"""`copdash demo [--data-dir DIR] [--no-browser] [--port PORT]`: try copdash on the sample
programme without `make` or a checkout (see pipelines/demo.py)."""

from __future__ import annotations

from pipelines.commands._console import console, plain, progress_bar
from pipelines.errors import CopdashError


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo", help="load the sample programme and open the dashboard on it",
        description="Load the sample programme (synthetic data shipped with copdash) into a "
                    "database in your user data folder, then start the dashboard on "
                    "127.0.0.1 (only this computer, no sign-in) and open it in the browser. "
                    "Running it again loads nothing new. Ctrl+C stops the dashboard.")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="folder for the demo database (default: your user data folder)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not open the browser (the address is printed)")
    parser.add_argument("--port", type=int, default=8501, help="port (default: 8501)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from pipelines import demo
    from pipelines.serving import serve

    folder = demo.data_dir(args.data_dir)
    db = demo.demo_db(folder)
    if not demo.port_is_free(args.port):
        raise CopdashError(f"Port {args.port} is already in use (is copdash already running? "
                           f"Then open http://localhost:{args.port}). Or choose another "
                           "port with --port, e.g. --port 8502.")
    console.print(f"1/2 Loading the sample programme (synthetic data) into {plain(db)}")
    with progress_bar("Loading") as update:
        report = demo.load_sample(db, progress=update)
    if not report.ok:
        console.print(plain(report.summary()), soft_wrap=True)
        return 1
    if report.unchanged:
        console.print("    Already loaded: the sample files are unchanged, nothing new to load.")
    else:
        console.print(f"    Loaded {report.rows_loaded:,} rows from {len(report.files)} files "
                      f"({report.rows_quarantined:,} quarantined).")
    console.print("2/2 Starting the dashboard (local mode: only this computer, no sign-in)"
                  + ("" if args.no_browser else "; it opens in your browser when ready"))
    return serve(db, address=None, port=args.port, open_browser=not args.no_browser)
