"""What the sample programme is made of while it is built: members, meetings, attendees,
and the one random stream every part draws from (in a fixed order, so a seed always gives
the same files)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from pipelines.synthetic.reference import survey_items

__all__ = ["ONLINE_FROM", "SYNTHETIC", "Attendee", "Meeting", "Member", "Programme", "Rows",
           "add_months", "date_text", "one_decimal", "third_thursday"]

Rows = list[dict[str, str]]

# CoP 1 moved online with the first covid-19 lockdown.
ONLINE_FROM = dt.date(2020, 3, 1)
SYNTHETIC = "SYNTHETIC DATA (made up for the demo; no real people or services)"


@dataclass
class Member:
    member_id: str
    cop_id: str
    member_type: str
    role: str
    is_facilitator: bool = False
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    offline_only: bool = False  # digitally excluded: cannot attend online


@dataclass
class Meeting:
    meeting_id: str
    cop_id: str
    held_on: dt.date
    start_time: str
    duration_min: int
    mode: str
    meeting_type: str
    chair_member_id: str = ""
    venue: str = ""
    invitees: list[Member] = field(default_factory=list)
    observed: bool = True
    source_override: str = ""
    extra: bool = False  # added for texture (texture.py): drawn from the texture stream


@dataclass
class Attendee:
    member: Member
    status: str
    via: str = ""
    joined_min: float | None = None
    left_min: float | None = None
    minutes: float | None = None


class Programme:
    """The state the parts share: one per generation. Each part (people, meetings,
    attendance, talk, surveys, costs, uptake) reads what the earlier ones built."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        # Texture (texture.py) draws from a stream of its own, so that adding or changing
        # it leaves every other draw, and so every other file, as it was.
        self.texture = random.Random(f"{seed}:texture")
        self.members: dict[str, list[Member]] = {}
        self.meetings: dict[str, list[Meeting]] = {}
        self.extra_meetings: list[Meeting] = []
        self.attendance: dict[str, list[Attendee]] = {}
        self.turns: Rows = []
        self.items, self.scale_min, self.scale_max = survey_items()

    def all_meetings(self) -> list[Meeting]:
        """Every meeting, the texture's extra meetings last (their rows then take the
        last numbers, leaving the others' ids as they were)."""
        return [m for meetings in self.meetings.values() for m in meetings] + self.extra_meetings

    def rng_for(self, meeting: Meeting) -> random.Random:
        """The stream a meeting's draws come from: the texture's for its extra meetings."""
        return self.texture if meeting.extra else self.rng


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def one_decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def third_thursday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (3 - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 14)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))
