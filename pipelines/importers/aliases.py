"""Mapping the names in an export to members, through `member_aliases` only.

Exports name people as their meeting tool shows them (`Alice Smith (External)`, `(EXT)`,
`Bob's iPad (Bob Jones)`, `alice@nhs.net`, `SPEAKER_00`). Members are pseudonymous, so the
only link is the alias table: a name is matched case-insensitively, trimmed, with the
tools' suffixes removed; a meeting-specific alias wins over a general one. Nothing is
guessed: a name with no alias stays unresolved, and the closest known aliases are offered
as suggestions for a person to confirm.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

__all__ = ["AliasIndex", "Suggestion", "normalise", "split_original_name", "strip_suffixes"]

# Suffixes Teams and Zoom add to a display name (English and the common translations).
_SUFFIXES = (
    "external", "ext", "unverified", "guest", "extern", "externe", "externo", "esterno", "gast",
    "invité", "invitée", "invitado", "invitada", "ospite", "non vérifié", "nicht überprüft",
    "no verificado", "non verificato", "niet geverifieerd", "extern gebruiker",
)
_SUFFIX = re.compile(r"\s*\(\s*(?:" + "|".join(re.escape(s) for s in _SUFFIXES) + r")\s*\)\s*$",
                     re.IGNORECASE)
_TRAILING_PARENS = re.compile(r"^(?P<display>.*\S)\s*\((?P<original>[^()]*\S[^()]*)\)\s*$")
_SPACES = re.compile(r"\s+")


def strip_suffixes(name: str) -> str:
    """`Alice Smith (External) ` -> `Alice Smith` (the name as a person would write it).

    HTML entities are decoded first (Teams writes `<v Carlos Far&#237;as>`), so a name
    matches its alias however the export encoded it.
    """
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", html.unescape(name))).strip()
    while True:
        shorter = _SUFFIX.sub("", text)
        if shorter == text:
            return text.strip(" \"'")
        text = shorter


def normalise(name: str) -> str:
    """The form names are compared in: suffixes removed, case folded, spaces collapsed."""
    return strip_suffixes(name).casefold()


def split_original_name(name: str) -> tuple[str, ...]:
    """Zoom's `Name (Original Name)`: the name as written, then each part to try."""
    full = strip_suffixes(name)
    match = _TRAILING_PARENS.match(full)
    if not match:
        return (full,) if full else ()
    return (full, match["display"].strip(), match["original"].strip())


@dataclass(frozen=True)
class Suggestion:
    """A member whose known alias is close to an unresolved name."""

    member_id: str
    alias: str
    score: float


@dataclass
class AliasIndex:
    """The aliases that apply to one meeting: its own, then the general ones."""

    meeting_id: str
    specific: dict[str, set[str]] = field(default_factory=dict)
    general: dict[str, set[str]] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # normalised -> as stored
    # Suggestions come only from these members (the meeting's CoP): a member of another CoP
    # could not be loaded for this meeting. Empty = no restriction.
    suggest_among: frozenset[str] = frozenset()

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str | None, str]], meeting_id: str,
                  suggest_among: frozenset[str] = frozenset()) -> AliasIndex:
        """Rows of (alias, meeting_id or blank, member_id) from `member_aliases`."""
        index = cls(meeting_id=meeting_id, suggest_among=suggest_among)
        for alias, alias_meeting, member_id in rows:
            key = normalise(alias or "")
            if not key or not member_id:
                continue
            if alias_meeting in (None, ""):
                index.general.setdefault(key, set()).add(member_id)
            elif alias_meeting == meeting_id:
                index.specific.setdefault(key, set()).add(member_id)
            else:
                continue
            index.written.setdefault(key, strip_suffixes(alias))
        return index

    def resolve(self, candidates: Iterable[str], *, meeting_only: bool = False) -> str | None:
        """The member for the first candidate with an alias; None when none has one.

        Meeting-specific aliases are tried for every candidate before general ones. A name
        whose alias points at two members is not resolved (that would be a guess).
        """
        keys = [k for k in dict.fromkeys(normalise(c) for c in candidates) if k]
        tables = (self.specific,) if meeting_only else (self.specific, self.general)
        for table in tables:
            for key in keys:
                members = table.get(key)
                if members and len(members) == 1:
                    return next(iter(members))
        return None

    def conflicting(self, candidates: Iterable[str]) -> list[str]:
        """Members that one of the names points at when it points at several."""
        for key in (normalise(c) for c in candidates):
            for table in (self.specific, self.general):
                if len(table.get(key, ())) > 1:
                    return sorted(table[key])
        return []

    def suggest(self, name: str, limit: int = 3) -> list[Suggestion]:
        """The members whose known aliases are closest to `name` (rapidfuzz WRatio)."""
        choices = sorted(set(self.specific) | set(self.general))
        query = normalise(name)
        if not query or not choices:
            return []
        found: list[Suggestion] = []
        seen: set[str] = set()
        for key, score, _ in process.extract(query, choices, scorer=fuzz.WRatio,
                                             limit=limit * 4, score_cutoff=50):
            for member_id in sorted(self.specific.get(key, set()) | self.general.get(key, set())):
                if self.suggest_among and member_id not in self.suggest_among:
                    continue
                if member_id not in seen:
                    seen.add(member_id)
                    found.append(Suggestion(member_id, self.written.get(key, key), round(score, 1)))
        return found[:limit]
