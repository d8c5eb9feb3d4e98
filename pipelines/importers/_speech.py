"""What the transcript parsers share: speaker names, word counts, estimated ends.

Transcripts write a speaker's name as the meeting tool showed it, sometimes with HTML
entities (`<v Carlos Far&#237;as>`): names and text are decoded with the standard
library's `html.unescape` before anything else. A transcript that names nobody cannot give
anyone's talk time, so it is refused rather than imported as "nobody spoke".
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

from pipelines.errors import FileProblem
from pipelines.importers._records import Cue

__all__ = ["SECONDS_PER_WORD", "clean_name", "count_words", "estimate_ends", "no_speaker",
           "prefixed_speaker", "spoken_text"]

# `Name: text`, the way Zoom (and many subtitle files) name the speaker; a name is short
# and has no sentence punctuation, so "Note: the room is booked" is rarely taken for one.
_PREFIX = re.compile(r"^\s*(?P<name>[^\s:?!\[][^:?!]{0,59}?)\s*:\s+(?P<text>.*)$", re.DOTALL)
# `[Name] text` or `[Name]: text`, as some subtitle tools write it.
_BRACKETED = re.compile(r"^\s*\[(?P<name>[^\[\]]{1,60})\]\s*:?\s+(?P<text>.*)$", re.DOTALL)
_MAX_NAME_WORDS = 6
_TAGS = re.compile(r"<[^>]*>|\{\\[^}]*\}")   # <i>, <v Name>, {\an8}
_SPACES = re.compile(r"\s+")

# Formats that give only when an entry starts: its speech is taken as its words at a slow
# speaking pace (2 words a second; conversation runs at 2.5 to 3), at least one second,
# and never past the start of the next entry. Documented in docs/importers.md.
SECONDS_PER_WORD = 0.5
_MIN_ENTRY_S = 1.0


def clean_name(raw: str) -> str:
    """A speaker name as a person would write it: entities decoded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", html.unescape(raw))
    return _SPACES.sub(" ", text).strip()


def spoken_text(raw: str) -> str:
    """Cue text without markup: tags removed, entities decoded."""
    return html.unescape(_TAGS.sub("", raw))


def count_words(raw: str) -> int:
    """Whitespace-separated words of the cue text, markup removed."""
    return len(spoken_text(raw).split())


def prefixed_speaker(text: str) -> tuple[str, str] | None:
    """`Alice Smith: Good morning` -> ("Alice Smith", "Good morning"); None when no name."""
    text = spoken_text(text).strip()
    for pattern in (_BRACKETED, _PREFIX):
        match = pattern.match(text)
        if match and len(match["name"].split()) <= _MAX_NAME_WORDS:
            return clean_name(match["name"]), match["text"]
    return None


def estimate_ends(cues: Sequence[Cue]) -> None:
    """Give cues that only have a start an end: words at a slow pace, cut at the next start.

    The next start is the next *later* one: two entries in the same second (Zoom writes
    whole seconds) overlap a little rather than getting no speech at all.
    """
    starts = sorted({c.start_s for c in cues})
    for cue in cues:
        estimate = max(_MIN_ENTRY_S, SECONDS_PER_WORD * (cue.words or 0))
        later = next((s for s in starts if s > cue.start_s), None)
        cue.end_s = cue.start_s + (estimate if later is None else min(estimate, later - cue.start_s))


def no_speaker(source_file: str, entries: int, how: str) -> FileProblem:
    """The problem of a transcript in which no entry names a speaker."""
    return FileProblem(
        source_file,
        f"none of its {entries} entries names a speaker ({how}), so it cannot say who "
        "talked. Nothing was imported; the meeting's stored speaking turns are unchanged.",
        "Download the transcript with speaker names (in Teams: the meeting's Recap > "
        "Transcript > Download; in Zoom: the recording's audio transcript), or import the "
        "meeting's diarization file (.rttm) instead.",
    )
