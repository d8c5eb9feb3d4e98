"""Importers for real meeting exports: Teams and Zoom attendance, transcripts, RTTM.

A small public API over private modules; the command line (`copdash import`) and the
dashboard's Import page both use it:

    report = import_meeting_files(["attendance.csv", "transcript.vtt"], "M07")
    report.unresolved        # names with no alias, with suggested members
    add_aliases([{"alias": "Bob's iPad", "member_id": "P12"}])
    import_meeting_files(["attendance.csv", "transcript.vtt"], "M07")   # now loads them

Each format module only parses (bytes/text -> records); mapping names to members goes
through `member_aliases`, and the rows go through the normal load (contracts, quarantine,
one transaction).
"""

from pipelines.importers._importing import (
    FileInput,
    ImportReport,
    Kept,
    Unresolved,
    add_aliases,
    import_meeting_files,
    meeting_choices,
    member_choices,
    parse_export,
)
from pipelines.importers.aliases import Suggestion
from pipelines.importers.detect import FORMATS, detect_format
from pipelines.importers.rttm import RecordingChoiceNeeded

__all__ = [
    "FORMATS",
    "FileInput",
    "ImportReport",
    "Kept",
    "RecordingChoiceNeeded",
    "Suggestion",
    "Unresolved",
    "add_aliases",
    "detect_format",
    "import_meeting_files",
    "meeting_choices",
    "member_choices",
    "parse_export",
]
