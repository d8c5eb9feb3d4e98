"""Recognising an export's format from its content, so users need not say what they have.

File names are unreliable (Teams writes `.csv` for tab-separated UTF-16 text), so the
content decides; the suffix only breaks a tie. The formats are:
`teams-attendance`, `zoom-participants`, `vtt`, `rttm`.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from pipelines.errors import FileProblem

__all__ = ["FORMATS", "detect_format"]

FORMATS = ("teams-attendance", "zoom-participants", "vtt", "rttm")
_RTTM_TYPES = {"SPEAKER", "SPKR-INFO", "LEXEME", "NON-SPEECH", "NON-LEX", "FILLER", "SEGMENT",
               "NOSCORE", "NO_RT_METADATA", "A/P", "CB", "IP", "EDIT", "SU"}
_SECTION = re.compile(r"^\s*\"?[1-3]\.\s+\S")
_TEAMS_MARKERS = ("meeting summary", "attended participants", "full name\tuser action",
                  "in-meeting duration", "first join")
_ZOOM_MARKERS = ("name (original name)", "meeting id,topic", "join time,leave time")


def detect_format(text: str, name: str = "") -> str:
    """The export format of `text`; FileProblem when it is none of the four."""
    body = text.lstrip("\ufeff \t\r\n")
    if body.startswith("WEBVTT"):
        return "vtt"
    lines = [line for line in body.splitlines()[:400] if line.strip()]
    lower = "\n".join(lines).casefold()
    if _is_rttm(lines):
        return "rttm"
    if any(_SECTION.match(line) for line in lines) and "\t" in body[:20000]:
        return "teams-attendance"
    if any(marker in lower for marker in _ZOOM_MARKERS):
        return "zoom-participants"
    if any(marker in lower for marker in _TEAMS_MARKERS):
        return "teams-attendance"
    suffix = PurePath(name).suffix.lower()
    if suffix in (".vtt", ".rttm"):
        return suffix[1:]
    raise FileProblem(
        name or "the file",
        "this is not a file the importer knows: not a Teams attendance report, a Zoom "
        "participants report, a WebVTT transcript (.vtt) or an RTTM diarization file.",
        "Import the file exactly as Teams or Zoom exported it, or name its format with "
        "--format (teams-attendance, zoom-participants, vtt, rttm).",
    )


def _is_rttm(lines: list[str]) -> bool:
    """Every line is an RTTM record (or comment) and at least one is a SPEAKER line."""
    records = [line.split() for line in lines if not line.lstrip().startswith((";", "#"))]
    return bool(records) and all(r[0].upper() in _RTTM_TYPES for r in records) and any(
        r[0].upper() == "SPEAKER" for r in records)
