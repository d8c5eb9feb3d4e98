"""What makes the sample look like real meetings rather than a tidy simulation: meetings of
every type, attendees who never say a word, a few long monologues.

Everything here draws from the programme's texture stream (`Programme.texture`), never from
the main one, so the rest of the sample (members, attendance of the other meetings, surveys,
costs) is exactly what it was without the texture. The CoPs' different stories (CoP 1 lay
members find their voice, CoP 3's do not) are set by `talk.LAY_WEIGHT` and `SILENT` below.
"""

from __future__ import annotations

import datetime as dt

from pipelines.synthetic.sample.meetings import meeting
from pipelines.synthetic.sample.model import Attendee, Programme
from pipelines.synthetic.sample.talk import progress, weight

__all__ = ["SILENT", "add_meetings", "add_monologues", "add_silence"]

# Chance that a present attendee says nothing in a meeting: (lay at the CoP's first
# meeting, lay at its last, anyone else). Facilitators and the chair always speak.
SILENT = {"cop1": (0.5, 0.05, 0.06), "cop2": (0.3, 0.15, 0.08), "cop3": (0.35, 0.35, 0.12)}
MONOLOGUE_CHANCE = 0.2  # a CoP meeting in which one professional talks for 4 to 9 minutes


def add_meetings(p: Programme) -> None:
    """One meeting of each type a CoP lacked: CoP 1's evidence showcase (other), CoP 2's and
    CoP 3's preparation sessions for lay members, CoP 3's webinar (other). Observed."""
    def lay_and_facilitators(cop_id: str) -> list:
        return [m for m in p.members[cop_id] if m.member_type == "lay" or m.is_facilitator]

    def facilitator(cop_id: str) -> str:
        return next(m.member_id for m in p.members[cop_id] if m.is_facilitator)

    extra = [
        meeting("cop1", dt.date(2019, 10, 10), "other", "in_person", 150, p.members["cop1"],
                chair_member_id=facilitator("cop1")),
        meeting("cop2", dt.date(2019, 6, 26), "preparation", "in_person", 90,
                lay_and_facilitators("cop2"), chair_member_id=facilitator("cop2")),
        meeting("cop3", dt.date(2021, 1, 19), "preparation", "online", 90,
                lay_and_facilitators("cop3"), chair_member_id=facilitator("cop3")),
        meeting("cop3", dt.date(2022, 5, 17), "other", "online", 60, p.members["cop3"],
                chair_member_id=facilitator("cop3")),
    ]
    for m in extra:
        m.extra = True
    p.extra_meetings = extra


def _in_call(attendee: Attendee, start: float, end: float) -> bool:
    return attendee.joined_min is None or (
        attendee.joined_min * 60 <= start and end <= attendee.left_min * 60)


def _room_for(turn: dict, speaker: Attendee) -> float:
    """How long the turn could last: to the end of its stretch, or until its speaker left."""
    start = float(turn["start_s"])
    end = turn["_end"] if speaker.left_min is None else min(turn["_end"], speaker.left_min * 60)
    return round(end - start - 0.05, 1)


def add_silence(p: Programme) -> None:
    """Some attendees of each observed meeting never speak: their voice turns go to someone
    else in the same stretch of the meeting who was in the call then (by the usual speaking
    weights). Where nobody else could take a turn, the attendee keeps it and is not silent."""
    rng = p.texture
    for m in p.all_meetings():
        if not m.observed:
            continue
        share = progress(p, m)
        silent = set()
        for a in p.attendance[m.meeting_id]:
            if a.status != "present" or a.member.is_facilitator \
                    or a.member.member_id == m.chair_member_id:
                continue
            first, last, other = SILENT[m.cop_id]
            chance = first + (last - first) * share if a.member.member_type == "lay" else other
            if rng.random() < chance:
                silent.add(a.member.member_id)
        for turn in p.turns:
            if turn["meeting_id"] != m.meeting_id or turn["channel"] != "voice" \
                    or turn["member_id"] not in silent:
                continue
            start = float(turn["start_s"])
            end = start + float(turn["duration_s"])
            others = [a for a in turn["_pool"] if a.member.member_id not in silent
                      and _in_call(a, start, end)]
            if not others:
                silent.discard(turn["member_id"])
                continue
            chosen = rng.choices(others, weights=[weight(a.member, share) for a in others])[0]
            turn["member_id"] = chosen.member.member_id


def add_monologues(p: Programme) -> None:
    """In about one CoP meeting in five, one professional's turn in the opening plenary
    becomes a 4 to 9 minute monologue (a presentation that runs on); the turns after it in
    that stretch move later, and any that no longer fit (the stretch ends, or the speaker
    has left the call) are dropped."""
    rng = p.texture
    attendees = {(mid, a.member.member_id): a for mid, rows in p.attendance.items() for a in rows}
    professionals = {m.member_id for ms in p.members.values() for m in ms
                     if m.member_type != "lay" or m.is_facilitator}
    for m in p.all_meetings():
        if m.meeting_type != "cop" or not m.observed or rng.random() >= MONOLOGUE_CHANCE:
            continue
        opening = [t for t in p.turns if t["meeting_id"] == m.meeting_id
                   and t["channel"] == "voice" and t["_stretch"][1:3] == ("plenary", 0.0)]
        longest = {id(t): _room_for(t, attendees[(m.meeting_id, t["member_id"])])
                   for t in opening}
        candidates = [t for t in opening if t["member_id"] in professionals
                      and longest[id(t)] >= 240.0]
        if not candidates:
            continue
        turn = rng.choice(candidates)
        before = float(turn["duration_s"])
        length = min(round(rng.uniform(240.0, 540.0), 1), longest[id(turn)])
        shift = length - before
        turn["duration_s"] = f"{length:.1f}"
        if turn["words"]:
            turn["words"] = str(round(int(turn["words"]) * length / before))
        start = float(turn["start_s"])
        dropped = []
        for later in opening:
            if float(later["start_s"]) <= start:
                continue
            moved = float(later["start_s"]) + shift
            end = moved + float(later["duration_s"])
            speaker = attendees[(m.meeting_id, later["member_id"])]
            if end > later["_end"] or not _in_call(speaker, moved, end):
                dropped.append(later)
            else:
                later["start_s"] = f"{moved:.1f}"
        gone = {id(t) for t in dropped}
        p.turns = [t for t in p.turns if id(t) not in gone]
