"""The sample's communities and their members (with the names only the alias table holds)."""

from __future__ import annotations

import datetime as dt

from pipelines.synthetic.reference import person_names
from pipelines.synthetic.sample.model import SYNTHETIC, Member, Programme, Rows, date_text

__all__ = ["alias_rows", "build_members", "community_rows", "member_rows"]


def community_rows() -> Rows:
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


def _cop_members(cop_id: str, spec: list[tuple[str, str, bool]]) -> list[Member]:
    return [
        Member(f"{cop_id}-m{i + 1:02d}", cop_id, member_type, role, facilitator)
        for i, (member_type, role, facilitator) in enumerate(spec)
    ]


def build_members(p: Programme) -> None:
    lay, cli, non = "lay", "clinical", "non_clinical"
    cop1 = _cop_members("cop1", [
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
    cop2 = _cop_members("cop2", [
        (lay, "patient", False), (lay, "patient", False), (lay, "carer", False),
        (cli, "podiatrist", False), (cli, "podiatrist", False), (cli, "nurse", False),
        (cli, "GP", False), (cli, "diabetologist", False), (cli, "service lead", False),
        (non, "commissioner", False), (non, "service manager", False),
        (non, "academic", False), (non, "administrator", False),
        (non, "knowledge broker", False), (non, "facilitator", True),
    ])
    cop2[12].joined_on = dt.date(2020, 9, 1)
    cop3_spec: list[tuple[str, str, bool]] = []
    cop3_spec += [(lay, p.rng.choice(["service user", "carer", "peer supporter"]), False)
                  for _ in range(10)]
    cop3_spec += [(cli, p.rng.choice(["nurse", "psychologist", "occupational therapist",
                                      "psychiatrist", "GP", "social worker"]), False)
                  for _ in range(14)]
    cop3_spec += [(non, p.rng.choice(["service manager", "commissioner", "academic",
                                      "voluntary sector lead", "administrator",
                                      "knowledge broker"]), False)
                  for _ in range(14)]
    cop3_spec += [(non, "facilitator", True), (non, "facilitator", True)]
    cop3 = _cop_members("cop3", cop3_spec)
    cop3[12].joined_on = dt.date(2022, 1, 10)
    cop3[30].left_on = dt.date(2022, 6, 30)
    p.members = {"cop1": cop1, "cop2": cop2, "cop3": cop3}


def member_rows(p: Programme) -> Rows:
    genders = ["female", "female", "female", "male", "male", "non_binary",
               "prefer_not_to_say"]
    ethnicities = ["White British", "White British", "White British", "Asian British",
                   "Black British", "Mixed", "White other", ""]
    rows = []
    for members in p.members.values():
        for m in members:
            lay = m.member_type == "lay"
            age = p.rng.choice(["45-64", "65-74", "75+", "25-44"] if lay
                               else ["25-44", "45-64"])
            rows.append({
                "member_id": m.member_id, "cop_id": m.cop_id,
                "member_type": m.member_type, "role": m.role,
                "is_facilitator": "true" if m.is_facilitator else "false",
                "joined_on": date_text(m.joined_on), "left_on": date_text(m.left_on),
                "gender": p.rng.choice(genders), "age_band": age,
                "ethnicity": p.rng.choice(ethnicities),
                "deprivation_quintile": str(p.rng.randint(1, 5)) if lay else "",
            })
    return rows


def alias_rows(p: Programme) -> Rows:
    """Each member's display name and e-mail, and the SPEAKER_nn labels of the one
    diarized meeting (numbered in order of first speech, as pyannote does)."""
    rows: Rows = []
    everyone = [m for ms in p.members.values() for m in ms]
    for member, name in zip(everyone, person_names(len(everyone)), strict=True):
        domain = "example.org" if member.member_type == "lay" else "example.nhs.uk"
        rows.append({"alias": name, "meeting_id": "", "member_id": member.member_id})
        rows.append({"alias": f"{name.lower().replace(' ', '.')}@{domain}",
                     "meeting_id": "", "member_id": member.member_id})
    diarized = [t for t in p.turns if t["source"] == "diarization"]
    labels: dict[tuple[str, str], str] = {}
    for turn in sorted(diarized, key=lambda t: float(t["start_s"])):
        key = (turn["meeting_id"], turn["member_id"])
        if key not in labels:
            labels[key] = f"SPEAKER_{len(labels):02d}"
    rows += [{"alias": label, "meeting_id": meeting_id, "member_id": member_id}
             for (meeting_id, member_id), label in labels.items()]
    return rows
