"""Who speaks, for how long and how, at each observed meeting of the sample (voice turns in
plenary and small groups), and the chat messages of those who joined online.

Each meeting's talk is a run of stretches (a plenary, each small group, the closing
plenary). Within a stretch turns follow one another, so nobody's turns overlap; every turn
keeps, until the rows are written, which stretch it belongs to and who could speak in it,
so that the texture (texture.py) can hand a silent attendee's turns to someone else in the
same stretch or lengthen one turn into a monologue."""

from __future__ import annotations

import math
import random

from pipelines.synthetic.sample.model import Attendee, Meeting, Member, Programme, Rows

__all__ = ["LAY_WEIGHT", "build_turns", "progress", "turn_rows", "weight"]

_ACTS = ("statement", "question", "challenge", "idea", "agreement", "other")

# How lay members' weight as speakers grows from a CoP's first meeting (progress 0) to its
# last (1): CoP 1 improves as in the study, CoP 2 a little, CoP 3 not at all.
LAY_WEIGHT = {"cop1": (0.2, 0.8), "cop2": (0.25, 0.35), "cop3": (0.32, -0.08)}


def progress(p: Programme, meeting: Meeting) -> float:
    """0 at the CoP's first meeting, 1 at its last: lay members' confidence grows."""
    days = [m.held_on for m in p.meetings[meeting.cop_id]]
    first, last = min(days), max(days)
    return (meeting.held_on - first).days / max(1, (last - first).days)


def weight(member: Member, progress: float) -> float:
    """How likely a member is to take the next turn, against the others in the room."""
    if member.is_facilitator:
        return 1.4
    if member.member_type == "lay":
        start, growth = LAY_WEIGHT[member.cop_id]
        return start + growth * progress
    return {"clinical": 1.1, "non_clinical": 0.8}[member.member_type]


def _act(rng: random.Random, member: Member, progress: float) -> str:
    if member.member_type == "lay":
        weights = [40, 30 - 12 * progress, 2 + 10 * progress, 8 + 8 * progress, 15, 5]
    else:
        weights = [45, 15, 8, 12, 15, 5]
    return rng.choices(_ACTS, weights=weights)[0]


def _turn_length(rng: random.Random) -> float:
    return round(min(120.0, max(5.0, rng.lognormvariate(math.log(16), 0.75))), 1)


def _timeline(p: Programme, rng: random.Random, meeting: Meeting, speakers: list[Attendee],
              start: float, end: float, activity: str, source: str, progress: float) -> None:
    if not speakers:
        return
    stretch = (meeting.meeting_id, activity, start, speakers[0].member.member_id)
    weights = [weight(a.member, progress) for a in speakers]
    t = start
    while True:
        t += round(rng.uniform(0.5, 14.0), 1)
        length = _turn_length(rng)
        if t + length > end:
            return
        # only people in the room at that moment speak
        able = [(a, w) for a, w in zip(speakers, weights, strict=True)
                if a.joined_min is None
                or (a.joined_min * 60 <= t and t + length <= a.left_min * 60)]
        if not able:
            continue
        speaker = rng.choices([a for a, _ in able], weights=[w for _, w in able])[0]
        diarized = source == "diarization"
        p.turns.append({
            "meeting_id": meeting.meeting_id, "member_id": speaker.member.member_id,
            "channel": "voice", "start_s": f"{t:.1f}", "duration_s": f"{length:.1f}",
            "activity": activity,
            "act": "" if diarized else _act(rng, speaker.member, progress),
            "words": "" if diarized else str(round(length * rng.uniform(2.1, 2.9))),
            "source": source,
            # kept until the rows are written (texture.py): the stretch, its end, who was in it
            "_stretch": stretch, "_end": end, "_pool": speakers,
        })
        t += length


def _chat(p: Programme, rng: random.Random, meeting: Meeting, online: list[Attendee]) -> None:
    for attendee in online:
        rate = 3.0 if attendee.member.member_type == "lay" else 1.0
        count = sum(1 for _ in range(8) if rng.random() < rate / 8)
        low = (attendee.joined_min or 0.0) * 60
        high = min(attendee.left_min * 60 if attendee.left_min is not None
                   else meeting.duration_min * 60, meeting.duration_min * 60)
        for _ in range(count):
            act = rng.choices(["question", "statement", "agreement", "idea"],
                              weights=[4 if attendee.member.member_type == "lay"
                                       else 2, 3, 3, 1])[0]
            p.turns.append({
                "meeting_id": meeting.meeting_id, "member_id": attendee.member.member_id,
                "channel": "chat", "start_s": f"{rng.uniform(low, high):.1f}",
                "duration_s": "0.0", "activity": "plenary", "act": act,
                "words": str(rng.randint(3, 35)), "source": "chat_log",
            })


def build_turns(p: Programme) -> None:
    for meeting in p.all_meetings():
        if not meeting.observed:
            continue
        rng = p.rng_for(meeting)
        present = [a for a in p.attendance[meeting.meeting_id] if a.status == "present"]
        share = progress(p, meeting)
        source = meeting.source_override or {
            "in_person": "observation", "online": "transcript", "hybrid": "logger",
        }[meeting.mode]
        total = meeting.duration_min * 60.0
        if meeting.meeting_type == "cop" and len(present) >= 8:
            # plenary, then small groups side by side, then plenary again
            _timeline(p, rng, meeting, present, 0.0, 0.45 * total, "plenary", source, share)
            order = sorted(present, key=lambda a: a.member.member_id)
            rng.shuffle(order)
            for g in range(3):
                _timeline(p, rng, meeting, order[g::3], 0.45 * total, 0.75 * total,
                          "small_group", source, share)
            _timeline(p, rng, meeting, present, 0.75 * total, 0.97 * total, "plenary", source,
                      share)
        else:
            _timeline(p, rng, meeting, present, 0.0, 0.95 * total, "plenary", source, share)
        online = [a for a in present if a.joined_min is not None]
        if online:
            _chat(p, rng, meeting, online)


def turn_rows(p: Programme) -> Rows:
    by_meeting: dict[str, Rows] = {}
    for turn in p.turns:
        by_meeting.setdefault(turn["meeting_id"], []).append(
            {k: v for k, v in turn.items() if not k.startswith("_")})
    rows = []
    for meeting_id, turns in by_meeting.items():
        turns.sort(key=lambda r: (float(r["start_s"]), r["channel"], r["member_id"]))
        for i, turn in enumerate(turns):
            rows.append({"turn_id": f"{meeting_id}-t{i + 1:04d}", **turn})
    return rows
