"""Fixed reference content shared by the sample programme and the scale generator.

The synthetic data borrows its reference figures from public sources so that the numbers a
user sees in the demo look like the ones they will load: Agenda for Change band costs per
working hour (Unit Costs of Health and Social Care), a public contributor payment rate, the
study's ten good-practice recommendations (DOMAIN.md) and a few evidence recommendations in
the style of the Moving Forward themed review and NICE osteoarthritis guidance. The survey
items are read from `data_contracts/instruments/cop_experience.yaml`, so generated responses
always name real items (regenerate sample_data/ when the instrument changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.settings import PROJECT_ROOT

__all__ = [
    "COLUMNS",
    "COST_CATEGORIES",
    "EVIDENCE_RECOMMENDATIONS",
    "GOOD_PRACTICE_RECOMMENDATIONS",
    "INSTRUMENT_ID",
    "TIME_RATES",
    "SurveyItem",
    "person_names",
    "survey_items",
]

# Column order of every generated file: the canonical columns of inputs.md.
COLUMNS: dict[str, list[str]] = {
    "communities": ["cop_id", "name", "started_on", "ended_on", "host_organisation", "topic"],
    "members": ["member_id", "cop_id", "member_type", "role", "is_facilitator", "joined_on",
                "left_on", "gender", "age_band", "ethnicity", "deprivation_quintile"],
    "meetings": ["meeting_id", "cop_id", "held_on", "start_time", "duration_min", "mode",
                 "meeting_type", "chair_member_id", "venue"],
    "attendance": ["meeting_id", "member_id", "status", "attended_via", "joined_min",
                   "left_min", "minutes_attended"],
    "speaking_turns": ["turn_id", "meeting_id", "member_id", "channel", "start_s",
                       "duration_s", "activity", "act", "words", "source"],
    "survey_responses": ["response_id", "item_id", "cop_id", "instrument_id", "wave",
                         "submitted_on", "member_id", "member_type", "value"],
    "costs": ["cost_id", "cop_id", "meeting_id", "incurred_on", "category", "amount_gbp",
              "description"],
    "time_rates": ["member_type", "role", "valid_from", "hourly_rate_gbp", "source"],
    "recommendations": ["recommendation_id", "cop_id", "source", "title", "aim",
                        "description"],
    "recommendation_status": ["recommendation_id", "cop_id", "site", "status_on", "status",
                              "meeting_id", "evidence"],
    "member_aliases": ["alias", "meeting_id", "member_id"],
}

COST_CATEGORIES = ("venue", "catering", "facilitation", "administration", "lay_payment",
                   "travel", "digital", "materials", "evaluation", "other")

_UNIT_COSTS = "Unit Costs of Health and Social Care 2022 (PSSRU), per working hour"
_SYNTHETIC = "SYNTHETIC sample figure; check the current edition before citing"

# (member_type, role, valid_from, hourly_rate_gbp, source). Blank role = default of the type.
TIME_RATES: list[tuple[str, str, str, str, str]] = [
    ("clinical", "", "2018-01-01", "68.00", f"Agenda for Change band 7; {_UNIT_COSTS}"),
    ("clinical", "physiotherapist", "2018-01-01", "68.00",
     f"Agenda for Change band 7; {_UNIT_COSTS}"),
    ("clinical", "advanced physiotherapy practitioner", "2018-01-01", "77.00",
     f"Agenda for Change band 8a; {_UNIT_COSTS}"),
    ("clinical", "occupational therapist", "2018-01-01", "57.00",
     f"Agenda for Change band 6; {_UNIT_COSTS}"),
    ("clinical", "nurse", "2018-01-01", "57.00", f"Agenda for Change band 6; {_UNIT_COSTS}"),
    ("clinical", "service lead", "2018-01-01", "77.00",
     f"Agenda for Change band 8a; {_UNIT_COSTS}"),
    ("clinical", "GP", "2018-01-01", "150.00", f"GP per hour; {_SYNTHETIC}"),
    ("clinical", "GP", "2020-04-01", "160.00", f"GP per hour; {_SYNTHETIC}"),
    ("non_clinical", "", "2018-01-01", "68.00", f"Agenda for Change band 7; {_UNIT_COSTS}"),
    ("non_clinical", "commissioner", "2018-01-01", "77.00",
     f"Agenda for Change band 8a; {_UNIT_COSTS}"),
    ("non_clinical", "service manager", "2018-01-01", "77.00",
     f"Agenda for Change band 8a; {_UNIT_COSTS}"),
    ("non_clinical", "administrator", "2018-01-01", "57.00",
     f"Agenda for Change band 6; {_UNIT_COSTS}"),
    ("lay", "", "2018-01-01", "20.00", f"public contributor payment; {_SYNTHETIC}"),
    ("lay", "", "2020-04-01", "25.00",
     "public contributor payment, GBP 25 per hour (NIHR payment guidance for public "
     "contributors)"),
]

GOOD_PRACTICE_SOURCE = "CoP good practice"

# The study's recommendations R1-R10 (DOMAIN.md): (id, title, description).
GOOD_PRACTICE_RECOMMENDATIONS: list[tuple[str, str, str]] = [
    ("R1", "Set up a support infrastructure",
     "Administration, funding, organisation, digital expertise, project management and "
     "regular communication."),
    ("R2", "Recruit a broad, diverse membership",
     "Include lay members alongside clinicians, managers, commissioners and academics."),
    ("R3", "Choose a neutral, comfortable venue",
     "A venue no member group owns; provide refreshments."),
    ("R4", "Offer preparation before the CoP starts",
     "Research and implementation language, each member's possible role, the group's "
     "possible aims."),
    ("R5", "Offer lay members formal roles",
     "For example chairing the steering group."),
    ("R6", "Plan agendas and structure with care",
     "Including who sits with whom in small groups and activities that give ownership."),
    ("R7", "Agree aims at the outset where possible",
     "Otherwise say openly that aims will evolve."),
    ("R8", "Recognise every member's skills",
     "Support lay members to see where their knowledge applies."),
    ("R9", "Build relationships and trust",
     "Use social and creative activities."),
    ("R10", "Facilitate collaboratively",
     "Let the direction change with the context."),
]

# Evidence recommendations: (id, cop_id, source, title, aim).
EVIDENCE_RECOMMENDATIONS: list[tuple[str, str, str, str, str]] = [
    ("MF1", "cop1", "Moving Forward",
     "Exercise as the core treatment for hip and knee osteoarthritis",
     "Every person with osteoarthritis is offered a tailored exercise programme."),
    ("MF2", "cop1", "Moving Forward",
     "Group education and exercise classes for chronic joint pain",
     "Offer an ESCAPE-pain style class in every locality."),
    ("MF3", "cop1", "Moving Forward",
     "First contact physiotherapy in general practice",
     "Patients with musculoskeletal problems can see a physiotherapist first."),
    ("NG1", "cop1", "NICE osteoarthritis guideline (style)",
     "Diagnose osteoarthritis clinically without routine imaging",
     "Fewer X-rays for people over 45 with typical symptoms."),
    ("NG2", "cop1", "NICE osteoarthritis guideline (style)",
     "Weight management support alongside exercise",
     "People with osteoarthritis who are overweight are offered support to lose weight."),
    ("DF1", "cop2", "NICE diabetic foot guideline (style)",
     "Annual foot risk assessment for every person with diabetes",
     "Every practice records a yearly foot check."),
    ("MH1", "cop3", "Community mental health framework (style)",
     "Named care co-ordinator for every person in community mental health care",
     "Nobody waits without a named contact."),
]

INSTRUMENT_ID = "cop_experience"
_INSTRUMENT_FILE = PROJECT_ROOT / "data_contracts" / "instruments" / f"{INSTRUMENT_ID}.yaml"


@dataclass(frozen=True)
class SurveyItem:
    item_id: str
    subscale: str
    reverse: bool


def survey_items(path: Path | None = None) -> tuple[list[SurveyItem], int, int]:
    """Items, scale min and scale max of the `cop_experience` instrument."""
    path = path or _INSTRUMENT_FILE
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    scale = spec.get("scale") or {}
    items = [
        SurveyItem(str(item["id"]), str(item.get("subscale") or ""), bool(item.get("reverse")))
        for item in spec["items"]
    ]
    return items, int(scale.get("min", 1)), int(scale.get("max", 5))


_FIRST = ["Alex", "Sam", "Jo", "Chris", "Pat", "Jamie", "Robin", "Lee", "Morgan", "Kim",
          "Ashley", "Taylor", "Jordan", "Casey", "Riley", "Avery", "Quinn", "Rowan", "Sasha",
          "Toni", "Frankie", "Charlie", "Dana", "Ellis", "Harper", "Jess", "Kit", "Lou",
          "Mel", "Nic", "Ollie", "Reese", "Shay", "Terry", "Val", "Wren"]
_LAST = ["Abbott", "Bennett", "Carter", "Dawson", "Ellison", "Fletcher", "Gibbs", "Hughes",
         "Ingram", "Jennings", "Kaur", "Lawson", "Mahmood", "Nolan", "Okafor", "Patel",
         "Quayle", "Rahman", "Shaw", "Turner", "Underwood", "Vaughan", "Walsh", "Yates"]


def person_names(count: int, offset: int = 0) -> list[str]:
    """`count` distinct made-up display names, the same for the same offset."""
    names = []
    for i in range(offset, offset + count):
        first = _FIRST[i % len(_FIRST)]
        last = _LAST[(i // len(_FIRST) + i * 7) % len(_LAST)]
        names.append(f"{first} {last}")
    return names
