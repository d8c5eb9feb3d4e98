"""Turn-taking: who takes the floor after whom, who is responded to, who answers questions.

Per-meeting counts come from the marts (mart_turn_transition_stats,
mart_turn_response_stats, mart_turn_answers, built on mart_turn_floor); pooling over a
Selection and the cluster-bootstrap intervals happen here, as for the equity ratios
(pipelines/metrics/bootstrap.py: meetings resampled, ratios of sums, fixed seed).
Definitions: metrics.md "Turn-taking (v2)"; docs/metrics.md "Who responds to whom".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.metrics import bootstrap as bs
from pipelines.metrics._sql import query
from pipelines.metrics.participation import _settings
from pipelines.metrics.selection import MEMBER_TYPES, Selection

__all__ = ["turn_transitions", "turn_response", "turn_answers", "turn_notes",
           "turn_response_and_notes"]

TRANSITION_COLUMNS = ["from_member_type", "to_member_type", "transitions_n", "expected_n",
                      "ratio", "ci_low", "ci_high", "meetings_n", "too_few"]
RESPONSE_COLUMNS = ["member_type", "turns_with_next_n", "responded_n", "response_share",
                    "ci_low", "ci_high", "meetings_n", "too_few"]


def _meeting_matrix(frame: pd.DataFrame, column: str, keys: list[str],
                    key_values: list[tuple]) -> tuple[np.ndarray, int]:
    """`column` as a (keys x meetings) float array: rows come in meeting order with every
    key for each meeting (the marts zero-fill), so a reshape lines them up."""
    n = frame["meeting_id"].nunique()
    # Each row's place in key_values, found column-wise (a loop over the rows cost half a
    # second of the Lay members page at 1M turns, a pandas merge 150 ms at 10M): each key
    # column's values numbered in key_values' order, then looked up in an array indexed by
    # those numbers. A key outside key_values is a mart out of step with this module.
    levels = [list(dict.fromkeys(value[j] for value in key_values)) for j in range(len(keys))]
    codes = []
    for key, level in zip(keys, levels, strict=True):
        found, distinct = pd.factorize(frame[key])  # -1 for a blank
        numbered = np.array([level.index(v) if v in level else -1 for v in distinct] or [-1],
                            dtype=np.int64)[found]
        if (found < 0).any() or (numbered < 0).any():
            raise ValueError(f"{column}: a row's {key} is not one of {level}")
        codes.append(numbered)
    lookup = np.full([len(level) for level in levels], -1, dtype=np.int64)
    for place, value in enumerate(key_values):
        lookup[tuple(level.index(v) for level, v in zip(levels, value, strict=True))] = place
    position = lookup[tuple(codes)]
    if (position < 0).any():
        raise ValueError(f"{column}: a row's {keys} is not one of {key_values}")
    values = np.zeros((len(key_values), n))
    meeting = np.repeat(np.arange(n), len(key_values)) if n else np.array([], dtype=int)
    values[position, meeting] = frame[column].to_numpy(float)
    return values, n


def turn_transitions(con, sel: Selection) -> pd.DataFrame:
    """All nine ordered pairs of member types: transitions of the floor from one to the
    next, summed over the selected observed meetings with at least one transition, against
    the counts random mixing would give (expected_n, summed), and their ratio (observed /
    expected: above 1, that pair follows each other more often than chance) with a 95%
    cluster-bootstrap interval (NaN, too_few, under 3 meetings). The ratio is NaN where
    nothing was expected (a type that never spoke)."""
    resamples, seed, max_meetings = _settings()
    frame = query(con, "turn_transitions", sel.params())
    pairs = [(a, b) for a in sorted(MEMBER_TYPES) for b in sorted(MEMBER_TYPES)]
    observed, n = _meeting_matrix(frame, "transitions_n",
                                  ["from_member_type", "to_member_type"], pairs)
    expected, _ = _meeting_matrix(frame, "expected_n",
                                  ["from_member_type", "to_member_type"], pairs)
    statistics = [bs.ratio_of_sums(observed[i], expected[i]) for i in range(len(pairs))]
    found = bs.estimates(statistics, n, resamples, seed, max_meetings=max_meetings)
    order = [(a, b) for a in MEMBER_TYPES for b in MEMBER_TYPES]
    rows = []
    for a, b in order:
        i = pairs.index((a, b))
        est = found[i]
        rows.append({"from_member_type": a, "to_member_type": b,
                     "transitions_n": int(observed[i].sum()),
                     "expected_n": float(expected[i].sum()) if n else float("nan"),
                     "ratio": est.value, "ci_low": est.ci_low, "ci_high": est.ci_high,
                     "meetings_n": n, "too_few": est.too_few})
    return pd.DataFrame(rows, columns=TRANSITION_COLUMNS)


def turn_response(con, sel: Selection) -> pd.DataFrame:
    """Per member type: floor turns with a next turn, those responded to (turn k+1 or k+2
    by a member of another type), the pooled response share (a ratio of sums) with a 95%
    cluster-bootstrap interval over the selected observed meetings with a floor turn."""
    return _response(query(con, "turn_response", sel.params()))


def turn_response_and_notes(con, sel: Selection) -> tuple[pd.DataFrame, list[str]]:
    """(turn_response, turn_notes) from one read of the selection's per-meeting rows: what
    a page or the report shows together."""
    frame = query(con, "turn_response", sel.params())
    return _response(frame), _notes(frame)


def _response(frame: pd.DataFrame) -> pd.DataFrame:
    """turn_response from the rows of the turn_response query."""
    resamples, seed, max_meetings = _settings()
    frame = _with_floor(frame)
    types = sorted(MEMBER_TYPES)
    responded, n = _meeting_matrix(frame, "responded_n", ["member_type"], [(t,) for t in types])
    with_next, _ = _meeting_matrix(frame, "turns_with_next_n", ["member_type"],
                                   [(t,) for t in types])
    statistics = [bs.ratio_of_sums(responded[i], with_next[i]) for i in range(len(types))]
    found = bs.estimates(statistics, n, resamples, seed, max_meetings=max_meetings)
    rows = []
    for member_type in MEMBER_TYPES:
        i = types.index(member_type)
        est = found[i]
        rows.append({"member_type": member_type,
                     "turns_with_next_n": int(with_next[i].sum()),
                     "responded_n": int(responded[i].sum()), "response_share": est.value,
                     "ci_low": est.ci_low, "ci_high": est.ci_high, "meetings_n": n,
                     "too_few": est.too_few})
    return pd.DataFrame(rows, columns=RESPONSE_COLUMNS)


def _with_floor(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of meetings with at least one floor turn (order kept)."""
    floor = frame.groupby("meeting_id", sort=False)["floor_turns_n"].transform("sum")
    return frame[floor.to_numpy() > 0].reset_index(drop=True)


