"""How well two observers of one meeting agree.

Two figures: each member's share of the talk time in either session and the difference
(A − B, in percentage points); and who holds the floor second by second. For the second,
each whole second t of the meeting is labelled with the member whose turn covers its
middle (t + 0.5 s), or "silence"; the two label sequences give the proportion of seconds
agreed, Cohen's kappa and Krippendorff's alpha (nominal, from the `krippendorff` package).
Seconds run from 0 to the later session's last turn end. Silence is a label like any
member, so an observer who misses a turn disagrees for its seconds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipelines.errors import CopdashError
from pipelines.logger.journal import Journal, Turn, turns_of

__all__ = ["SILENCE", "Agreement", "MemberShare", "agreement", "cohen_kappa", "floor_labels",
           "krippendorff_alpha", "talk_shares"]

SILENCE = "silence"


@dataclass(frozen=True)
class MemberShare:
    member_id: str
    share_a: float          # proportion of session A's talk time, 0..1
    share_b: float

    @property
    def difference_points(self) -> float:
        """A − B in percentage points."""
        return (self.share_a - self.share_b) * 100


@dataclass(frozen=True)
class Agreement:
    session_a: str
    session_b: str
    meeting_id: str
    shares: list[MemberShare]
    seconds: int                       # seconds compared
    observed: float                    # proportion of seconds with the same label
    kappa: float | None                # None when undefined (both always said one label)
    alpha: float | None

    def summary(self) -> str:
        lines = [f"Sessions {self.session_a} and {self.session_b} of meeting {self.meeting_id}, "
                 f"{self.seconds} seconds compared."]
        lines.append(f"Same person (or silence) holds the floor in {self.observed:.1%} of "
                     f"seconds; Cohen's kappa {_fmt(self.kappa)}, Krippendorff's alpha "
                     f"{_fmt(self.alpha)}.")
        lines.append("Share of talk time (A, B, difference in percentage points):")
        lines += [f"- {s.member_id}: {s.share_a:.1%}, {s.share_b:.1%}, "
                  f"{s.difference_points:+.1f}" for s in self.shares]
        return "\n".join(lines)


def talk_shares(turns_a: Sequence[Turn], turns_b: Sequence[Turn]) -> list[MemberShare]:
    """Each member's proportion of each session's talk time (0 where they never spoke)."""
    def shares(turns: Sequence[Turn]) -> dict[str, float]:
        total = sum(t.duration_s for t in turns)
        talk: Counter[str] = Counter()
        for t in turns:
            talk[t.member_id] += t.duration_s
        return {m: s / total for m, s in talk.items()} if total else {}

    a, b = shares(turns_a), shares(turns_b)
    return [MemberShare(m, a.get(m, 0.0), b.get(m, 0.0)) for m in sorted(set(a) | set(b))]


def floor_labels(turns: Sequence[Turn], seconds: int) -> list[str]:
    """For each second t in 0..seconds-1, who holds the floor at t + 0.5 (or SILENCE)."""
    labels = [SILENCE] * seconds
    for turn in turns:
        first = max(0, math.ceil(turn.start_s - 0.5))
        for t in range(first, min(seconds, math.ceil(turn.end_s - 0.5))):
            labels[t] = turn.member_id
    return labels


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """(p_o − p_e) / (1 − p_e); None when p_e = 1 (kappa is undefined)."""
    n = len(a)
    if n == 0 or n != len(b):
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[k] * count_b[k] for k in count_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Nominal alpha of two coders over the same units; None when undefined."""
    import krippendorff

    codes = {label: i for i, label in enumerate(sorted(set(a) | set(b)))}
    if len(codes) < 2:
        return None
    data = np.array([[codes[x] for x in a], [codes[y] for y in b]], dtype=float)
    value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    return None if math.isnan(value) else value


def agreement(journal_a: Journal, journal_b: Journal) -> Agreement:
    """Compare two sessions of one meeting (CopdashError when they are not)."""
    if journal_a.meeting_id != journal_b.meeting_id:
        raise CopdashError(f"Sessions {journal_a.session_id} and {journal_b.session_id} are of "
                           f"different meetings ({journal_a.meeting_id}, {journal_b.meeting_id}): "
                           "agreement compares two observers of one meeting.")
    if journal_a.session_id == journal_b.session_id:
        raise CopdashError(f"Both journals are session {journal_a.session_id}: choose the "
                           "other observer's session.")
    turns_a, _ = turns_of(journal_a)
    turns_b, _ = turns_of(journal_b)
    if not turns_a or not turns_b:
        empty = journal_a if not turns_a else journal_b
        raise CopdashError(f"Session {empty.session_id} has no finished turn: there is nothing "
                           "to compare.")
    seconds = math.ceil(max(t.end_s for t in [*turns_a, *turns_b]))
    labels_a, labels_b = floor_labels(turns_a, seconds), floor_labels(turns_b, seconds)
    observed = sum(x == y for x, y in zip(labels_a, labels_b, strict=True)) / seconds
    return Agreement(journal_a.session_id, journal_b.session_id, journal_a.meeting_id,
                     talk_shares(turns_a, turns_b), seconds, observed,
                     cohen_kappa(labels_a, labels_b), krippendorff_alpha(labels_a, labels_b))


def _fmt(value: float | None) -> str:
    return "undefined (one label throughout)" if value is None else f"{value:.2f}"
