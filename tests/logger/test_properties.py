"""Property: any sequence of taps, silences, pauses, undos and edits gives turns that do
not overlap, lie within the session, and sum to the talk time an observer recorded; edits
of start and duration never make turns overlap or leave the session.

The recorded talk time is worked out by a model that replays the actions live, as an
observer sees them: it keeps the list of boundaries still in force (an undo removes its
target from it) and, at the end, adds up the time from each speak to the boundary after it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.logger.journal import journal_to_rows, parse_journal, turns_of
from tests.logger.conftest import session

MEMBERS = ["P01", "P02", "P03", "P04"]

action = st.one_of(
    st.tuples(st.just("speak"), st.sampled_from(MEMBERS)),
    st.tuples(st.just("silence"), st.none()),
    st.tuples(st.just("pause"), st.none()),
    st.tuples(st.just("resume"), st.none()),
    st.tuples(st.just("undo"), st.none()),
    st.tuples(st.just("edit"), st.sampled_from(MEMBERS)),
)
step = st.tuples(action, st.integers(min_value=0, max_value=90_000))  # gap in milliseconds
# Events at distinct times: at equal times the line order decides, as the spec says.
distinct_step = st.tuples(action, st.integers(min_value=1, max_value=90_000))


def _journal(steps):
    """Build the events, and the model's boundaries (id, kind, at) still in force."""
    items = [{"v": 1, "session_id": "S", "event_id": "e0", "at": 0, "kind": "session",
              **session()[2]}]
    boundaries: list[tuple[str, str, float]] = []
    at_ms = 0
    for number, ((kind, member), gap) in enumerate(steps, start=1):
        at_ms += gap
        event = {"v": 1, "session_id": "S", "event_id": f"e{number}", "at": at_ms / 1000,
                 "kind": kind}
        if kind == "speak":
            event["member_id"] = member
        if kind == "undo":
            taps = [b for b in boundaries if b[1] in ("speak", "silence")]
            if not taps:
                continue
            event["target"] = taps[-1][0]
            boundaries.remove(taps[-1])
        if kind == "edit":
            speaks = [b for b in boundaries if b[1] == "speak"]
            if not speaks:
                continue
            event["target"] = speaks[0][0]
            event["member_id"] = member
        if kind in ("speak", "silence", "pause"):
            boundaries.append((event["event_id"], kind, at_ms / 1000))
        items.append(event)
    end_at = (at_ms + 1000) / 1000
    items.append({"v": 1, "session_id": "S", "event_id": "end", "at": end_at, "kind": "end"})
    boundaries.append(("end", "end", end_at))
    talk = sum(nxt[2] - b[2] for b, nxt in zip(boundaries, boundaries[1:], strict=False)
               if b[1] == "speak")
    return items, talk, end_at


@settings(max_examples=200, deadline=None)
@given(st.lists(step, max_size=40))
def test_turns_do_not_overlap_stay_in_the_session_and_sum_to_the_talk_time(steps):
    items, talk, end_at = _journal(steps)
    turns, _ = turns_of(parse_journal(items))
    ordered = sorted(turns, key=lambda t: t.start_s)
    for before, after in zip(ordered, ordered[1:], strict=False):
        assert before.end_s <= after.start_s + 1e-9
    assert all(0 <= t.start_s and t.end_s <= end_at + 1e-9 and t.duration_s > 0 for t in turns)
    assert abs(sum(t.duration_s for t in turns) - talk) < 1e-6


@settings(max_examples=100, deadline=None)
@given(st.lists(distinct_step, max_size=30), st.randoms(use_true_random=False))
def test_the_order_and_repetition_of_lines_do_not_change_the_rows(steps, random):
    items, _, _ = _journal(steps)
    shuffled = items + random.sample(items, k=min(3, len(items)))
    random.shuffle(shuffled)
    expected, _ = journal_to_rows(items)
    got, _ = journal_to_rows(shuffled)
    assert expected.to_dict("records") == got.to_dict("records")


retime = st.tuples(st.integers(min_value=-5_000, max_value=200_000),   # new start, ms
                   st.integers(min_value=-1_000, max_value=60_000))    # new duration, ms


@settings(max_examples=200, deadline=None)
@given(st.lists(step, max_size=30), st.lists(st.tuples(st.integers(0, 40), retime,
                                                       st.sampled_from(["start", "duration",
                                                                        "both"])),
                                             max_size=8))
def test_edited_turns_never_overlap_and_stay_within_the_session(steps, retimes):
    """Whatever starts and durations the edits ask for (before the session, past its end,
    across other turns, of no length), the turns stay apart, inside 0..end, longer than 0."""
    items, _, end_at = _journal(steps)
    speaks = [e["event_id"] for e in items if e["kind"] == "speak"]
    for number, (pick, (start_ms, duration_ms), which) in enumerate(retimes):
        if not speaks:
            break
        edit = {"v": 1, "session_id": "S", "event_id": f"r{number}", "at": end_at,
                "kind": "edit", "target": speaks[pick % len(speaks)]}
        if which in ("start", "both"):
            edit["start_s"] = start_ms / 1000
        if which in ("duration", "both"):
            edit["duration_s"] = duration_ms / 1000
        items.append(edit)
    turns, _ = turns_of(parse_journal(items))
    ordered = sorted(turns, key=lambda t: t.start_s)
    for before, after in zip(ordered, ordered[1:], strict=False):
        assert round(before.end_s, 3) <= after.start_s
    assert all(0 <= t.start_s and round(t.end_s, 3) <= end_at and t.duration_s > 0
               for t in turns)
