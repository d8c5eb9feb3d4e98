"""The sample's meeting calendar: CoP meetings, planning meetings, preparation sessions and
steering groups for each CoP, with who is invited to each."""

from __future__ import annotations

import datetime as dt

from pipelines.synthetic.sample.model import (
    ONLINE_FROM,
    Meeting,
    Member,
    Programme,
    Rows,
    add_months,
    date_text,
    third_thursday,
)

__all__ = ["build_meetings", "meeting", "meeting_rows"]

_SHORT = {"cop": "cop", "planning": "plan", "steering_group": "steer", "preparation": "prep",
          "other": "other"}


def _current(members: list[Member], on: dt.date) -> list[Member]:
    return [m for m in members
            if (m.joined_on is None or m.joined_on <= on)
            and (m.left_on is None or m.left_on >= on)]


def meeting(cop_id: str, held_on: dt.date, meeting_type: str, mode: str, duration_min: int,
             invitees: list[Member], **extra: object) -> Meeting:
    """A meeting with its id, venue and start time, inviting the members current on the day."""
    venue = {"online": "MS Teams"}.get(mode, "")
    if mode == "in_person":
        venue = {"cop1": "Community Resource Centre, Stoke (synthetic)",
                 "cop2": "Health Village, North Town (synthetic)"}[cop_id]
        if meeting_type == "planning":
            venue = "Impact Accelerator Unit office (synthetic)"
    if mode == "hybrid":
        venue = "Health Village, North Town (synthetic) and MS Teams"
    meeting = Meeting(
        meeting_id=f"{cop_id}-{held_on:%Y%m%d}-{_SHORT[meeting_type]}", cop_id=cop_id,
        held_on=held_on, start_time="10:00" if mode != "online" else "14:00",
        duration_min=duration_min, mode=mode, meeting_type=meeting_type, venue=venue,
        invitees=_current(invitees, held_on),
    )
    for key, value in extra.items():
        setattr(meeting, key, value)
    return meeting


def _cop1(p: Programme) -> list[Meeting]:
    m1 = p.members["cop1"]
    lay1 = [m for m in m1 if m.member_type == "lay"]
    fac1 = [m for m in m1 if m.is_facilitator]
    planners1 = fac1 + [m1[5], m1[14], m1[0]]
    cop1: list[Meeting] = []
    prep_dates = [dt.date(2018, 1, 24), dt.date(2019, 1, 24), dt.date(2020, 4, 23)]
    for day in prep_dates:
        mode = "online" if day >= ONLINE_FROM else "in_person"
        cop1.append(meeting("cop1", day, "preparation", mode, 120, lay1 + fac1,
                             chair_member_id=fac1[0].member_id))
    for year in (2018, 2019, 2020):
        for month in (2, 5, 8, 11):
            day = third_thursday(year, month)
            online = day >= ONLINE_FROM
            cop1.append(meeting(
                "cop1", day, "cop", "online" if online else "in_person",
                120 if online else 180, m1, chair_member_id=fac1[0].member_id))
            plan_day = day - dt.timedelta(days=14)
            cop1.append(meeting(
                "cop1", plan_day, "planning",
                "online" if plan_day >= ONLINE_FROM else "in_person", 60, planners1,
                chair_member_id=fac1[1].member_id,
                observed=(year, month) == (2019, 11)))
    for day in (dt.date(2019, 3, 20), dt.date(2019, 9, 18), dt.date(2020, 3, 4),
                dt.date(2020, 9, 16)):
        chair = lay1[0] if day.month == 3 else lay1[1]
        cop1.append(meeting(
            "cop1", day, "steering_group", "online" if day >= ONLINE_FROM else "in_person",
            90, lay1 + fac1[:1] + [m1[9]], chair_member_id=chair.member_id))
    return cop1


def _cop2(p: Programme) -> list[Meeting]:
    m2 = p.members["cop2"]
    fac2 = [m for m in m2 if m.is_facilitator]
    cop2: list[Meeting] = []
    day = dt.date(2019, 7, 10)
    while day <= dt.date(2022, 3, 31):
        cop2.append(meeting("cop2", day, "cop", "hybrid", 150, m2,
                             chair_member_id=m2[8].member_id))
        plan = day - dt.timedelta(days=10)
        cop2.append(meeting("cop2", plan, "planning", "online", 45,
                             fac2 + [m2[3], m2[9]], observed=False))
        day = add_months(day, 4)
    return cop2


def _cop3(p: Programme) -> list[Meeting]:
    m3 = p.members["cop3"]
    fac3 = [m for m in m3 if m.is_facilitator]
    cop3: list[Meeting] = []
    day = dt.date(2021, 2, 9)
    first = True
    while day <= dt.date(2023, 11, 30):
        cop3.append(meeting("cop3", day, "cop", "online", 90, m3,
                             chair_member_id=fac3[0].member_id,
                             source_override="diarization" if first else ""))
        first = False
        if day.month in (2, 8):
            steer = day + dt.timedelta(days=21)
            cop3.append(meeting(
                "cop3", steer, "steering_group", "online", 60,
                [m for m in m3 if m.member_type == "lay"][:5] + fac3[:1],
                chair_member_id=m3[0].member_id))
        day = add_months(day, 2)
    return cop3


def build_meetings(p: Programme) -> None:
    p.meetings = {"cop1": _cop1(p), "cop2": _cop2(p), "cop3": _cop3(p)}


def meeting_rows(p: Programme) -> Rows:
    return [
        {"meeting_id": m.meeting_id, "cop_id": m.cop_id, "held_on": date_text(m.held_on),
         "start_time": m.start_time, "duration_min": str(m.duration_min), "mode": m.mode,
         "meeting_type": m.meeting_type, "chair_member_id": m.chair_member_id,
         "venue": m.venue}
        for m in p.all_meetings()
    ]
