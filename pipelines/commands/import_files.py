"""`copdash import`: load a meeting's Teams/Zoom attendance, transcript or diarization files.

Exit codes say what to do next: 0 imported; 3 some people could not be matched to a
member (add aliases, then run the same command again; what is stored for them is kept); 2 a
file cannot be read, names no speaker, or is an RTTM file with several recordings and no
`--recording` (nothing was written).
"""

from __future__ import annotations

import argparse

from pipelines.importers.detect import FORMATS

__all__ = ["EXIT_FILE_PROBLEM", "EXIT_UNRESOLVED", "add_parser", "run"]

EXIT_UNRESOLVED = 3
EXIT_FILE_PROBLEM = 2  # raised as CopdashError; the CLI router prints it and returns 2


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import a meeting's Teams/Zoom attendance report, transcript (.vtt, .srt, .docx, "
             "text) or diarization (.rttm)",
        description=(
            "Import the files a meeting tool exported for one meeting. Names are matched to "
            "members through member_aliases; names with no alias are listed with suggestions "
            f"and the command exits with code {EXIT_UNRESOLVED}: add the aliases and run it again."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="export file(s) of the meeting")
    parser.add_argument("--meeting", required=True, metavar="MEETING_ID",
                        help="the meeting the files belong to (must be in meetings)")
    parser.add_argument("--format", choices=FORMATS, default=None, dest="fmt",
                        help="the files' format (default: recognised from the content)")
    parser.add_argument("--recording", default=None, metavar="ID",
                        help="the recording (RTTM field 2) of this meeting, when the .rttm file "
                             "holds several")
    parser.add_argument("--mark-absent", action="store_true",
                        help="also mark expected members missing from the attendance report absent")
    parser.add_argument("--db", default=None, metavar="FILE",
                        help="the database file (default: the db setting in copdash.toml)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pipelines.commands._console import progress_bar
    from pipelines.importers import import_meeting_files

    with progress_bar("Importing") as update:
        report = import_meeting_files(args.files, args.meeting, fmt=args.fmt,
                                      mark_absent=args.mark_absent, db_path=args.db,
                                      recording=args.recording, progress=update)
    print(report.summary())
    return report.exit_code
