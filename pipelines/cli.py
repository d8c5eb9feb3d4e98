"""`copdash` command line: a thin router over one module per subcommand.

Each subcommand lives in `pipelines/commands/<name>.py` with `add_parser(subparsers)` and
`run(args) -> int`. Modules are imported only when their command runs, so `copdash status`
does not pay for Great Expectations.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from pipelines.errors import CopdashError

__all__ = ["main"]

# subcommand name -> module under pipelines.commands
COMMANDS: dict[str, str] = {
    "load": "load",
    "validate": "validate",
    "status": "status",
    "quarantine": "quarantine",
    "generate": "generate",
    "metrics": "metrics",
    "export": "export",
    "import": "import_files",
    "report": "report",
    "alerts": "alerts",
    "serve": "serve",
    "erase-member": "erase_member",
    "logger": "logger",
    "demo": "demo",
}


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand; with `argv` naming one, of that one only, so that
    `copdash load` does not import the metrics (scipy) that other commands need: 0.5 to
    1 s of every load."""
    parser = argparse.ArgumentParser(
        prog="copdash",
        description="Load, check and measure Communities of Practice data.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    named = [COMMANDS[argv[0]]] if argv and argv[0] in COMMANDS else list(COMMANDS.values())
    for module_name in named:
        try:
            module = importlib.import_module(f"pipelines.commands.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"pipelines.commands.{module_name}":
                raise
            continue  # a subcommand not built yet
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CopdashError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Stopped. The database is unchanged by the interrupted command.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
