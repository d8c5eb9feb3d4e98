"""The sample programme: three synthetic Communities of Practice that tell the study's story.

CoP 1 follows the study's musculoskeletal CoP (quarterly meetings Feb 2018 - Nov 2020, in
person until the pandemic and on MS Teams after it, a steering group chaired by lay members,
lay members' share of talk rising as they gain confidence, one lay member lost to digital
exclusion). CoP 2 meets hybrid, CoP 3 is large and online only. Every row is meant to pass
every rule of inputs.md, so that the demo database loads with nothing quarantined and each
dashboard page has something true to show.

Everything is drawn from one `random.Random(seed)` in a fixed order and written sorted, so
the same seed gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from pipelines.synthetic.reference import (
    EVIDENCE_RECOMMENDATIONS,
    GOOD_PRACTICE_RECOMMENDATIONS,
    GOOD_PRACTICE_SOURCE,
    INSTRUMENT_ID,
    TIME_RATES,
    SurveyItem,
    person_names,
    survey_items,
)

__all__ = ["build_sample", "ONLINE_FROM"]

Rows = list[dict[str, str]]

# CoP 1 moved online with the first covid-19 lockdown.
ONLINE_FROM = dt.date(2020, 3, 1)
SYNTHETIC = "SYNTHETIC DATA (made up for the demo; no real people or services)"

_ACTS = ("statement", "question", "challenge", "idea", "agreement", "other")


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


@dataclass
class Attendee:
    member: Member
    status: str
    via: str = ""
    joined_min: float | None = None
    left_min: float | None = None
    minutes: float | None = None


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _f1(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


class _Sample:
    """Builds the rows of every dataset; one instance per generation."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows: dict[str, Rows] = {}
        self.members: dict[str, list[Member]] = {}
        self.meetings: dict[str, list[Meeting]] = {}
        self.attendance: dict[str, list[Attendee]] = {}
        self.turns: Rows = []
        self.items, self.scale_min, self.scale_max = survey_items()

    # ---------------------------------------------------------------- communities
    def communities(self) -> Rows:
        return [
            {"cop_id": "cop1", "name": "Musculoskeletal Moving Forward CoP (synthetic)",
             "started_on": "2018-01-01", "ended_on": "2020-12-31",
             "host_organisation": "Impact Accelerator Unit (synthetic)",
             "topic": f"{SYNTHETIC}: musculoskeletal care; implementing Moving Forward"},
            {"cop_id": "cop2", "name": "Diabetic foot care CoP (synthetic)",
             "started_on": "2019-06-01", "ended_on": "2022-06-30",
             "host_organisation": "North Locality Health Partnership (synthetic)",
             "topic": f"{SYNTHETIC}: diabetic foot care pathways; hybrid meetings"},
            {"cop_id": "cop3", "name": "Community mental health CoP (synthetic)",
             "started_on": "2021-01-01", "ended_on": "2023-12-31",
             "host_organisation": "Regional Mental Health Network (synthetic)",
             "topic": f"{SYNTHETIC}: community mental health transformation; online only"},
        ]

    # ---------------------------------------------------------------- members
    def _cop_members(self, cop_id: str, spec: list[tuple[str, str, bool]]) -> list[Member]:
        return [
            Member(f"{cop_id}-m{i + 1:02d}", cop_id, member_type, role, facilitator)
            for i, (member_type, role, facilitator) in enumerate(spec)
        ]

    def build_members(self) -> None:
        lay, cli, non = "lay", "clinical", "non_clinical"
        cop1 = self._cop_members("cop1", [
            (lay, "patient", False), (lay, "patient", False), (lay, "carer", False),
            (lay, "patient", False), (lay, "patient", False),
            (cli, "physiotherapist", False), (cli, "physiotherapist", False),
            (cli, "advanced physiotherapy practitioner", False), (cli, "GP", False),
            (cli, "service lead", False), (cli, "occupational therapist", False),
            (non, "commissioner", False), (non, "service manager", False),
            (non, "academic", False), (non, "knowledge broker", False),
            (non, "PPIE lead", False), (non, "professional lead", False),
            (non, "university partnerships manager", False),
            (non, "facilitator", True), (non, "facilitator", True),
        ])
        cop1[4].offline_only = True                      # stops once meetings move online
        cop1[6].joined_on = dt.date(2019, 3, 1)          # joins late
        cop1[11].left_on = dt.date(2019, 9, 30)          # commissioner leaves
        cop2 = self._cop_members("cop2", [
            (lay, "patient", False), (lay, "patient", False), (lay, "carer", False),
            (cli, "podiatrist", False), (cli, "podiatrist", False), (cli, "nurse", False),
            (cli, "GP", False), (cli, "diabetologist", False), (cli, "service lead", False),
            (non, "commissioner", False), (non, "service manager", False),
            (non, "academic", False), (non, "administrator", False),
            (non, "knowledge broker", False), (non, "facilitator", True),
        ])
        cop2[12].joined_on = dt.date(2020, 9, 1)
        cop3_spec: list[tuple[str, str, bool]] = []
        cop3_spec += [(lay, self.rng.choice(["service user", "carer", "peer supporter"]), False)
                      for _ in range(10)]
        cop3_spec += [(cli, self.rng.choice(["nurse", "psychologist", "occupational therapist",
                                             "psychiatrist", "GP", "social worker"]), False)
                      for _ in range(14)]
        cop3_spec += [(non, self.rng.choice(["service manager", "commissioner", "academic",
                                             "voluntary sector lead", "administrator",
                                             "knowledge broker"]), False)
                      for _ in range(14)]
        cop3_spec += [(non, "facilitator", True), (non, "facilitator", True)]
        cop3 = self._cop_members("cop3", cop3_spec)
        cop3[12].joined_on = dt.date(2022, 1, 10)
        cop3[30].left_on = dt.date(2022, 6, 30)
        self.members = {"cop1": cop1, "cop2": cop2, "cop3": cop3}

    def member_rows(self) -> Rows:
        genders = ["female", "female", "female", "male", "male", "non_binary",
                   "prefer_not_to_say"]
        ethnicities = ["White British", "White British", "White British", "Asian British",
                       "Black British", "Mixed", "White other", ""]
        rows = []
        for members in self.members.values():
            for m in members:
                lay = m.member_type == "lay"
                age = self.rng.choice(["45-64", "65-74", "75+", "25-44"] if lay
                                      else ["25-44", "45-64"])
                rows.append({
                    "member_id": m.member_id, "cop_id": m.cop_id,
                    "member_type": m.member_type, "role": m.role,
                    "is_facilitator": "true" if m.is_facilitator else "false",
                    "joined_on": _d(m.joined_on), "left_on": _d(m.left_on),
                    "gender": self.rng.choice(genders), "age_band": age,
                    "ethnicity": self.rng.choice(ethnicities),
                    "deprivation_quintile": str(self.rng.randint(1, 5)) if lay else "",
                })
        return rows

    # ---------------------------------------------------------------- meetings
    @staticmethod
    def _current(members: list[Member], on: dt.date) -> list[Member]:
        return [m for m in members
                if (m.joined_on is None or m.joined_on <= on)
                and (m.left_on is None or m.left_on >= on)]

    def _meeting(self, cop_id: str, held_on: dt.date, meeting_type: str, mode: str,
                 duration_min: int, invitees: list[Member], **extra: object) -> Meeting:
        venue = {"online": "MS Teams"}.get(mode, "")
        if mode == "in_person":
            venue = {"cop1": "Community Resource Centre, Stoke (synthetic)",
                     "cop2": "Health Village, North Town (synthetic)"}[cop_id]
            if meeting_type == "planning":
                venue = "Impact Accelerator Unit office (synthetic)"
        if mode == "hybrid":
            venue = "Health Village, North Town (synthetic) and MS Teams"
        short = {"cop": "cop", "planning": "plan", "steering_group": "steer",
                 "preparation": "prep", "other": "other"}[meeting_type]
        meeting = Meeting(
            meeting_id=f"{cop_id}-{held_on:%Y%m%d}-{short}", cop_id=cop_id, held_on=held_on,
            start_time="10:00" if mode != "online" else "14:00", duration_min=duration_min,
            mode=mode, meeting_type=meeting_type, venue=venue,
            invitees=self._current(invitees, held_on),
        )
        for key, value in extra.items():
            setattr(meeting, key, value)
        return meeting

    def build_meetings(self) -> None:
        m1 = self.members["cop1"]
        lay1 = [m for m in m1 if m.member_type == "lay"]
        fac1 = [m for m in m1 if m.is_facilitator]
        planners1 = fac1 + [m1[5], m1[14], m1[0]]
        cop1: list[Meeting] = []
        prep_dates = [dt.date(2018, 1, 24), dt.date(2019, 1, 24), dt.date(2020, 4, 23)]
        for day in prep_dates:
            mode = "online" if day >= ONLINE_FROM else "in_person"
            cop1.append(self._meeting("cop1", day, "preparation", mode, 120, lay1 + fac1,
                                      chair_member_id=fac1[0].member_id))
        for year in (2018, 2019, 2020):
            for month in (2, 5, 8, 11):
                day = _third_thursday(year, month)
                online = day >= ONLINE_FROM
                cop1.append(self._meeting(
                    "cop1", day, "cop", "online" if online else "in_person",
                    120 if online else 180, m1, chair_member_id=fac1[0].member_id))
                plan_day = day - dt.timedelta(days=14)
                cop1.append(self._meeting(
                    "cop1", plan_day, "planning",
                    "online" if plan_day >= ONLINE_FROM else "in_person", 60, planners1,
                    chair_member_id=fac1[1].member_id,
                    observed=(year, month) == (2019, 11)))
        for day in (dt.date(2019, 3, 20), dt.date(2019, 9, 18), dt.date(2020, 3, 4),
                    dt.date(2020, 9, 16)):
            chair = lay1[0] if day.month == 3 else lay1[1]
            cop1.append(self._meeting(
                "cop1", day, "steering_group", "online" if day >= ONLINE_FROM else "in_person",
                90, lay1 + fac1[:1] + [m1[9]], chair_member_id=chair.member_id))

        m2 = self.members["cop2"]
        fac2 = [m for m in m2 if m.is_facilitator]
        cop2: list[Meeting] = []
        day = dt.date(2019, 7, 10)
        while day <= dt.date(2022, 3, 31):
            cop2.append(self._meeting("cop2", day, "cop", "hybrid", 150, m2,
                                      chair_member_id=m2[8].member_id))
            plan = day - dt.timedelta(days=10)
            cop2.append(self._meeting("cop2", plan, "planning", "online", 45,
                                      fac2 + [m2[3], m2[9]], observed=False))
            day = _add_months(day, 4)

        m3 = self.members["cop3"]
        fac3 = [m for m in m3 if m.is_facilitator]
        cop3: list[Meeting] = []
        day = dt.date(2021, 2, 9)
        first = True
        while day <= dt.date(2023, 11, 30):
            cop3.append(self._meeting("cop3", day, "cop", "online", 90, m3,
                                      chair_member_id=fac3[0].member_id,
                                      source_override="diarization" if first else ""))
            first = False
            if day.month in (2, 8):
                steer = day + dt.timedelta(days=21)
                cop3.append(self._meeting(
                    "cop3", steer, "steering_group", "online", 60,
                    [m for m in m3 if m.member_type == "lay"][:5] + fac3[:1],
                    chair_member_id=m3[0].member_id))
            day = _add_months(day, 2)
        self.meetings = {"cop1": cop1, "cop2": cop2, "cop3": cop3}

    def meeting_rows(self) -> Rows:
        return [
            {"meeting_id": m.meeting_id, "cop_id": m.cop_id, "held_on": _d(m.held_on),
             "start_time": m.start_time, "duration_min": str(m.duration_min), "mode": m.mode,
             "meeting_type": m.meeting_type, "chair_member_id": m.chair_member_id,
             "venue": m.venue}
            for meetings in self.meetings.values() for m in meetings
        ]

    # ---------------------------------------------------------------- attendance
    def _online_window(self, duration: int) -> tuple[float, float, float]:
        rng = self.rng
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

    def build_attendance(self) -> None:
        rng = self.rng
        present_p = {"cop1": 0.82, "cop2": 0.78, "cop3": 0.66}
        for meetings in self.meetings.values():
            for meeting in meetings:
                rows: list[Attendee] = []
                for member in meeting.invitees:
                    if member.is_facilitator or member.member_id == meeting.chair_member_id:
                        status = "present"
                    elif member.offline_only and meeting.mode == "online":
                        status = "apologies" if rng.random() < 0.7 else "absent"
                    else:
                        roll = rng.random()
                        p = present_p[meeting.cop_id]
                        status = ("present" if roll < p else
                                  "apologies" if roll < p + (1 - p) * 0.6 else "absent")
                    attendee = Attendee(member, status)
                    if status == "present":
                        via = meeting.mode
                        if meeting.mode == "hybrid":
                            share = 0.75 if member.member_type == "lay" else 0.45
                            via = "in_person" if rng.random() < share else "online"
                        attendee.via = via if meeting.mode == "hybrid" or rng.random() < 0.5 \
                            else ""
                        if via == "online":
                            attendee.joined_min, attendee.left_min, attendee.minutes = \
                                self._online_window(meeting.duration_min)
                    rows.append(attendee)
                self.attendance[meeting.meeting_id] = rows

    def attendance_rows(self) -> Rows:
        return [
            {"meeting_id": meeting_id, "member_id": a.member.member_id, "status": a.status,
             "attended_via": a.via, "joined_min": _f1(a.joined_min),
             "left_min": _f1(a.left_min), "minutes_attended": _f1(a.minutes)}
            for meeting_id, attendees in self.attendance.items() for a in attendees
        ]

    # ---------------------------------------------------------------- speaking turns
    def _progress(self, meeting: Meeting) -> float:
        """0 at the CoP's first meeting, 1 at its last: lay members' confidence grows."""
        days = [m.held_on for m in self.meetings[meeting.cop_id]]
        first, last = min(days), max(days)
        return (meeting.held_on - first).days / max(1, (last - first).days)

    def _weight(self, member: Member, progress: float) -> float:
        if member.is_facilitator:
            return 1.4
        return {"lay": 0.2 + 0.8 * progress, "clinical": 1.1, "non_clinical": 0.8}[
            member.member_type]

    def _act(self, member: Member, progress: float) -> str:
        if member.member_type == "lay":
            weights = [40, 30 - 12 * progress, 2 + 10 * progress, 8 + 8 * progress, 15, 5]
        else:
            weights = [45, 15, 8, 12, 15, 5]
        return self.rng.choices(_ACTS, weights=weights)[0]

    def _turn_length(self) -> float:
        return round(min(120.0, max(5.0, self.rng.lognormvariate(math.log(16), 0.75))), 1)

    def _timeline(self, meeting: Meeting, speakers: list[Attendee], start: float, end: float,
                  activity: str, source: str, progress: float) -> None:
        if not speakers:
            return
        weights = [self._weight(a.member, progress) for a in speakers]
        t = start
        while True:
            t += round(self.rng.uniform(0.5, 14.0), 1)
            length = self._turn_length()
            if t + length > end:
                return
            # only people in the room at that moment speak
            able = [(a, w) for a, w in zip(speakers, weights, strict=True)
                    if a.joined_min is None
                    or (a.joined_min * 60 <= t and t + length <= a.left_min * 60)]
            if not able:
                continue
            speaker = self.rng.choices([a for a, _ in able], weights=[w for _, w in able])[0]
            diarized = source == "diarization"
            self.turns.append({
                "meeting_id": meeting.meeting_id, "member_id": speaker.member.member_id,
                "channel": "voice", "start_s": f"{t:.1f}", "duration_s": f"{length:.1f}",
                "activity": activity,
                "act": "" if diarized else self._act(speaker.member, progress),
                "words": "" if diarized else str(round(length * self.rng.uniform(2.1, 2.9))),
                "source": source,
            })
            t += length

    def _chat(self, meeting: Meeting, online: list[Attendee], progress: float) -> None:
        for attendee in online:
            rate = 3.0 if attendee.member.member_type == "lay" else 1.0
            count = sum(1 for _ in range(8) if self.rng.random() < rate / 8)
            low = (attendee.joined_min or 0.0) * 60
            high = min(attendee.left_min * 60 if attendee.left_min is not None
                       else meeting.duration_min * 60, meeting.duration_min * 60)
            for _ in range(count):
                act = self.rng.choices(["question", "statement", "agreement", "idea"],
                                       weights=[4 if attendee.member.member_type == "lay"
                                                else 2, 3, 3, 1])[0]
                self.turns.append({
                    "meeting_id": meeting.meeting_id, "member_id": attendee.member.member_id,
                    "channel": "chat", "start_s": f"{self.rng.uniform(low, high):.1f}",
                    "duration_s": "0.0", "activity": "plenary", "act": act,
                    "words": str(self.rng.randint(3, 35)), "source": "chat_log",
                })

    def build_turns(self) -> None:
        for meetings in self.meetings.values():
            for meeting in meetings:
                if not meeting.observed:
                    continue
                present = [a for a in self.attendance[meeting.meeting_id]
                           if a.status == "present"]
                progress = self._progress(meeting)
                source = meeting.source_override or {
                    "in_person": "observation", "online": "transcript", "hybrid": "logger",
                }[meeting.mode]
                total = meeting.duration_min * 60.0
                if meeting.meeting_type == "cop" and len(present) >= 8:
                    # plenary, then small groups side by side, then plenary again
                    self._timeline(meeting, present, 0.0, 0.45 * total, "plenary", source,
                                   progress)
                    order = sorted(present, key=lambda a: a.member.member_id)
                    self.rng.shuffle(order)
                    for g in range(3):
                        self._timeline(meeting, order[g::3], 0.45 * total, 0.75 * total,
                                       "small_group", source, progress)
                    self._timeline(meeting, present, 0.75 * total, 0.97 * total, "plenary",
                                   source, progress)
                else:
                    self._timeline(meeting, present, 0.0, 0.95 * total, "plenary", source,
                                   progress)
                online = [a for a in present if a.joined_min is not None]
                if online:
                    self._chat(meeting, online, progress)

    def turn_rows(self) -> Rows:
        by_meeting: dict[str, Rows] = {}
        for turn in self.turns:
            by_meeting.setdefault(turn["meeting_id"], []).append(turn)
        rows = []
        for meeting_id, turns in by_meeting.items():
            turns.sort(key=lambda r: (float(r["start_s"]), r["channel"], r["member_id"]))
            for i, turn in enumerate(turns):
                rows.append({"turn_id": f"{meeting_id}-t{i + 1:04d}", **turn})
        return rows

    # ---------------------------------------------------------------- surveys
    def _latent(self, member_type: str, item: SurveyItem, wave_index: int,
                voice_subscales: set[str]) -> float:
        if member_type == "lay":
            if item.subscale in voice_subscales:
                return 2.3 + 0.85 * wave_index      # equity of voice develops
            return 3.4 + 0.2 * wave_index
        return 3.9 + 0.05 * wave_index

    def survey_rows(self) -> Rows:
        rng = self.rng
        voice = {i.subscale for i in self.items
                 if any(k in i.subscale.lower() for k in ("voice", "equal", "footing",
                                                          "safety", "power"))}
        if not voice:
            voice = {i.subscale for i in self.items}
        waves = {
            "cop1": [("2018-Q2", "cop1-20180517-cop"), ("2019-Q2", "cop1-20190516-cop"),
                     ("2020-Q4", "cop1-20201119-cop")],
            "cop2": [("2020-Q1", "cop2-20191110-cop"), ("2021-Q4", "cop2-20211110-cop")],
            "cop3": [("2021-Q2", "cop3-20210409-cop"), ("2022-Q2", "cop3-20220409-cop"),
                     ("2023-Q2", "cop3-20230409-cop")],
        }
        meetings = {m.meeting_id: m for ms in self.meetings.values() for m in ms}
        span = self.scale_max - self.scale_min
        rows: Rows = []
        for cop_id, cop_waves in waves.items():
            for wave_index, (wave, meeting_id) in enumerate(cop_waves):
                meeting = meetings[meeting_id]
                respondents = [a.member for a in self.attendance[meeting_id]
                               if a.status == "present" and not a.member.is_facilitator]
                rng.shuffle(respondents)  # response numbers must not reveal who answered
                for r, member in enumerate(respondents):
                    if rng.random() < 0.1:
                        continue                    # did not return the questionnaire
                    response_id = f"{cop_id}-{wave}-r{r + 1:02d}"
                    anonymous = rng.random() < 0.2
                    submitted = meeting.held_on + dt.timedelta(days=rng.randint(0, 13))
                    for item in self.items:
                        if rng.random() < 0.04:
                            continue                # item left unanswered
                        latent = self._latent(member.member_type, item, wave_index, voice)
                        value = min(5, max(1, round(rng.gauss(latent, 0.7))))
                        if item.reverse:
                            value = 6 - value
                        scaled = self.scale_min + round((value - 1) * span / 4)
                        rows.append({
                            "response_id": response_id, "item_id": item.item_id,
                            "cop_id": cop_id, "instrument_id": INSTRUMENT_ID, "wave": wave,
                            "submitted_on": _d(submitted),
                            "member_id": "" if anonymous else member.member_id,
                            "member_type": member.member_type, "value": str(scaled),
                        })
        return rows

    # ---------------------------------------------------------------- costs
    def cost_rows(self) -> Rows:
        rng = self.rng
        rows: Rows = []
        counters: dict[str, int] = {}

        def add(cop_id: str, on: dt.date, category: str, amount: float, description: str,
                meeting_id: str = "") -> None:
            counters[cop_id] = counters.get(cop_id, 0) + 1
            rows.append({
                "cost_id": f"{cop_id}-c{counters[cop_id]:03d}", "cop_id": cop_id,
                "meeting_id": meeting_id, "incurred_on": _d(on), "category": category,
                "amount_gbp": f"{amount:.2f}", "description": description,
            })

        for meetings in self.meetings.values():
            for m in meetings:
                present = [a for a in self.attendance[m.meeting_id] if a.status == "present"]
                lay = [a for a in present if a.member.member_type == "lay"]
                in_room = [a for a in present if a.via != "online"] if m.mode != "online" \
                    else []
                rate = 25.0 if m.held_on >= dt.date(2020, 4, 1) else 20.0
                if lay:
                    add(m.cop_id, m.held_on, "lay_payment",
                        len(lay) * rate * math.ceil(m.duration_min / 60),
                        f"Public contributor payments, {len(lay)} lay members",
                        m.meeting_id)
                if m.meeting_type == "planning":
                    continue
                if in_room:
                    add(m.cop_id, m.held_on, "venue",
                        380.0 if m.duration_min > 120 else 220.0,
                        "Room hire (neutral community venue)", m.meeting_id)
                    add(m.cop_id, m.held_on, "catering", len(in_room) * 8.5,
                        f"Refreshments for {len(in_room)} people", m.meeting_id)
                    lay_in_room = [a for a in in_room if a.member.member_type == "lay"]
                    if lay_in_room:
                        add(m.cop_id, m.held_on, "travel",
                            sum(rng.uniform(8, 32) for _ in lay_in_room),
                            "Lay members' travel expenses", m.meeting_id)
                    if rng.random() < 0.5:
                        add(m.cop_id, m.held_on, "materials", rng.uniform(25, 90),
                            "Flip charts, printing and activity materials", m.meeting_id)
                else:
                    online_lay = [a for a in lay if a.via != "in_person"]
                    if online_lay:
                        add(m.cop_id, m.held_on, "digital", 10.0 * len(online_lay),
                            "Mobile data top-ups for lay members joining online",
                            m.meeting_id)
        overheads = {
            "cop1": (dt.date(2018, 1, 1), dt.date(2020, 12, 31)),
            "cop2": (dt.date(2019, 6, 1), dt.date(2022, 6, 30)),
            "cop3": (dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
        }
        for cop_id, (start, end) in overheads.items():
            quarter = start
            while quarter <= end:
                add(cop_id, quarter, "facilitation", 2400.0,
                    "Facilitator time, 0.1 FTE for the quarter")
                add(cop_id, quarter, "administration", 650.0,
                    "Administration and meeting organisation for the quarter")
                quarter = _add_months(quarter, 3)
            add(cop_id, start + dt.timedelta(days=40), "digital", 1500.0,
                "Project web pages and vlog hosting")
            add(cop_id, start + dt.timedelta(days=60), "materials", 120.0,
                "Welcome packs for new members")
            add(cop_id, start + dt.timedelta(days=200), "other", 385.5,
                "Easy-read summary of the evidence, design and printing")
            add(cop_id, end - dt.timedelta(days=30), "evaluation", 4800.0,
                "Independent evaluation of the CoP")
        add("cop1", dt.date(2020, 4, 6), "digital", 240.0,
            "MS Teams set-up support for the move online")
        return rows

    # ---------------------------------------------------------------- reference data
    @staticmethod
    def time_rate_rows() -> Rows:
        return [
            {"member_type": t, "role": r, "valid_from": v, "hourly_rate_gbp": rate,
             "source": s}
            for t, r, v, rate, s in TIME_RATES
        ]

    @staticmethod
    def recommendation_rows() -> Rows:
        rows = [
            {"recommendation_id": rid, "cop_id": "", "source": GOOD_PRACTICE_SOURCE,
             "title": title, "aim": "", "description": description}
            for rid, title, description in GOOD_PRACTICE_RECOMMENDATIONS
        ]
        rows += [
            {"recommendation_id": rid, "cop_id": cop_id, "source": source, "title": title,
             "aim": aim, "description": f"{SYNTHETIC} example of an evidence recommendation."}
            for rid, cop_id, source, title, aim in EVIDENCE_RECOMMENDATIONS
        ]
        return rows

    def status_rows(self) -> Rows:
        by_date = {(m.cop_id, m.held_on): m.meeting_id
                   for ms in self.meetings.values() for m in ms
                   if m.meeting_type in ("cop", "steering_group", "preparation")}
        rows: Rows = []
        for rec, cop_id, site, events in _UPTAKE:
            for day_text, status in events:
                day = dt.date.fromisoformat(day_text)
                meeting_id = by_date.get((cop_id, day), "")
                rows.append({
                    "recommendation_id": rec, "cop_id": cop_id, "site": site,
                    "status_on": day_text, "status": status, "meeting_id": meeting_id,
                    "evidence": f"Minutes of {meeting_id}" if meeting_id
                    else "Service report to the steering group",
                })
        return rows

    def alias_rows(self) -> Rows:
        rows: Rows = []
        everyone = [m for ms in self.members.values() for m in ms]
        for member, name in zip(everyone, person_names(len(everyone)), strict=True):
            domain = "example.org" if member.member_type == "lay" else "example.nhs.uk"
            rows.append({"alias": name, "meeting_id": "", "member_id": member.member_id})
            rows.append({"alias": f"{name.lower().replace(' ', '.')}@{domain}",
                         "meeting_id": "", "member_id": member.member_id})
        diarized = [t for t in self.turns if t["source"] == "diarization"]
        labels: dict[tuple[str, str], str] = {}
        for turn in sorted(diarized, key=lambda t: float(t["start_s"])):
            key = (turn["meeting_id"], turn["member_id"])
            if key not in labels:
                labels[key] = f"SPEAKER_{len(labels):02d}"
        rows += [{"alias": label, "meeting_id": meeting_id, "member_id": member_id}
                 for (meeting_id, member_id), label in labels.items()]
        return rows

    # ---------------------------------------------------------------- all
    def build(self) -> dict[str, Rows]:
        self.build_members()
        self.build_meetings()
        self.build_attendance()
        self.build_turns()
        return {
            "communities": self.communities(),
            "members": self.member_rows(),
            "meetings": self.meeting_rows(),
            "attendance": self.attendance_rows(),
            "speaking_turns": self.turn_rows(),
            "survey_responses": self.survey_rows(),
            "costs": self.cost_rows(),
            "time_rates": self.time_rate_rows(),
            "recommendations": self.recommendation_rows(),
            "recommendation_status": self.status_rows(),
            "member_aliases": self.alias_rows(),
        }


def _third_thursday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (3 - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 14)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


# Uptake events: (recommendation, cop, site, [(date, status)]). Dates that fall on one of the
# CoP's meetings get that meeting's id (where it was decided).
_UPTAKE: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    ("R1", "cop1", "CoP", [("2018-01-24", "proposed"), ("2018-02-15", "agreed"),
                           ("2018-03-01", "in_progress"), ("2018-11-15", "implemented"),
                           ("2019-11-21", "sustained")]),
    ("R2", "cop1", "CoP", [("2018-02-15", "proposed"), ("2018-05-17", "agreed"),
                           ("2018-06-01", "in_progress")]),
    ("R3", "cop1", "CoP", [("2018-01-24", "proposed"), ("2018-02-15", "agreed"),
                           ("2018-05-17", "implemented"), ("2020-05-21", "dropped")]),
    ("R4", "cop1", "CoP", [("2018-08-16", "proposed"), ("2018-11-15", "agreed"),
                           ("2019-01-24", "implemented"), ("2020-04-23", "sustained")]),
    ("R5", "cop1", "CoP", [("2018-11-15", "proposed"), ("2019-02-21", "agreed"),
                           ("2019-03-20", "in_progress"), ("2019-09-18", "implemented"),
                           ("2020-09-16", "sustained")]),
    ("R6", "cop1", "CoP", [("2019-05-16", "proposed"), ("2019-08-15", "agreed"),
                           ("2019-11-21", "in_progress"), ("2020-08-20", "implemented")]),
    ("R7", "cop1", "CoP", [("2018-02-15", "proposed"), ("2019-02-21", "agreed")]),
    ("R8", "cop1", "CoP", [("2019-03-20", "proposed"), ("2019-09-18", "agreed"),
                           ("2020-02-20", "in_progress")]),
    ("R9", "cop1", "CoP", [("2018-05-17", "proposed"), ("2018-08-16", "agreed"),
                           ("2018-11-15", "in_progress"), ("2019-05-16", "implemented")]),
    ("R10", "cop1", "CoP", [("2020-05-21", "proposed"), ("2020-08-20", "agreed"),
                            ("2020-11-19", "implemented")]),
    ("MF1", "cop1", "Community MSK physiotherapy North",
     [("2018-05-17", "proposed"), ("2018-08-16", "agreed"), ("2018-10-01", "in_progress"),
      ("2019-04-01", "implemented"), ("2020-04-01", "sustained")]),
    ("MF1", "cop1", "Community MSK physiotherapy South",
     [("2018-05-17", "proposed"), ("2018-11-15", "agreed"), ("2019-06-03", "in_progress"),
      ("2020-08-20", "implemented")]),
    ("MF2", "cop1", "Community MSK physiotherapy North",
     [("2018-08-16", "proposed"), ("2019-02-21", "agreed"), ("2019-05-01", "in_progress"),
      ("2019-11-21", "implemented")]),
    ("MF2", "cop1", "Community MSK physiotherapy South",
     [("2019-02-21", "proposed"), ("2019-05-16", "agreed"), ("2020-05-21", "dropped")]),
    ("MF3", "cop1", "Oakfield GP practice",
     [("2018-11-15", "proposed"), ("2019-08-15", "implemented")]),
    ("MF3", "cop1", "Riverside GP practice",
     [("2019-05-16", "proposed"), ("2019-08-15", "agreed"), ("2020-02-20", "in_progress")]),
    ("NG1", "cop1", "Oakfield GP practice",
     [("2019-02-21", "proposed"), ("2019-05-16", "agreed"), ("2019-09-02", "in_progress"),
      ("2020-02-20", "implemented"), ("2020-11-19", "sustained")]),
    ("NG1", "cop1", "Riverside GP practice",
     [("2019-02-21", "proposed"), ("2019-08-15", "agreed")]),
    ("NG2", "cop1", "Oakfield GP practice",
     [("2020-08-20", "proposed"), ("2020-11-19", "agreed")]),
    ("R2", "cop2", "CoP", [("2019-07-10", "proposed"), ("2019-11-10", "agreed"),
                           ("2020-03-10", "implemented")]),
    ("R6", "cop2", "CoP", [("2019-11-10", "proposed"), ("2020-07-10", "agreed"),
                           ("2020-11-10", "in_progress")]),
    ("DF1", "cop2", "Hillside GP practice",
     [("2019-07-10", "proposed"), ("2019-11-10", "agreed"), ("2020-03-10", "in_progress"),
      ("2021-03-10", "implemented"), ("2022-03-10", "sustained")]),
    ("DF1", "cop2", "Community podiatry service",
     [("2019-11-10", "proposed"), ("2020-07-10", "agreed"), ("2021-07-10", "implemented")]),
    ("R1", "cop3", "CoP", [("2021-02-09", "proposed"), ("2021-04-09", "agreed"),
                           ("2021-06-09", "implemented"), ("2022-06-09", "sustained")]),
    ("R10", "cop3", "CoP", [("2021-08-09", "proposed"), ("2022-02-09", "agreed"),
                            ("2022-10-09", "in_progress")]),
    ("MH1", "cop3", "Community mental health team East",
     [("2021-06-09", "proposed"), ("2021-10-09", "agreed"), ("2022-04-09", "in_progress"),
      ("2023-02-09", "implemented")]),
    ("MH1", "cop3", "Community mental health team West",
     [("2021-06-09", "proposed"), ("2022-02-09", "agreed"), ("2023-04-09", "in_progress")]),
]


def build_sample(seed: int) -> dict[str, Rows]:
    """Rows (all values as text, blank = "") of every canonical dataset."""
    return _Sample(seed).build()
