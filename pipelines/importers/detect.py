"""Recognising an export's format from its content, so users need not say what they have.

File names are unreliable (Teams writes `.csv` for tab-separated UTF-16 text), so the
content decides; the suffix only breaks a tie. The formats are:
`teams-attendance`, `zoom-participants`, `vtt`, `srt`, `teams-text`, `zoom-text`, `docx`,
`rttm`. A Word document is recognised from its bytes (`docx_transcript.is_docx`), the
others from their text here.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import PurePath

from pipelines.errors import FileProblem
from pipelines.importers.teams_transcript_text import looks_like_teams_text
from pipelines.importers.zoom_participants import is_participants_header
from pipelines.importers.zoom_transcript_text import looks_like_zoom_text

__all__ = ["FORMATS", "detect_format"]

FORMATS = ("teams-attendance", "zoom-participants", "vtt", "srt", "teams-text", "zoom-text",
           "docx", "rttm")
_RTTM_TYPES = {"SPEAKER", "SPKR-INFO", "LEXEME", "NON-SPEECH", "NON-LEX", "FILLER", "SEGMENT",
               "NOSCORE", "NO_RT_METADATA", "A/P", "CB", "IP", "EDIT", "SU"}
_SECTION = re.compile(r"^\s*\"?[1-3]\.\s+\S")
_TEAMS_MARKERS = ("meeting summary", "attended participants", "full name\tuser action",
                  "in-meeting duration", "first join")
_ZOOM_MARKERS = ("name (original name)", "meeting id,topic", "join time,leave time")
_SRT_TIMING = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}")


def detect_format(text: str, name: str = "") -> str:
    """The export format of `text`; FileProblem when it is none of the known ones."""
    body = text.lstrip("\ufeff \t\r\n")
    if body.startswith("WEBVTT"):
        return "vtt"
    lines = [line for line in body.splitlines()[:400] if line.strip()]
    lower = "\n".join(lines).casefold()
    if _is_rttm(lines):
        return "rttm"
    if _is_srt(lines):
        return "srt"
    if looks_like_zoom_text(lines):
        return "zoom-text"
    if any(_SECTION.match(line) for line in lines) and "\t" in body[:20000]:
        return "teams-attendance"
    if any(marker in lower for marker in _ZOOM_MARKERS) or _has_zoom_table(lines):
        return "zoom-participants"
    if any(marker in lower for marker in _TEAMS_MARKERS):
        return "teams-attendance"
    if looks_like_teams_text(lines):
        return "teams-text"
    suffix = PurePath(name).suffix.lower()
    if suffix in (".vtt", ".rttm", ".srt"):
        return suffix[1:]
    raise FileProblem(
        name or "the file",
        "this is not a file the importer knows: not a Teams or Zoom attendance report, nor a "
        "transcript (WebVTT .vtt, SRT subtitles, Teams .docx or text, Zoom's saved "
        "transcript), nor an RTTM diarization file.",
        "Import the file exactly as Teams or Zoom exported it, or name its format with "
        f"--format ({', '.join(FORMATS)}).",
    )


def _is_rttm(lines: list[str]) -> bool:
    """Every line is an RTTM record (or comment) and at least one is a SPEAKER line."""
    records = [line.split() for line in lines if not line.lstrip().startswith((";", "#"))]
    return bool(records) and all(r[0].upper() in _RTTM_TYPES for r in records) and any(
        r[0].upper() == "SPEAKER" for r in records)


def _is_srt(lines: list[str]) -> bool:
    """A cue number, then a `00:00:01,000 --> 00:00:04,000` line, at the start."""
    return len(lines) >= 2 and lines[0].strip().isdigit() and bool(_SRT_TIMING.match(lines[1]))


def _has_zoom_table(lines: list[str]) -> bool:
    """A participants header in Zoom's words, in any language (comma or semicolon CSV)."""
    for delimiter in (",", ";"):
        rows = csv.reader(io.StringIO("\n".join(line for line in lines if delimiter in line)),
                          delimiter=delimiter)
        try:
            if any(is_participants_header([c.strip() for c in row], strict=True) for row in rows):
                return True
        except csv.Error:
            continue
    return False
