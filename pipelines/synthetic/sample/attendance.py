"""Who came to each meeting of the sample, how they joined, and (online) when they were in
the call."""

from __future__ import annotations

import random

from pipelines.synthetic.sample.model import Attendee, Programme, Rows, one_decimal

__all__ = ["attendance_rows", "build_attendance"]

_PRESENT = {"cop1": 0.82, "cop2": 0.78, "cop3": 0.66}  # chance an invited member comes


def _online_window(rng: random.Random, duration: int) -> tuple[float, float, float]:
    joined = 0.0 if rng.random() < 0.6 else round(rng.uniform(0.2, 8.0), 1)
    roll = rng.random()
    if roll < 0.12:
        left = round(rng.uniform(0.5, 0.9) * duration, 1)       # leaves early
    elif roll < 0.25:
        left = round(duration + rng.uniform(0.5, 8.0), 1)       # stays on after
    else:
        left = round(duration - rng.uniform(0.0, 3.0), 1)
    # in whole tenths, a tenth below last leave - first join, so that the rule
    # minutes_attended <= left_min - joined_min holds after decimal rounding too
    span = round((left - joined) * 10)
    if rng.random() < 0.15:                                     # drops out and rejoins
        minutes = span - round(rng.uniform(20, min(150, span / 3)))
    else:
        minutes = span - 1
    return joined, left, minutes / 10


def build_attendance(p: Programme) -> None:
    for meeting in p.all_meetings():
        rng = p.rng_for(meeting)
        rows: list[Attendee] = []
        for member in meeting.invitees:
            if member.is_facilitator or member.member_id == meeting.chair_member_id:
                status = "present"
            elif member.offline_only and meeting.mode == "online":
                status = "apologies" if rng.random() < 0.7 else "absent"
            else:
                roll = rng.random()
                chance = _PRESENT[meeting.cop_id]
                status = ("present" if roll < chance else
                          "apologies" if roll < chance + (1 - chance) * 0.6 else "absent")
            attendee = Attendee(member, status)
            if status == "present":
                via = meeting.mode
                if meeting.mode == "hybrid":
                    share = 0.75 if member.member_type == "lay" else 0.45
                    via = "in_person" if rng.random() < share else "online"
                attendee.via = via if meeting.mode == "hybrid" or rng.random() < 0.5 else ""
                if via == "online":
                    attendee.joined_min, attendee.left_min, attendee.minutes = \
                        _online_window(rng, meeting.duration_min)
            rows.append(attendee)
        p.attendance[meeting.meeting_id] = rows


def attendance_rows(p: Programme) -> Rows:
    return [
        {"meeting_id": meeting_id, "member_id": a.member.member_id, "status": a.status,
         "attended_via": a.via, "joined_min": one_decimal(a.joined_min),
         "left_min": one_decimal(a.left_min), "minutes_attended": one_decimal(a.minutes)}
        for meeting_id, attendees in p.attendance.items() for a in attendees
    ]
