"""Resolved export records -> canonical `attendance` and `speaking_turns` rows (strings).

The same rules for every format: a person's rows (rejoins, second devices, two names that
map to one member) become one attendance row, with the first join, the last leave and
the minutes actually in the meeting (the union of their intervals, so overlapping devices
are not counted twice); consecutive cues of one speaker closer than `merge_gap_s` become
one turn. Values are strings, as the loader and the contracts expect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from pipelines.importers._records import Cue, PersonRow
from pipelines.importers._text import format_number

__all__ = ["ATTENDANCE_COLUMNS", "TURN_COLUMNS", "Meeting", "attendance_rows", "merge_turns",
           "turn_frame"]

ATTENDANCE_COLUMNS = ["meeting_id", "member_id", "status", "attended_via", "joined_min",
                      "left_min", "minutes_attended"]
TURN_COLUMNS = ["turn_id", "meeting_id", "member_id", "channel", "start_s", "duration_s",
                "activity", "act", "words", "source"]
_TURN_PREFIX = {"transcript": "tr", "diarization": "dz"}


@dataclass(frozen=True)
class Meeting:
    """What the importers need to know about the meeting a file belongs to."""

    meeting_id: str
    cop_id: str
    held_on: dt.date
    start_time: str | None
    duration_min: int
    mode: str

    def start(self) -> dt.datetime | None:
        """held_on + start_time, or None when the meeting has no start time."""
        if not self.start_time:
            return None
        try:
            clock = dt.time.fromisoformat(self.start_time.strip())
        except ValueError:
            return None
        return dt.datetime.combine(self.held_on, clock)


def attendance_rows(
    people: dict[str, list[PersonRow]], meeting: Meeting, start: dt.datetime | None,
) -> tuple[list[dict[str, str]], list[str]]:
    """One `present`/`online` row per member, and warnings about times that were clipped."""
    rows, warnings = [], []
    for member_id in sorted(people):
        row = {"meeting_id": meeting.meeting_id, "member_id": member_id, "status": "present",
               "attended_via": "online", "joined_min": "", "left_min": "",
               "minutes_attended": ""}
        member_rows = people[member_id]
        unreadable = [r for r in member_rows if r.unreadable_time]
        if unreadable:
            # Kept as written so the contract quarantines it: no time is guessed.
            row["joined_min"] = unreadable[0].unreadable_time
            warnings.append(
                f"line {unreadable[0].line} ({unreadable[0].label}): the time "
                f"'{unreadable[0].unreadable_time}' cannot be read without guessing the "
                "day/month order; the row is quarantined as written. Correct the date in the "
                "file and import it again.")
        elif start is not None:
            row.update(_times(member_rows, meeting, start, warnings))
        else:
            total = [r.attended_s for r in member_rows]
            if total and all(t is not None for t in total) and sum(total) > 0:
                row["minutes_attended"] = format_number(sum(total) / 60)
        rows.append(row)
    return rows, warnings


def _times(rows: list[PersonRow], meeting: Meeting, start: dt.datetime,
           warnings: list[str]) -> dict[str, str]:
    timed = [r for r in rows if r.joined is not None and r.left is not None]
    if not timed:
        total = [r.attended_s for r in rows]
        if total and all(t is not None for t in total) and sum(total) > 0:
            return {"minutes_attended": format_number(sum(total) / 60)}
        return {}
    latest = start + dt.timedelta(minutes=meeting.duration_min + 60)
    intervals = []
    for r in timed:
        begin, end = max(r.joined, start), min(r.left, latest)
        if r.left > latest:
            warnings.append(f"line {r.line} ({r.label}): left more than an hour after the "
                            "meeting's planned end; the time after that was not counted.")
        if end > begin:
            intervals.append((begin, end))
    if not intervals:
        return {}
    intervals.sort()
    merged = [list(intervals[0])]
    for begin, end in intervals[1:]:
        if begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    joined = (merged[0][0] - start).total_seconds() / 60
    left = (max(e for _, e in merged) - start).total_seconds() / 60
    minutes = sum((e - b).total_seconds() for b, e in merged) / 60
    reported = [r.attended_s for r in timed]
    if all(s is not None for s in reported):
        # Participants rows only (no activities): the report's own total, capped at the span.
        minutes = min(minutes, sum(reported) / 60)
    joined_text, left_text = format_number(joined), format_number(left)
    minutes = min(round(minutes, 2), float(left_text) - float(joined_text))
    return {"joined_min": joined_text, "left_min": left_text,
            "minutes_attended": format_number(minutes)}


def merge_turns(cues: list[tuple[str, Cue]], merge_gap_s: float) -> list[tuple[str, Cue]]:
    """Consecutive cues of one member with a gap under `merge_gap_s` -> one turn.

    The turn runs from the first cue's start to the last cue's end; words add up.
    """
    ordered = sorted(cues, key=lambda mc: (mc[1].start_s, mc[1].end_s, mc[1].position))
    turns: list[tuple[str, Cue]] = []
    for member_id, cue in ordered:
        if turns and turns[-1][0] == member_id and cue.start_s - turns[-1][1].end_s < merge_gap_s:
            last = turns[-1][1]
            last.end_s = max(last.end_s, cue.end_s)
            if cue.words is not None:
                last.words = (last.words or 0) + cue.words
        else:
            turns.append((member_id, Cue(cue.position, cue.speaker, cue.start_s, cue.end_s,
                                         cue.words)))
    return turns


def turn_frame(turns: list[tuple[str, Cue]], meeting_id: str, source: str) -> pd.DataFrame:
    """Canonical speaking_turns rows with ids `<meeting>-tr-0001` (stable on re-import)."""
    prefix = _TURN_PREFIX[source]
    rows = [{
        "turn_id": f"{meeting_id}-{prefix}-{n:04d}",
        "meeting_id": meeting_id,
        "member_id": member_id,
        "channel": "voice",
        "start_s": format_number(cue.start_s, 3),
        "duration_s": format_number(cue.end_s - cue.start_s, 3),
        "activity": "",
        "act": "",
        "words": "" if cue.words is None else str(cue.words),
        "source": source,
    } for n, (member_id, cue) in enumerate(turns, start=1)]
    return pd.DataFrame(rows, columns=TURN_COLUMNS, dtype=object)
