"""One test per contract rule: the row that breaks it is quarantined, its neighbours are not.

Each case changes a few columns of the dataset's `TEMPLATE` row (conftest.py) so that it
breaks exactly one rule, puts it after the dataset's `GOOD` rows, and checks that only
that row is quarantined, with exactly that rule and a message that says what is wrong.
Rules that need several rows (duplicate keys, disagreeing responses) have their own tests
in this file too; `test_every_rule_has_a_test` keeps the list complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from pipelines.contracts import load_contracts
from pipelines.datasets import LOAD_ORDER
from pipelines.settings import PROJECT_ROOT


@dataclass(frozen=True)
class Case:
    rule: str
    changes: dict[str, str]
    says: str  # a fragment of the message
    name: str = ""
    also: tuple[str, ...] = field(default=())  # rules the same change inevitably breaks

    @property
    def dataset(self) -> str:
        return self.rule.split(".")[0]

    @property
    def id(self) -> str:
        return self.rule + (f"[{self.name}]" if self.name else "")


ID_HELP = "use 1 to 64 letters, digits"

CASES = [
    # communities
    Case("communities.cop_id.required", {"cop_id": ""}, "cop_id is blank but is required"),
    Case("communities.cop_id.pattern", {"cop_id": "C 5"}, f"cop_id 'C 5' is not valid: {ID_HELP}"),
    Case("communities.name.required", {"name": "  "}, "name is blank but is required"),
    Case("communities.name.length", {"name": "x" * 201}, "name is 201 characters long but must be 1 to 200 characters"),
    Case("communities.started_on.required", {"started_on": ""}, "started_on is blank", also=()),
    Case("communities.started_on.type", {"started_on": "2021-02-29"}, "started_on '2021-02-29' is not a real date written YYYY-MM-DD"),
    Case("communities.ended_on.type", {"ended_on": "31/12/2023"}, "ended_on '31/12/2023' is not a real date"),
    Case("communities.ended_on.after_start", {"ended_on": "2021-05-31"}, "ended_on 2021-05-31 is before started_on 2021-06-01"),
    # members
    Case("members.member_id.required", {"member_id": ""}, "member_id is blank but is required"),
    Case("members.member_id.pattern", {"member_id": "-M12"}, "member_id '-M12' is not valid"),
    Case("members.cop_id.required", {"cop_id": ""}, "cop_id is blank but is required"),
    Case("members.cop_id.pattern", {"cop_id": "C1!"}, "cop_id 'C1!' is not valid"),
    Case("members.cop_id.foreign_key", {"cop_id": "C77"}, "cop_id 'C77' is not a known CoP: add it to communities first"),
    Case("members.member_type.required", {"member_type": ""}, "member_type is blank but is required: use one of lay, clinical, non_clinical"),
    Case("members.member_type.enum", {"member_type": "patient"}, "member_type 'patient' is not one of lay, clinical, non_clinical; 'patient' looks like a role: put it in the role column"),
    Case("members.member_type.enum", {"member_type": "Non-Clinical"}, "write it exactly as 'non_clinical'", name="spelling"),
    Case("members.is_facilitator.type", {"is_facilitator": "maybe"}, "is_facilitator 'maybe' is not a yes/no value"),
    Case("members.joined_on.type", {"joined_on": "2018-13-01"}, "joined_on '2018-13-01' is not a real date"),
    Case("members.left_on.type", {"left_on": "2019-5-1"}, "left_on '2019-5-1' is not a real date"),
    Case("members.left_on.after_joined", {"left_on": "2018-04-30"}, "left_on 2018-04-30 is before joined_on 2018-05-01"),
    Case("members.gender.enum", {"gender": "f"}, "gender 'f' is not one of female, male, non_binary, other, prefer_not_to_say"),
    Case("members.deprivation_quintile.type", {"deprivation_quintile": "2.5"}, "deprivation_quintile '2.5' is not a whole number"),
    Case("members.deprivation_quintile.range", {"deprivation_quintile": "6"}, "deprivation_quintile is 6 but must be between 1 and 5"),
    # meetings
    Case("meetings.meeting_id.required", {"meeting_id": ""}, "meeting_id is blank"),
    Case("meetings.meeting_id.pattern", {"meeting_id": "MT 12"}, "meeting_id 'MT 12' is not valid"),
    Case("meetings.cop_id.required", {"cop_id": ""}, "cop_id is blank"),
    Case("meetings.cop_id.pattern", {"cop_id": "C/1"}, "cop_id 'C/1' is not valid"),
    Case("meetings.cop_id.foreign_key", {"cop_id": "C8"}, "cop_id 'C8' is not a known CoP"),
    Case("meetings.held_on.required", {"held_on": ""}, "held_on is blank"),
    Case("meetings.held_on.type", {"held_on": "10/02/2019"}, "held_on '10/02/2019' is not a real date"),
    Case("meetings.held_on.within_cop", {"held_on": "2018-01-31"}, "held_on 2018-01-31 is before CoP C1 started (2018-02-01)"),
    Case("meetings.held_on.within_cop", {"held_on": "2020-12-01"}, "held_on 2020-12-01 is after CoP C1 ended (2020-11-30)", name="after end"),
    Case("meetings.start_time.type", {"start_time": "25:00"}, "start_time '25:00' is not a time written HH:MM"),
    Case("meetings.duration_min.required", {"duration_min": ""}, "duration_min is blank"),
    Case("meetings.duration_min.type", {"duration_min": "90 min"}, "duration_min '90 min' is not a whole number"),
    Case("meetings.duration_min.range", {"duration_min": "0"}, "duration_min is 0 but must be between 1 and 720"),
    Case("meetings.duration_min.range", {"duration_min": "721"}, "duration_min is 721 but must be between 1 and 720", name="above"),
    Case("meetings.mode.required", {"mode": ""}, "mode is blank but is required: use one of in_person, online, hybrid"),
    Case("meetings.mode.enum", {"mode": "zoom"}, "mode 'zoom' is not one of in_person, online, hybrid"),
    Case("meetings.meeting_type.required", {"meeting_type": ""}, "meeting_type is blank"),
    Case("meetings.meeting_type.enum", {"meeting_type": "workshop"}, "meeting_type 'workshop' is not one of cop, planning"),
    Case("meetings.chair_member_id.pattern", {"chair_member_id": "M 1"}, "chair_member_id 'M 1' is not valid"),
    Case("meetings.chair_member_id.foreign_key", {"chair_member_id": "M77"}, "chair_member_id 'M77' is not a known member"),
    Case("meetings.chair_member_id.same_cop", {"chair_member_id": "M9"}, "chair M9 is a member of CoP C2, not of CoP C1"),
    # attendance
    Case("attendance.meeting_id.required", {"meeting_id": ""}, "meeting_id is blank"),
    Case("attendance.meeting_id.pattern", {"meeting_id": "MT#3"}, "meeting_id 'MT#3' is not valid"),
    Case("attendance.meeting_id.foreign_key", {"meeting_id": "MT77"}, "meeting_id 'MT77' is not a known meeting: add it to meetings first"),
    Case("attendance.member_id.required", {"member_id": ""}, "member_id is blank"),
    Case("attendance.member_id.pattern", {"member_id": "M 1"}, "member_id 'M 1' is not valid"),
    Case("attendance.member_id.foreign_key", {"member_id": "M77"}, "member_id 'M77' is not a known member"),
    Case("attendance.member_id.same_cop", {"member_id": "M9"}, "member M9 belongs to CoP C2 but meeting MT3 is a meeting of CoP C1"),
    Case("attendance.status.required", {"status": ""}, "status is blank but is required: use one of present, absent, apologies"),
    Case("attendance.status.enum", {"status": "late"}, "status 'late' is not one of present, absent, apologies"),
    Case("attendance.attended_via.enum", {"attended_via": "zoom"}, "attended_via 'zoom' is not one of in_person, online"),
    Case("attendance.attended_via.required_when_hybrid", {"attended_via": ""}, "attended_via is blank but meeting MT3 was hybrid: say whether M1 took part in_person or online"),
    Case("attendance.attended_via.matches_mode", {"meeting_id": "MT2", "attended_via": "in_person", "left_min": "90", "minutes_attended": "80"}, "attended_via 'in_person' does not match meeting MT2, which was online"),
    Case("attendance.joined_min.type", {"joined_min": "ten"}, "joined_min 'ten' is not a number"),
    Case("attendance.joined_min.range", {"joined_min": "-1"}, "joined_min is -1 but must be at least 0"),
    Case("attendance.left_min.type", {"left_min": "1,5"}, "left_min '1,5' is not a number"),
    Case("attendance.left_min.after_joined", {"joined_min": "30", "left_min": "30", "minutes_attended": ""}, "left_min 30 is not after joined_min 30"),
    Case("attendance.left_min.within_meeting", {"left_min": "181", "minutes_attended": ""}, "left_min 181 is more than an hour after meeting MT3 was planned to end (120 minutes): at most 180"),
    Case("attendance.minutes_attended.type", {"minutes_attended": "2h"}, "minutes_attended '2h' is not a number"),
    Case("attendance.minutes_attended.range", {"minutes_attended": "0"}, "minutes_attended is 0 but must be more than 0"),
    Case("attendance.minutes_attended.within_span", {"joined_min": "10.1", "left_min": "60.3", "minutes_attended": "50.3"}, "minutes_attended 50.3 is more than the 50.2 minutes between joined_min 10.1 and left_min 60.3"),
    # speaking_turns
    Case("speaking_turns.turn_id.required", {"turn_id": ""}, "turn_id is blank"),
    Case("speaking_turns.turn_id.pattern", {"turn_id": "T 13"}, "turn_id 'T 13' is not valid"),
    Case("speaking_turns.meeting_id.required", {"meeting_id": ""}, "meeting_id is blank"),
    Case("speaking_turns.meeting_id.pattern", {"meeting_id": "MT 1"}, "meeting_id 'MT 1' is not valid"),
    Case("speaking_turns.meeting_id.foreign_key", {"meeting_id": "MT77"}, "meeting_id 'MT77' is not a known meeting"),
    Case("speaking_turns.member_id.required", {"member_id": ""}, "member_id is blank"),
    Case("speaking_turns.member_id.pattern", {"member_id": "M2?"}, "member_id 'M2?' is not valid"),
    Case("speaking_turns.member_id.foreign_key", {"member_id": "M77"}, "member_id 'M77' is not a known member"),
    Case("speaking_turns.member_id.same_cop", {"member_id": "M9"}, "member M9 belongs to CoP C2 but meeting MT1 is a meeting of CoP C1", also=("speaking_turns.speaker_present",)),
    Case("speaking_turns.speaker_present", {"member_id": "M3"}, "member M3 speaks in meeting MT1 but is not recorded as present there (attendance: absent)"),
    Case("speaking_turns.speaker_present", {"meeting_id": "MT2", "start_s": "10"}, "member M2 speaks in meeting MT2 but is not recorded as present there (attendance: no row)", name="no attendance row"),
    Case("speaking_turns.channel.required", {"channel": ""}, "channel is blank but is required: use one of voice, chat"),
    Case("speaking_turns.channel.enum", {"channel": "video"}, "channel 'video' is not one of voice, chat"),
    Case("speaking_turns.start_s.required", {"start_s": ""}, "start_s is blank"),
    Case("speaking_turns.start_s.type", {"start_s": "00:03:20"}, "start_s '00:03:20' is not a number"),
    Case("speaking_turns.start_s.type", {"start_s": "١٢"}, "start_s '١٢' is not a number", name="in Arabic-Indic digits"),
    Case("speaking_turns.start_s.range", {"start_s": "-5"}, "start_s is -5 but must be at least 0"),
    Case("speaking_turns.duration_s.required", {"duration_s": ""}, "duration_s is blank"),
    Case("speaking_turns.duration_s.type", {"duration_s": "10s"}, "duration_s '10s' is not a number"),
    Case("speaking_turns.duration_s.voice_positive", {"duration_s": "0"}, "duration_s is 0 but a voice turn must last more than 0 seconds"),
    Case("speaking_turns.duration_s.chat_zero", {"channel": "chat", "duration_s": "5", "source": "chat_log"}, "duration_s is 5 but a chat message must have duration_s 0"),
    Case("speaking_turns.end_within_meeting", {"start_s": "7790", "duration_s": "10.5"}, "turn T13 ends 7800.5 s after the start of meeting MT1, which lasts 120 minutes: a turn must end by 7800 s"),
    Case("speaking_turns.no_overlap", {"start_s": "45"}, "voice turn T13 starts at 45 s, before turn T11 of the same member ends (50 s)", name="in the file"),
    Case("speaking_turns.no_overlap", {"member_id": "M1", "start_s": "120"}, "voice turn T13 starts at 120 s, before turn S1 of the same member ends (130 s)", name="after a stored turn"),
    Case("speaking_turns.no_overlap", {"member_id": "M1", "start_s": "90", "duration_s": "10.5"}, "voice turn T13 ends at 100.5 s, after the stored turn S1 of the same member starts (100 s)", name="into a stored turn"),
    Case("speaking_turns.activity.enum", {"activity": "breakout"}, "activity 'breakout' is not one of plenary, small_group"),
    Case("speaking_turns.act.enum", {"act": "joke"}, "act 'joke' is not one of statement, question"),
    Case("speaking_turns.words.type", {"words": "twelve"}, "words 'twelve' is not a whole number"),
    Case("speaking_turns.words.range", {"words": "-1"}, "words is -1 but must be at least 0"),
    Case("speaking_turns.source.required", {"source": ""}, "source is blank"),
    Case("speaking_turns.source.enum", {"source": "video"}, "source 'video' is not one of observation, transcript"),
    # survey_responses
    Case("survey_responses.response_id.required", {"response_id": ""}, "response_id is blank"),
    Case("survey_responses.response_id.pattern", {"response_id": "R 3"}, "response_id 'R 3' is not valid"),
    Case("survey_responses.item_id.required", {"item_id": ""}, "item_id is blank"),
    Case("survey_responses.item_id.pattern", {"item_id": "voice 1"}, "item_id 'voice 1' is not valid"),
    Case("survey_responses.item_id.in_instrument", {"item_id": "q99"}, "item_id 'q99' is not an item of instrument cop_experience"),
    Case("survey_responses.cop_id.required", {"cop_id": ""}, "cop_id is blank"),
    Case("survey_responses.cop_id.pattern", {"cop_id": "_C1"}, "cop_id '_C1' is not valid"),
    Case("survey_responses.cop_id.foreign_key", {"cop_id": "C77"}, "cop_id 'C77' is not a known CoP"),
    Case("survey_responses.instrument_id.required", {"instrument_id": ""}, "instrument_id is blank"),
    Case("survey_responses.instrument_id.pattern", {"instrument_id": "cop experience"}, "instrument_id 'cop experience' is not valid"),
    Case("survey_responses.instrument_id.foreign_key", {"instrument_id": "ppeet"}, "instrument_id 'ppeet' is not a known questionnaire: define it in data_contracts/instruments/"),
    Case("survey_responses.wave.required", {"wave": ""}, "wave is blank"),
    Case("survey_responses.submitted_on.required", {"submitted_on": ""}, "submitted_on is blank"),
    Case("survey_responses.submitted_on.type", {"submitted_on": "03.12.2019"}, "submitted_on '03.12.2019' is not a real date"),
    Case("survey_responses.member_id.pattern", {"member_id": "M 1"}, "member_id 'M 1' is not valid"),
    Case("survey_responses.member_id.foreign_key", {"member_id": "M77"}, "member_id 'M77' is not a known member: add them to members first, correct the member_id, or leave it blank for an anonymous response"),
    Case("survey_responses.member_id.same_cop", {"member_id": "M9"}, "member M9 belongs to CoP C2, not to CoP C1"),
    Case("survey_responses.member_type.required", {"member_type": ""}, "member_type is blank"),
    Case("survey_responses.member_type.enum", {"member_type": "carer"}, "member_type 'carer' is not one of lay, clinical, non_clinical"),
    Case("survey_responses.member_type.matches_member", {"member_id": "M2"}, "member_type 'lay' differs from member M2's type in members (clinical)"),
    Case("survey_responses.value.required", {"value": ""}, "value is blank"),
    Case("survey_responses.value.type", {"value": "agree"}, "value 'agree' is not a whole number"),
    Case("survey_responses.value.on_scale", {"value": "6"}, "value 6 is not on the scale of instrument cop_experience (1 to 5)"),
    Case("survey_responses.value.on_scale", {"value": "0"}, "value 0 is not on the scale of instrument cop_experience (1 to 5)", name="below"),
    # costs
    Case("costs.cost_id.required", {"cost_id": ""}, "cost_id is blank"),
    Case("costs.cost_id.pattern", {"cost_id": "K 3"}, "cost_id 'K 3' is not valid"),
    Case("costs.cop_id.required", {"cop_id": ""}, "cop_id is blank"),
    Case("costs.cop_id.pattern", {"cop_id": "C1\\"}, "cop_id 'C1\\' is not valid"),
    Case("costs.cop_id.foreign_key", {"cop_id": "C77", "meeting_id": ""}, "cop_id 'C77' is not a known CoP"),
    Case("costs.meeting_id.pattern", {"meeting_id": "MT 1"}, "meeting_id 'MT 1' is not valid"),
    Case("costs.meeting_id.foreign_key", {"meeting_id": "MT77"}, "meeting_id 'MT77' is not a known meeting"),
    Case("costs.meeting_id.same_cop", {"meeting_id": "MT9"}, "meeting MT9 is a meeting of CoP C2, not of CoP C1"),
    Case("costs.incurred_on.required", {"incurred_on": ""}, "incurred_on is blank"),
    Case("costs.incurred_on.type", {"incurred_on": "March 2018"}, "incurred_on 'March 2018' is not a real date"),
    Case("costs.category.required", {"category": ""}, "category is blank"),
    Case("costs.category.enum", {"category": "food"}, "category 'food' is not one of venue, catering"),
    Case("costs.amount_gbp.required", {"amount_gbp": ""}, "amount_gbp is blank"),
    Case("costs.amount_gbp.type", {"amount_gbp": "£45"}, "amount_gbp '£45' is not a number"),
    Case("costs.amount_gbp.range", {"amount_gbp": "-45"}, "amount_gbp is -45 but must be between 0 and 10,000,000"),
    Case("costs.amount_gbp.range", {"amount_gbp": "10000000.01"}, "amount_gbp is 10000000.01 but must be between 0 and 10,000,000", name="above"),
    Case("costs.amount_gbp.decimals", {"amount_gbp": "45.125"}, "amount_gbp '45.125' has more than 2 decimal places"),
    # time_rates
    Case("time_rates.member_type.required", {"member_type": ""}, "member_type is blank"),
    Case("time_rates.member_type.enum", {"member_type": "manager"}, "member_type 'manager' is not one of lay, clinical, non_clinical"),
    Case("time_rates.valid_from.required", {"valid_from": ""}, "valid_from is blank"),
    Case("time_rates.valid_from.type", {"valid_from": "2018"}, "valid_from '2018' is not a real date"),
    Case("time_rates.hourly_rate_gbp.required", {"hourly_rate_gbp": ""}, "hourly_rate_gbp is blank"),
    Case("time_rates.hourly_rate_gbp.type", {"hourly_rate_gbp": "35/h"}, "hourly_rate_gbp '35/h' is not a number"),
    Case("time_rates.hourly_rate_gbp.range", {"hourly_rate_gbp": "-1"}, "hourly_rate_gbp is -1 but must be between 0 and 99,999,999.99"),
    Case("time_rates.hourly_rate_gbp.decimals", {"hourly_rate_gbp": "35.105"}, "hourly_rate_gbp '35.105' has more than 2 decimal places"),
    # recommendations
    Case("recommendations.recommendation_id.required", {"recommendation_id": ""}, "recommendation_id is blank"),
    Case("recommendations.recommendation_id.pattern", {"recommendation_id": "REC 12"}, "recommendation_id 'REC 12' is not valid"),
    Case("recommendations.cop_id.pattern", {"cop_id": "C 1"}, "cop_id 'C 1' is not valid"),
    Case("recommendations.cop_id.foreign_key", {"cop_id": "C77"}, "cop_id 'C77' is not a known CoP: add it to communities first, correct the cop_id, or leave it blank"),
    Case("recommendations.source.required", {"source": ""}, "source is blank"),
    Case("recommendations.title.required", {"title": ""}, "title is blank"),
    # recommendation_status
    Case("recommendation_status.recommendation_id.required", {"recommendation_id": ""}, "recommendation_id is blank"),
    Case("recommendation_status.recommendation_id.pattern", {"recommendation_id": "REC 1"}, "recommendation_id 'REC 1' is not valid"),
    Case("recommendation_status.recommendation_id.foreign_key", {"recommendation_id": "REC77"}, "recommendation_id 'REC77' is not a known recommendation"),
    Case("recommendation_status.cop_id.required", {"cop_id": ""}, "cop_id is blank"),
    Case("recommendation_status.cop_id.pattern", {"cop_id": "C 1"}, "cop_id 'C 1' is not valid"),
    Case("recommendation_status.cop_id.foreign_key", {"cop_id": "C77", "meeting_id": ""}, "cop_id 'C77' is not a known CoP"),
    Case("recommendation_status.site.required", {"site": ""}, "site is blank"),
    Case("recommendation_status.status_on.required", {"status_on": ""}, "status_on is blank"),
    Case("recommendation_status.status_on.type", {"status_on": "2019-02-31"}, "status_on '2019-02-31' is not a real date"),
    Case("recommendation_status.status.required", {"status": ""}, "status is blank"),
    Case("recommendation_status.status.enum", {"status": "done"}, "status 'done' is not one of proposed, agreed, in_progress, implemented, sustained, dropped"),
    Case("recommendation_status.meeting_id.pattern", {"meeting_id": "MT 3"}, "meeting_id 'MT 3' is not valid"),
    Case("recommendation_status.meeting_id.foreign_key", {"meeting_id": "MT77"}, "meeting_id 'MT77' is not a known meeting"),
    Case("recommendation_status.meeting_id.same_cop", {"meeting_id": "MT9"}, "meeting MT9 is a meeting of CoP C2, not of CoP C1"),
    # member_aliases
    Case("member_aliases.alias.required", {"alias": ""}, "alias is blank"),
    Case("member_aliases.meeting_id.pattern", {"meeting_id": "MT 1"}, "meeting_id 'MT 1' is not valid"),
    Case("member_aliases.meeting_id.foreign_key", {"meeting_id": "MT77"}, "meeting_id 'MT77' is not a known meeting"),
    Case("member_aliases.member_id.required", {"member_id": ""}, "member_id is blank"),
    Case("member_aliases.member_id.pattern", {"member_id": "M 3"}, "member_id 'M 3' is not valid"),
    Case("member_aliases.member_id.foreign_key", {"member_id": "M77"}, "member_id 'M77' is not a known member"),
    Case("member_aliases.alias.one_member", {"alias": " jane SMITH (Guest)"}, "alias 'jane SMITH (Guest)' is matched like 'Jane Smith', 'jane SMITH (Guest)' (case and suffixes such as (External) are ignored), but they point to different members (M1, M3)"),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_quarantines_the_breaking_row_only(case, run, good, template):
    """A row breaking one rule is quarantined naming that rule and saying what is wrong;
    the valid rows around it are accepted."""
    rows = [*good[case.dataset], {**template[case.dataset], **case.changes}]
    good = good[case.dataset]

    result = run(case.dataset, rows)

    quarantined = result.quarantined
    assert [len(good) + 2] == quarantined["line_number"].tolist(), quarantined["message"].tolist()
    assert sorted({case.rule, *case.also}) == sorted(quarantined["rule"][0].split("; "))
    message = quarantined["message"][0]
    assert message.startswith(f"line {len(good) + 2}: ")
    assert case.says in message
    assert len(good) == len(result.accepted)


@pytest.mark.parametrize("dataset", LOAD_ORDER)
def test_template_and_good_rows_are_all_accepted(dataset, run, good, template):
    """The fixture rows the rule tests start from break no rule."""
    rows = [*good[dataset], template[dataset]]

    result = run(dataset, rows)

    assert [] == result.quarantined["message"].tolist()
    assert len(rows) == len(result.accepted)


@pytest.mark.parametrize("dataset", LOAD_ORDER)
def test_duplicate_keys_in_one_file_quarantine_every_row_of_the_key(dataset, run, good):
    """Two rows with the same primary key are both quarantined (which one is right cannot
    be told), each message listing the lines that share the key."""
    good = good[dataset]

    result = run(dataset, [*good, dict(good[0])])

    rule = f"{dataset}.primary_key.unique"
    quarantined = result.quarantined
    last = len(good) + 2
    assert [2, last] == quarantined["line_number"].tolist()
    assert [rule, rule] == quarantined["rule"].tolist()
    assert f"appears on more than one row of this file (lines 2, {last})" in quarantined["message"][0]
    assert len(good) - 1 == len(result.accepted)


def test_rows_of_one_response_that_disagree_are_all_quarantined(run, good, template):
    """All rows of a response in the file must agree on cop_id, instrument_id, wave,
    member_id and member_type; when they do not, every row of that response goes."""
    first = template["survey_responses"]
    second = {**first, "item_id": "voice_2", "wave": "2020-Q1"}

    result = run("survey_responses", [*good["survey_responses"], first, second])

    quarantined = result.quarantined
    assert [4, 5] == quarantined["line_number"].tolist()
    assert ["survey_responses.response_id.consistent"] * 2 == quarantined["rule"].tolist()
    assert (
        "response R3 has rows with different wave values (2019-Q4, 2020-Q1): all rows of one "
        "response must have the same wave" in quarantined["message"][0]
    )


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("cop_id", "C2", "C1, C2"),
        ("instrument_id", "other_q", None),
        ("member_id", "M1", "(blank), M1"),
        ("member_type", "clinical", "clinical, lay"),
    ],
)
def test_a_response_disagreeing_with_its_stored_rows_is_quarantined(column, value, shown, run):
    """A new row of a stored response must agree with the stored rows it does not replace."""
    stored = {"response_id": "R1", "item_id": "voice_2", "cop_id": "C1",
              "instrument_id": "cop_experience", "wave": "2019-Q4",
              "submitted_on": "2019-12-01", "member_id": "M1", "member_type": "lay", "value": "5"}
    row = {**stored, column: value}
    if column == "member_id":
        row["member_id"] = ""
    if column == "member_type":
        row["member_id"] = ""

    result = run("survey_responses", [row])

    rules = result.quarantined["rule"][0].split("; ")
    assert "survey_responses.response_id.consistent" in rules
    if shown:
        assert f"different {column} values ({shown})" in result.quarantined["message"][0]


def test_a_row_replacing_a_stored_row_of_its_response_does_not_disagree_with_it(run):
    """The stored row with the same response_id and item_id is replaced, not compared."""
    row = {"response_id": "R1", "item_id": "voice_1", "cop_id": "C1",
           "instrument_id": "cop_experience", "wave": "2020-Q1", "submitted_on": "2020-03-01",
           "member_id": "M1", "member_type": "lay", "value": "2"}

    result = run("survey_responses", [row])

    assert [] == result.quarantined["message"].tolist()


def test_a_turn_replacing_a_stored_turn_is_not_checked_against_its_old_times(run, template):
    """A stored turn that the file replaces (same turn_id) no longer blocks its old slot."""
    moved = {**template["speaking_turns"], "turn_id": "S1", "member_id": "M1",
             "start_s": "300", "duration_s": "10"}
    new = {**template["speaking_turns"], "turn_id": "T14", "member_id": "M1",
           "start_s": "100", "duration_s": "30"}

    result = run("speaking_turns", [moved, new])

    assert [] == result.quarantined["message"].tolist()


def test_two_aliases_matched_alike_in_the_file_are_both_quarantined(run, good):
    """Spellings an importer cannot tell apart must not point to different members."""
    rows = [*good["member_aliases"], {"alias": "JOHN DOE (External)", "meeting_id": "MT1",
                                      "member_id": "M3"}]

    result = run("member_aliases", rows)

    assert [2, 4] == result.quarantined["line_number"].tolist()
    assert ["member_aliases.alias.one_member"] * 2 == result.quarantined["rule"].tolist()


def test_every_rule_has_a_test():
    """Each rule a contract can report appears in this file."""
    source = (PROJECT_ROOT / "tests" / "contracts" / "test_rules.py").read_text(encoding="utf-8")
    rules = {rule for contract in load_contracts().values() for rule in contract.rules}
    untested = sorted(rule for rule in rules if rule not in {case.rule for case in CASES}
                      and f'"{rule}"' not in source and "primary_key.unique" not in rule
                      and not rule.endswith(".characters"))  # test_characters.py: each column

    assert [] == untested


def test_every_rule_is_documented():
    """docs/contracts.md names every rule a contract can report."""
    docs = (PROJECT_ROOT / "docs" / "contracts.md").read_text(encoding="utf-8")
    rules = {rule for contract in load_contracts().values() for rule in contract.rules}

    # Every text column has a `.characters` rule: documented once, as `<dataset>.<column>.characters`.
    assert "`<dataset>.<column>.characters`" in docs
    assert [] == sorted(rule for rule in rules if f"`{rule}`" not in docs
                        and not rule.endswith(".characters"))
