"""`copdash logger`: replay an observation journal, list sessions, compare two observers.

`replay` loads a journal exactly as "Finish and load" does on the Live logger page (exit 0,
or 2 with a message naming the line when the journal cannot be read; nothing is loaded
then). `sessions` lists the journals beside the database; `agreement` compares two
sessions of one meeting.
"""

from __future__ import annotations

import argparse

__all__ = ["add_parser", "run_agreement", "run_replay", "run_sessions"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "logger", help="live observation logger: replay a journal, list sessions, agreement",
        description="Work with the journals of the live observation logger.")
    commands = parser.add_subparsers(dest="logger_command", metavar="ACTION", required=True)

    replay = commands.add_parser(
        "replay", help="load a session's journal (.jsonl) as its meeting's turns and attendance",
        description="Load a journal through the data contracts, as finishing the session on "
                    "the Live logger page does. Replaying it again changes nothing.")
    replay.add_argument("journal", metavar="JOURNAL.jsonl")
    replay.add_argument("--db", default=None, metavar="FILE",
                        help="the database file (default: the db setting in copdash.toml)")
    replay.add_argument("--cop", default=None, metavar="COP_ID",
                        help="refuse the journal unless its meeting belongs to this CoP")
    replay.set_defaults(handler=run_replay)

    sessions = commands.add_parser("sessions", help="list the recording sessions beside the database")
    sessions.add_argument("--db", default=None, metavar="FILE",
                          help="the database file (default: the db setting in copdash.toml)")
    sessions.set_defaults(handler=run_sessions)

    agree = commands.add_parser(
        "agreement", help="how well two observers' sessions of one meeting agree",
        description="Per-member talk-share difference, and agreement on who holds the floor "
                    "second by second (Cohen's kappa, Krippendorff's alpha).")
    agree.add_argument("journal_a", metavar="A.jsonl")
    agree.add_argument("journal_b", metavar="B.jsonl")
    agree.set_defaults(handler=run_agreement)


def run_replay(args: argparse.Namespace) -> int:
    from pipelines.commands._console import console, print_load_report, progress_bar
    from pipelines.logger.finish import finish

    with progress_bar("Replaying") as update:
        result = finish(args.journal, args.db, progress=update, cop_id=args.cop)
    console.print(f"Session {result.session_id} (meeting {result.meeting_id}): {result.turns} "
                  f"turn(s) and {result.attendance} attendance row(s).", soft_wrap=True)
    for note in result.notes:
        console.print(f"[yellow]note[/yellow] {note}", soft_wrap=True)
    print_load_report(result.load)
    return 0


def run_sessions(args: argparse.Namespace) -> int:
    from rich.table import Table

    from pipelines.commands._console import console
    from pipelines.logger.store import list_sessions, logger_dir

    sessions = list_sessions(args.db)
    if not sessions:
        console.print(f"No recording session yet (journals are kept in {logger_dir(args.db)}).")
        return 0
    table = Table(title="Recording sessions", title_justify="left")
    for column in ("session", "CoP", "meeting", "observer", "started", "events", "state"):
        table.add_column(column, overflow="fold", justify="right" if column == "events" else "left")
    for s in sessions:
        table.add_row(s.session_id, s.cop_id, s.meeting_id, s.observer, s.started_at,
                      str(s.events), s.state)
    console.print(table)
    return 0


def run_agreement(args: argparse.Namespace) -> int:
    from pipelines.commands._console import console
    from pipelines.logger.agreement import agreement
    from pipelines.logger.finish import read_journal

    result = agreement(read_journal(args.journal_a), read_journal(args.journal_b))
    console.print(result.summary(), soft_wrap=True)
    return 0
