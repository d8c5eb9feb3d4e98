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


def _meetings_n(frame: pd.DataFrame, key: str, keys_n: int) -> int:
    """The number of meetings in `frame`, whose rows must come in meeting order with each of
    the `keys_n` keys once per meeting, in key order (the marts zero-fill; the queries order
    them so): `key` holds each row's key as a number 0 .. keys_n - 1. Checked row by row,
    because every per-meeting array below is that column reshaped: a key that is blank, out
    of range, missing or repeated means a mart out of step with this module."""
    codes = frame[key].to_numpy(dtype=float, na_value=np.nan)
    n, rest = divmod(len(codes), keys_n)
    if rest or not np.array_equal(codes, np.tile(np.arange(keys_n, dtype=float), n)):
        raise ValueError(f"{key}: the rows are not {keys_n} keys per meeting in key order")
    return n


def _meeting_matrix(frame: pd.DataFrame, column: str, keys_n: int) -> np.ndarray:
    """`column` as a (keys x meetings) float array, for rows `_meetings_n` has checked.

    (A reshape: building it from the keys' text cost most of the Lay members page's
    turn-taking time at 10M turns.) Contiguous, as the bootstrap's products expect.
    """
    values = frame[column].to_numpy(float).reshape(-1, keys_n)
    return np.ascontiguousarray(values.T)


def turn_transitions(con, sel: Selection) -> pd.DataFrame:
    """All nine ordered pairs of member types: transitions of the floor from one to the
    next, summed over the selected observed meetings with at least one transition, against
    the counts random mixing would give (expected_n, summed), and their ratio (observed /
    expected: above 1, that pair follows each other more often than chance) with a 95%
    cluster-bootstrap interval (NaN, too_few, under 3 meetings). The ratio is NaN where
    nothing was expected (a type that never spoke)."""
    resamples, seed, max_meetings = _settings()
    types = sorted(MEMBER_TYPES)
    frame = query(con, "turn_transitions", {**sel.params(), "member_types": types})
    pairs = [(a, b) for a in types for b in types]  # the query's pair numbers, in order
    n = _meetings_n(frame, "pair", len(pairs))
    observed = _meeting_matrix(frame, "transitions_n", len(pairs))
    expected = _meeting_matrix(frame, "expected_n", len(pairs))
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
    return _response(_response_rows(con, sel))


def turn_response_and_notes(con, sel: Selection) -> tuple[pd.DataFrame, list[str]]:
    """(turn_response, turn_notes) from one read of the selection's per-meeting rows: what
    a page or the report shows together."""
    frame = _response_rows(con, sel)
    return _response(frame), _notes(frame)


def _response_rows(con, sel: Selection) -> pd.DataFrame:
    """The turn_response query's rows: per selected observed meeting, one row per member
    type (sorted), `member_type_i` its place in that order."""
    return query(con, "turn_response", {**sel.params(), "member_types": sorted(MEMBER_TYPES)})


def _response(frame: pd.DataFrame) -> pd.DataFrame:
    """turn_response from the rows of the turn_response query."""
    resamples, seed, max_meetings = _settings()
    types = sorted(MEMBER_TYPES)
    frame = _with_floor(frame)
    n = _meetings_n(frame, "member_type_i", len(types))
    responded = _meeting_matrix(frame, "responded_n", len(types))
    with_next = _meeting_matrix(frame, "turns_with_next_n", len(types))
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
    keys_n = len(MEMBER_TYPES)
    _meetings_n(frame, "member_type_i", keys_n)
    floor = _meeting_matrix(frame, "floor_turns_n", keys_n).sum(axis=0) > 0
    return frame[np.repeat(floor, keys_n)].reset_index(drop=True)


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
    return _notes(_response_rows(con, sel))


def _notes(frame: pd.DataFrame) -> list[str]:
    """turn_notes from the rows of the turn_response query."""
    if frame.empty or frame["floor_turns_n"].sum() == 0:
        return ["No turns of the whole group (plenary) were recorded for the selected "
                "meetings, so there is nothing to say about who responds to whom."]
    keys_n = len(MEMBER_TYPES)
    _meetings_n(frame, "member_type_i", keys_n)
    floor_turns = _meeting_matrix(frame, "floor_turns_n", keys_n)
    per_meeting = pd.DataFrame({  # one row per meeting
        "floor": floor_turns.sum(axis=0), "types": (floor_turns > 0).sum(axis=0),
        "tied": _meeting_matrix(frame, "tied_n", keys_n).sum(axis=0),
        "coded": _meeting_matrix(frame, "coded_n", keys_n).sum(axis=0)})
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
