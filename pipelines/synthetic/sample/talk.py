"""Who speaks, for how long and how, at each observed meeting of the sample (voice turns in
plenary and small groups), and the chat messages of those who joined online."""

from __future__ import annotations

import math

from pipelines.synthetic.sample.model import Attendee, Meeting, Member, Programme, Rows

__all__ = ["build_turns", "turn_rows"]

_ACTS = ("statement", "question", "challenge", "idea", "agreement", "other")


def _progress(p: Programme, meeting: Meeting) -> float:
    """0 at the CoP's first meeting, 1 at its last: lay members' confidence grows."""
    days = [m.held_on for m in p.meetings[meeting.cop_id]]
    first, last = min(days), max(days)
    return (meeting.held_on - first).days / max(1, (last - first).days)


def _weight(member: Member, progress: float) -> float:
    if member.is_facilitator:
        return 1.4
    return {"lay": 0.2 + 0.8 * progress, "clinical": 1.1, "non_clinical": 0.8}[
        member.member_type]


def _act(p: Programme, member: Member, progress: float) -> str:
    if member.member_type == "lay":
        weights = [40, 30 - 12 * progress, 2 + 10 * progress, 8 + 8 * progress, 15, 5]
    else:
        weights = [45, 15, 8, 12, 15, 5]
    return p.rng.choices(_ACTS, weights=weights)[0]


def _turn_length(p: Programme) -> float:
    return round(min(120.0, max(5.0, p.rng.lognormvariate(math.log(16), 0.75))), 1)


def _timeline(p: Programme, meeting: Meeting, speakers: list[Attendee], start: float,
              end: float, activity: str, source: str, progress: float) -> None:
    if not speakers:
        return
    weights = [_weight(a.member, progress) for a in speakers]
    t = start
    while True:
        t += round(p.rng.uniform(0.5, 14.0), 1)
        length = _turn_length(p)
        if t + length > end:
            return
        # only people in the room at that moment speak
        able = [(a, w) for a, w in zip(speakers, weights, strict=True)
                if a.joined_min is None
                or (a.joined_min * 60 <= t and t + length <= a.left_min * 60)]
        if not able:
            continue
        speaker = p.rng.choices([a for a, _ in able], weights=[w for _, w in able])[0]
        diarized = source == "diarization"
        p.turns.append({
            "meeting_id": meeting.meeting_id, "member_id": speaker.member.member_id,
            "channel": "voice", "start_s": f"{t:.1f}", "duration_s": f"{length:.1f}",
            "activity": activity,
            "act": "" if diarized else _act(p, speaker.member, progress),
            "words": "" if diarized else str(round(length * p.rng.uniform(2.1, 2.9))),
            "source": source,
        })
        t += length


def _chat(p: Programme, meeting: Meeting, online: list[Attendee]) -> None:
    for attendee in online:
        rate = 3.0 if attendee.member.member_type == "lay" else 1.0
        count = sum(1 for _ in range(8) if p.rng.random() < rate / 8)
        low = (attendee.joined_min or 0.0) * 60
        high = min(attendee.left_min * 60 if attendee.left_min is not None
                   else meeting.duration_min * 60, meeting.duration_min * 60)
        for _ in range(count):
            act = p.rng.choices(["question", "statement", "agreement", "idea"],
                                weights=[4 if attendee.member.member_type == "lay"
                                         else 2, 3, 3, 1])[0]
            p.turns.append({
                "meeting_id": meeting.meeting_id, "member_id": attendee.member.member_id,
                "channel": "chat", "start_s": f"{p.rng.uniform(low, high):.1f}",
                "duration_s": "0.0", "activity": "plenary", "act": act,
                "words": str(p.rng.randint(3, 35)), "source": "chat_log",
            })


def build_turns(p: Programme) -> None:
    for meeting in p.all_meetings():
        if not meeting.observed:
            continue
        present = [a for a in p.attendance[meeting.meeting_id] if a.status == "present"]
        progress = _progress(p, meeting)
        source = meeting.source_override or {
            "in_person": "observation", "online": "transcript", "hybrid": "logger",
        }[meeting.mode]
        total = meeting.duration_min * 60.0
        if meeting.meeting_type == "cop" and len(present) >= 8:
            # plenary, then small groups side by side, then plenary again
            _timeline(p, meeting, present, 0.0, 0.45 * total, "plenary", source, progress)
            order = sorted(present, key=lambda a: a.member.member_id)
            p.rng.shuffle(order)
            for g in range(3):
                _timeline(p, meeting, order[g::3], 0.45 * total, 0.75 * total,
                          "small_group", source, progress)
            _timeline(p, meeting, present, 0.75 * total, 0.97 * total, "plenary", source,
                      progress)
        else:
            _timeline(p, meeting, present, 0.0, 0.95 * total, "plenary", source, progress)
        online = [a for a in present if a.joined_min is not None]
        if online:
            _chat(p, meeting, online)


def turn_rows(p: Programme) -> Rows:
    by_meeting: dict[str, Rows] = {}
    for turn in p.turns:
        by_meeting.setdefault(turn["meeting_id"], []).append(turn)
    rows = []
    for meeting_id, turns in by_meeting.items():
        turns.sort(key=lambda r: (float(r["start_s"]), r["channel"], r["member_id"]))
        for i, turn in enumerate(turns):
            rows.append({"turn_id": f"{meeting_id}-t{i + 1:04d}", **turn})
    return rows
