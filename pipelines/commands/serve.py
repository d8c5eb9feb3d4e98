"""`copdash serve [--db DB] [--address ADDR] [--port PORT]`: the dashboard for real use.

Streamlit's production settings are applied as options (`pipelines.serving`), wherever the
command is started from; the address is 127.0.0.1 unless sign-in is configured.
"""

from __future__ import annotations

from pipelines.serving import serve
from pipelines.settings import get_settings


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help="start the dashboard with production settings",
        description="Start the dashboard with production settings (headless, XSRF protection "
                    "on, 50 MB uploads, no Streamlit table download, no usage statistics). "
                    "It listens on 127.0.0.1 unless sign-in is configured in the secrets "
                    "file; another address without sign-in is refused unless "
                    "--allow-unauthenticated is given.")
    parser.add_argument("--db", help="database file (default: data/cop.duckdb or COPDASH_DB)")
    parser.add_argument("--address", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8501, help="port (default: 8501)")
    parser.add_argument("--secrets", metavar="FILE",
                        help="Streamlit secrets file with the [auth] table for sign-in "
                             "(default: ~/.streamlit/secrets.toml, ./.streamlit/secrets.toml)")
    parser.add_argument("--allow-unauthenticated", action="store_true",
                        help="listen on a non-local address without sign-in (only behind a "
                             "proxy that signs users in)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from pathlib import Path

    db = Path(args.db).resolve() if args.db else get_settings().db_path
    return serve(db, address=args.address, port=args.port, secrets=args.secrets,
                 allow_unauthenticated=args.allow_unauthenticated)
