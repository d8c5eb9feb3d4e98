"""Resolved export records -> canonical `attendance` and `speaking_turns` rows (strings).

The same rules for every format: a person's rows (rejoins, second devices, two names that
map to one member) become one attendance row, with the first join, the last leave and
the minutes actually in the meeting (the union of their intervals, so overlapping devices
are not counted twice); consecutive cues of one speaker closer than `merge_gap_s` become
one turn whose duration is the speech in it (never the pauses between the cues). Values are
strings, as the loader and the contracts expect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from pipelines.importers._records import Cue, PersonRow
from pipelines.importers._text import format_number

__all__ = ["ATTENDANCE_COLUMNS", "TURN_COLUMNS", "Meeting", "Turn", "TurnBuild", "attendance_rows",
           "build_turns", "turn_frame"]

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

    @property
    def latest_end_s(self) -> float:
        """The latest end of a turn the speaking_turns contract accepts: length + 10 minutes."""
        return self.duration_min * 60 + 600


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


@dataclass
class Turn:
    """One speaking turn of a member, in whole milliseconds (so sums are exact).

    A turn runs from its first segment's start (`start_ms`) to its last segment's end
    (`end_ms`); `speech_ms` is the speech in it, the sum of its segments. The pauses between
    segments merged into one turn are not speech: `duration_s` stores `speech_ms`, so talk
    time (the sum of `duration_s`) is the sum of what was said.
    """

    member_id: str
    start_ms: int
    end_ms: int
    speech_ms: int
    words: int | None
    segments: int = 1


@dataclass
class TurnBuild:
    """The turns of one file, and what was left out of them (for the report's notes)."""

    turns: list[Turn]
    empty_segments: int = 0      # segments with no length (end <= start): no speech
    clipped_ms: int = 0          # speech before the start or after the contract's latest end
    clipped_segments: int = 0    # segments that lost some or all of their speech that way


def build_turns(cues: list[tuple[str, Cue]], merge_gap_s: float, latest_end_s: float) -> TurnBuild:
    """Members' spoken segments -> turns: speech kept whole, silence never counted as talk.

    1. Times are read to the millisecond; speech before 0 or after `latest_end_s` (the
       contract's limit: the meeting's length + 10 minutes) is not counted.
    2. One member's overlapping segments are joined (their union): the same voice cannot
       talk twice at once, and the contract forbids overlapping turns of one member.
    3. Consecutive segments (in time order, whoever speaks) of the same member with a gap
       under `merge_gap_s` become one turn, so a sentence a tool split in two is one turn
       for the turn counts; its duration is the sum of the segments, without the gaps.
    """
    limit_ms = round(latest_end_s * 1000)
    gap_ms = round(merge_gap_s * 1000)
    build = TurnBuild(turns=[])
    by_member: dict[str, list[list]] = {}
    for member_id, cue in sorted(cues, key=lambda mc: (mc[1].start_s, mc[1].end_s, mc[1].position)):
        start, end = round(cue.start_s * 1000), round(cue.end_s * 1000)
        if end <= start:
            build.empty_segments += 1
            continue
        kept_start, kept_end = max(start, 0), min(end, limit_ms)
        if (kept_start, kept_end) != (start, end):
            build.clipped_segments += 1
            build.clipped_ms += (end - start) - max(kept_end - kept_start, 0)
        if kept_end <= kept_start:
            continue
        segments = by_member.setdefault(member_id, [])
        if segments and kept_start < segments[-1][1]:  # overlaps this member's last segment
            last = segments[-1]
            last[1] = max(last[1], kept_end)
            if cue.words is not None:
                last[2] = (last[2] or 0) + cue.words
        else:
            segments.append([kept_start, kept_end, cue.words])
    ordered = sorted(((start, end, member_id, words)
                      for member_id, segments in by_member.items()
                      for start, end, words in segments), key=lambda s: (s[0], s[1], s[2]))
    for start, end, member_id, words in ordered:
        last = build.turns[-1] if build.turns else None
        if last is not None and last.member_id == member_id and start - last.end_ms < gap_ms:
            last.end_ms = end
            last.speech_ms += end - start
            last.segments += 1
            if words is not None:
                last.words = (last.words or 0) + words
        else:
            build.turns.append(Turn(member_id, start, end, end - start, words))
    return build


def turn_frame(turns: list[Turn], meeting_id: str, source: str) -> pd.DataFrame:
    """Canonical speaking_turns rows with ids `<meeting>-tr-0001` (stable on re-import)."""
    prefix = _TURN_PREFIX[source]
    rows = [{
        "turn_id": f"{meeting_id}-{prefix}-{n:04d}",
        "meeting_id": meeting_id,
        "member_id": turn.member_id,
        "channel": "voice",
        "start_s": format_number(turn.start_ms / 1000, 3),
        "duration_s": format_number(turn.speech_ms / 1000, 3),
        "activity": "",
        "act": "",
        "words": "" if turn.words is None else str(turn.words),
        "source": source,
    } for n, turn in enumerate(turns, start=1)]
    return pd.DataFrame(rows, columns=TURN_COLUMNS, dtype=object)
