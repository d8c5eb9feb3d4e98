"""A Teams transcript downloaded as Word (.docx) -> the same entries as its text layouts.

Teams' .docx puts the meeting's title, date and length first, then one paragraph per entry
in which line breaks (`<w:br/>`) separate the speaker and time from what was said
(`Alice Smith   0:03` / `Good morning everyone.`); older downloads hold the `0:0:0.0 -->
0:0:3.540` / speaker / text layout the same way. python-docx reads the paragraphs (a line
break comes back as a newline); the lines then go through the Teams text parser.
"""

from __future__ import annotations

import io
import zipfile

from pipelines.errors import FileProblem
from pipelines.importers._records import TranscriptExport
from pipelines.importers.teams_transcript_text import parse_teams_lines

__all__ = ["is_docx", "parse_docx"]

FORMAT = "docx"


def is_docx(data: bytes) -> bool:
    """A Word document: a zip archive holding `word/document.xml`."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def parse_docx(data: bytes, *, source_file: str) -> TranscriptExport:
    """Read the transcript entries of a Teams .docx download."""
    import docx  # python-docx; imported here so that other imports do not pay for it

    if not is_docx(data):
        raise FileProblem(source_file, "the file is not a Word document (.docx).",
                          "Download the transcript from Teams again as .docx, or as .vtt.")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise FileProblem(source_file, f"the Word document cannot be read ({type(exc).__name__}).",
                          "Download the transcript from Teams again.") from None
    lines: list[tuple[int, str]] = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        lines += [(number, part) for part in paragraph.text.split("\n")]
    export = parse_teams_lines(lines, source_file=source_file, fmt=FORMAT)
    return export