def turn_answers(con, sel: Selection) -> pd.DataFrame:
    """Questions and challenges (act codes) per asking member type and the member type of
    the next floor turn (`none`: nobody took the floor after it), with the share of that
    type's questions (challenges) each answering type took. Columns: member_type, act,
    answered_by, turns_n, share."""
    return query(con, "turn_answers", sel.params())


def turn_notes(con, sel: Selection) -> list[str]:
    """Plain notes on what the turn-taking figures can and cannot say for the selection:
    no floor turns at all, meetings with one speaker or one member type (no transition
    between types to count), start times shared by two members (ordered by turn id), and
    turns without act codes (no questions or challenges to count)."""
    return _notes(query(con, "turn_response", sel.params()))


def _notes(frame: pd.DataFrame) -> list[str]:
    """turn_notes from the rows of the turn_response query."""
    if frame.empty or frame["floor_turns_n"].sum() == 0:
        return ["No turns of the whole group (plenary) were recorded for the selected "
                "meetings, so there is nothing to say about who responds to whom."]
    per_meeting = frame.assign(spoke=(frame["floor_turns_n"] > 0).astype(int)).groupby(
        "meeting_id", sort=False).agg(floor=("floor_turns_n", "sum"), types=("spoke", "sum"),
                                      tied=("tied_n", "sum"), coded=("coded_n", "sum"))
    per_meeting = per_meeting[per_meeting["floor"] > 0]
    notes = []
    one_speaker = int((per_meeting["floor"] == 1).sum())
    if one_speaker:
        notes.append(f"{_meetings(one_speaker)} had only one speaker: no one took the floor "
                     "after them, so they add no transitions.")
    one_type = int(((per_meeting["types"] == 1) & (per_meeting["floor"] > 1)).sum())
    if one_type:
        notes.append(f"{_meetings(one_type)} had speakers of one member type only: every "
                     "transition there stays within that type.")
    tied = int((per_meeting["tied"] > 0).sum())
    if tied:
        notes.append(f"{_meetings(tied)} had turns by different members starting at the "
                     "same second: their order was taken from the turn ids, which may not be "
                     "the order they spoke in.")
    uncoded = int((per_meeting["coded"] == 0).sum())
    if uncoded == len(per_meeting):
        notes.append("No turn has an act code (question, challenge, ...), so questions and "
                     "challenges cannot be counted.")
    elif uncoded:
        notes.append(f"{_meetings(uncoded)} had no act codes: their questions and "
                     "challenges are not counted.")
    return notes


def _meetings(n: int) -> str:
    return "1 meeting" if n == 1 else f"{n} meetings"
