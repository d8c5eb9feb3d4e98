"""A big file is validated in parts: the parts together give the whole file's result."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.contracts import _gx, validate, validate_in_parts
from tests.contracts.conftest import as_frame


def _turns() -> list[dict[str, str]]:
    """40 voice turns of M2 at MT1 (present; meeting 120 min), 10 s each, 20 s apart, plus:
    T5 written twice (lines 6 and 42), T40 overlapping T39, and T41 with a bad start."""
    rows = [{"turn_id": f"T{i}", "meeting_id": "MT1", "member_id": "M2", "channel": "voice",
             "start_s": str(200 + 20 * i), "duration_s": "10", "source": "observation"}
            for i in range(1, 41)]
    rows[-1]["start_s"] = str(200 + 20 * 39 + 5)  # T40 starts while T39 still speaks
    rows.append(dict(rows[4]))  # T5 again, as the 41st row (line 42)
    rows.append({**rows[0], "turn_id": "T41", "start_s": "ten"})
    return rows


def _outcome(results) -> tuple[list[str], list[tuple[int, str]]]:
    accepted = pd.concat([r.accepted for r in results])
    quarantined = pd.concat([r.quarantined for r in results])
    return (sorted(accepted["turn_id"]),
            sorted(zip(quarantined["line_number"], quarantined["rule"], strict=True)))


@pytest.mark.parametrize("group_from_rows", [_gx.GROUP_FROM_ROWS, 1])
def test_parts_give_the_same_result_as_the_whole_file(con, monkeypatch, group_from_rows):
    """Split in parts of 5 rows, duplicates and overlaps are still found across the file,
    whether the checks run as one suite or as one suite per set of columns (big frames)."""
    monkeypatch.setattr(_gx, "GROUP_FROM_ROWS", group_from_rows)
    frame = as_frame("speaking_turns", _turns())
    whole = validate("speaking_turns", frame, con, source_file="t.csv", line_numbers=None)
    parts = list(validate_in_parts("speaking_turns", frame, con, source_file="t.csv",
                                   line_numbers=None, part_rows=5))

    assert len(parts) > 1
    assert _outcome([whole]) == _outcome(parts)
    accepted, quarantined = _outcome(parts)
    # 42 rows: T5 twice (lines 6 and 42), T40 (line 41) overlaps T39, T41 (line 43) bad start
    assert 38 == len(accepted)
    assert [6, 41, 42, 43] == [line for line, _ in quarantined]


def test_every_part_keeps_the_line_numbers_of_its_rows(con):
    """A part's quarantined row is reported with its own line in the file."""
    frame = as_frame("speaking_turns", _turns())
    lines = range(10, 10 + len(frame))
    parts = list(validate_in_parts("speaking_turns", frame, con, source_file="t.csv",
                                   line_numbers=lines, part_rows=5))
    bad = pd.concat([p.quarantined for p in parts])
    # T41 is the 42nd row: line 10 + 41 = 51
    assert "line 51: " == bad.loc[bad["line_number"] == 51, "message"].iloc[0][:9]


def test_before_parts_runs_once_after_the_file_wide_checks_and_before_the_first_part(con):
    """The load lowers DuckDB's memory in this call: it comes once, after the duplicate and
    overlap queries over the whole file (staged, so nothing was yielded yet), before part 1."""
    events = []
    frame = as_frame("speaking_turns", _turns())
    parts = validate_in_parts("speaking_turns", frame, con, source_file="t.csv", line_numbers=None,
                              part_rows=5, before_parts=lambda: events.append("before parts"))
    for _part in parts:
        events.append("part")

    # 42 rows in parts of about 5 rows (by key hash): several parts, one call before them all
    assert "before parts" == events[0]
    assert 1 == events.count("before parts")
    assert len(events) > 2
