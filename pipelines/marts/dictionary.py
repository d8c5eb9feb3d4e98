"""Meaning and unit of every mart column, for the data dictionary `copdash export` writes.

One entry per column name: a name means the same thing in every mart (the marts are
written so), which keeps this list short and the marts consistent.
"""

from __future__ import annotations

__all__ = ["COLUMN_MEANINGS", "column_meaning"]

# column -> (meaning, unit)
COLUMN_MEANINGS: dict[str, tuple[str, str]] = {
    'cop_id': (
        'Community of Practice identifier',
        '',
    ),
    'meeting_id': (
        'Meeting identifier',
        '',
    ),
    'held_on': (
        'Date the meeting was held',
        'date',
    ),
    'mode': (
        'How the meeting was held: in_person, online or hybrid',
        '',
    ),
    'meeting_type': (
        'Kind of meeting: cop, planning, steering_group, preparation, other',
        '',
    ),
    'duration_min': (
        'Planned length of the meeting',
        'minutes',
    ),
    'chair_member_id': (
        'Member who chaired the meeting (blank if not recorded)',
        '',
    ),
    'attendees_n': (
        'Members present (facilitators left out unless facilitators_included)',
        'people',
    ),
    'expected_n': (
        'Members whose membership covered the meeting date (in mart_turn_transitions: '
        'transitions random mixing would give, row total x column total / all transitions)',
        'people (transitions)',
    ),
    'present_expected_n': (
        'Expected members who were present',
        'people',
    ),
    'attendance_rate': (
        'Expected members present / expected members; blank if none expected',
        'fraction 0-1',
    ),
    'talk_s': (
        'Total length of voice turns of the attendees; blank if the meeting was not observed',
        'seconds',
    ),
    'turns_n': (
        'Number of voice turns of the attendees; blank if the meeting was not observed',
        'turns',
    ),
    'gini_talk': (
        'Gini coefficient of talk time among attendees, silent attendees counted as 0 (0 = equal, near 1 = one person talks); blank if fewer than 2 attendees, nobody talked or not observed',
        '0-1',
    ),
    'voice_coverage': (
        'Share of attendees with at least one voice turn; blank if not observed',
        'fraction 0-1',
    ),
    'voiced_n': (
        'Attendees with at least one voice turn',
        'people',
    ),
    'chat_messages_n': (
        'Chat messages of the attendees',
        'messages',
    ),
    'chat_rate': (
        'Chat messages per attendee; blank if no attendee',
        'messages per person',
    ),
    'is_observed': (
        'True when the meeting has at least one voice turn (talk figures use observed meetings only)',
        'true/false',
    ),
    'member_type': (
        'Member type: lay, clinical, non_clinical',
        '',
    ),
    'talk_share': (
        "Group's talk time / all attendees' talk time; blank if nobody talked",
        'fraction 0-1',
    ),
    'turn_share': (
        "Group's voice turns / all attendees' voice turns; blank if no turns",
        'fraction 0-1',
    ),
    'attendee_share': (
        "Group's attendees / all attendees",
        'fraction 0-1',
    ),
    'equity_ratio': (
        'talk_share / attendee_share: 1 = talks in proportion to presence, below 1 = under-heard; blank if the group had no attendee or nobody talked',
        'ratio',
    ),
    'turn_equity_ratio': (
        'As equity_ratio, counting turns instead of seconds',
        'ratio',
    ),
    'direct_cost_gbp': (
        'Sum of recorded costs (per meeting: costs carrying that meeting_id)',
        'GBP',
    ),
    'overhead_cost_gbp': (
        'Costs not linked to a meeting',
        'GBP',
    ),
    'attendee_hours': (
        'Hours attended summed over present attendance rows, facilitators included',
        'hours',
    ),
    'time_cost_gbp': (
        "Hours attended x each member's hourly rate (0 where no rate was found)",
        'GBP',
    ),
    'full_cost_gbp': (
        'Direct cost + time cost (full economic cost)',
        'GBP',
    ),
    'cost_per_attendee_hour_gbp': (
        'Direct cost / attendee hours; blank if no attendee hours',
        'GBP per hour',
    ),
    'missing_rate_rows': (
        'Present attendance rows for which no hourly rate was found',
        'rows',
    ),
    'implemented_n': (
        'Recommendation x site pairs that reached implemented or sustained',
        'pairs',
    ),
    'cost_per_implemented_gbp': (
        'Full economic cost / implemented_n; blank if none implemented',
        'GBP per pair',
    ),
    'lay_attendances_n': (
        'Present attendance rows of lay members (not facilitators)',
        'attendances',
    ),
    'cost_per_lay_attendance_gbp': (
        'Direct cost / lay attendances; blank if none',
        'GBP per attendance',
    ),
    'meetings_n': (
        'Number of meetings',
        'meetings',
    ),
    'response_id': (
        'One submission of one questionnaire',
        '',
    ),
    'instrument_id': (
        'Survey instrument (questionnaire) identifier',
        '',
    ),
    'wave': (
        'Survey wave, e.g. 2019-Q4 or a meeting_id',
        '',
    ),
    'submitted_on': (
        'Date the response was submitted',
        'date',
    ),
    'member_id': (
        'Pseudonymous member identifier (blank for anonymous responses)',
        '',
    ),
    'scale': (
        'total (whole instrument) or a subscale name',
        '',
    ),
    'items_n': (
        'Items in the scale',
        'items',
    ),
    'items_answered': (
        'Items of the scale the respondent answered',
        'items',
    ),
    'score': (
        "Mean of the answered items after reverse coding; blank below the instrument's minimum share answered",
        'scale points',
    ),
    'scale_min': (
        "Lowest value of the instrument's scale",
        'scale points',
    ),
    'scale_max': (
        "Highest value of the instrument's scale",
        'scale points',
    ),
    'scale_midpoint': (
        '(scale_min + scale_max) / 2; a score above it counts as agreeing',
        'scale points',
    ),
    'recommendation_id': (
        'Recommendation identifier',
        '',
    ),
    'site': (
        'Where the recommendation is taken up (a service, a practice, or CoP)',
        '',
    ),
    'first_on': (
        "Date of the pair's first uptake event",
        'date',
    ),
    'latest_status': (
        'Status of the latest event (ties on a date: the later stage)',
        '',
    ),
    'latest_on': (
        'Date of the latest event',
        'date',
    ),
    'furthest_stage': (
        'Highest stage reached (dropped not counted)',
        '',
    ),
    'furthest_rank': (
        'Position of furthest_stage: 1 proposed, 2 agreed, 3 in_progress, 4 implemented, 5 sustained',
        'rank',
    ),
    'implemented_on': (
        'Date of the first implemented (or sustained) event; blank if never',
        'date',
    ),
    'days_to_implemented': (
        'Days from first_on to implemented_on; blank if never implemented',
        'days',
    ),
    'is_dropped': (
        'True when the latest status is dropped',
        'true/false',
    ),
    'facilitators_included': (
        'False = facilitators left out (the default); true = facilitators counted',
        'true/false',
    ),
    'attribute': (
        'Member attribute the row breaks down by: member_type, gender, age_band, deprivation_quintile, attended_via',
        '',
    ),
    'group_value': (
        'Value of the attribute (not_recorded where a member has none)',
        '',
    ),
    'meeting_attendees_n': (
        'All attendees of the meeting (the denominator of attendee_share)',
        'people',
    ),
    'meeting_talk_s': (
        "All attendees' talk time in the meeting (the denominator of talk_share)",
        'seconds',
    ),
    'meeting_turns_n': (
        "All attendees' voice turns in the meeting",
        'turns',
    ),
    'role': (
        "Member's role, e.g. patient, GP, commissioner",
        '',
    ),
    'is_facilitator': (
        'True for facilitators',
        'true/false',
    ),
    'gender': (
        "Member's gender where recorded",
        '',
    ),
    'age_band': (
        "Member's age band where recorded",
        '',
    ),
    'deprivation_quintile': (
        "Deprivation quintile of the member's area, 1 most deprived to 5",
        'quintile',
    ),
    'is_expected': (
        'True when the membership covered the meeting date',
        'true/false',
    ),
    'is_present': (
        'True when the attendance status is present',
        'true/false',
    ),
    'attendance_status': (
        'present, absent, apologies; blank when no attendance row (not present)',
        '',
    ),
    'attended_via': (
        "How a present member joined: in_person or online (the meeting's mode unless hybrid)",
        '',
    ),
    'minutes_attended': (
        "minutes_attended if given, else left_min - joined_min, else the meeting's duration",
        'minutes',
    ),
    'hours_attended': (
        'minutes_attended / 60',
        'hours',
    ),
    'hourly_rate_gbp': (
        'Hourly rate applied (matching role over blank role, latest valid_from on or before the meeting)',
        'GBP per hour',
    ),
    'rate_role': (
        "Role of the rate applied (blank = the type's any-role rate)",
        '',
    ),
    'rate_valid_from': (
        'valid_from of the rate applied',
        'date',
    ),
    'is_rate_missing': (
        'True for a present row with no rate (time cost counted as 0)',
        'true/false',
    ),
    'act': (
        "Coded kind of a voice turn (question, challenge, idea, ...); not_coded where blank",
        '',
    ),
    'attendance_rows': (
        'Attendance rows recorded for the meeting (any status), facilitators included',
        'rows',
    ),
    'present_n': (
        'Members present at the meeting, facilitators included',
        'members',
    ),
    'present_without_times_n': (
        'Present attendance rows with no joined, left or minutes attended (the meeting length is assumed)',
        'rows',
    ),
    'voice_turns_n': (
        'Voice turns recorded for the meeting (anyone)',
        'turns',
    ),
    'turn_sources': (
        'Where the meeting\'s turns came from (e.g. observer, transcript), comma-separated',
        '',
    ),
    'cost_id': (
        'Cost row identifier (costs.csv)',
        '',
    ),
    'incurred_on': (
        'Date the cost was incurred',
        'date',
    ),
    'category': (
        'Kind of cost: venue, catering, facilitation, administration, lay_payment, travel, '
        'digital, materials, evaluation, other',
        '',
    ),
    'amount_gbp': (
        'Amount of the cost row',
        'GBP',
    ),
    'description': (
        'Free-text description of the cost row',
        '',
    ),
    'status_on': (
        'Date of the uptake event',
        'date',
    ),
    'status': (
        'Stage the uptake event records: proposed, agreed, in_progress, implemented, '
        'sustained or dropped',
        '',
    ),
    'stage_rank': (
        'Position of status: 1 proposed to 5 sustained, 6 dropped (orders same-day events)',
        'rank',
    ),
    'next_on': (
        "Date of the pair's next uptake event; blank for its latest",
        'date',
    ),
    'floor_seq': (
        "Position of the turn in the meeting's floor sequence (plenary turns, one member's consecutive turns merged)",
        'rank',
    ),
    'is_question': (
        'The floor turn holds a turn coded as a question',
        '',
    ),
    'is_challenge': (
        'The floor turn holds a turn coded as a challenge',
        '',
    ),
    'is_coded': (
        'The floor turn holds at least one turn with an act code',
        '',
    ),
    'is_tied': (
        "The floor turn's start second is shared with another member's turn (ordered by turn id)",
        '',
    ),
    'next_member_type': (
        'Member type of the next floor turn; blank for the last',
        '',
    ),
    'next2_member_type': (
        'Member type of the floor turn after the next; blank near the end',
        '',
    ),
    'from_member_type': (
        'Member type of the turn the floor passed from',
        '',
    ),
    'to_member_type': (
        'Member type of the turn the floor passed to',
        '',
    ),
    'transitions_n': (
        'Transitions of the floor from from_member_type to to_member_type',
        'transitions',
    ),
    'meeting_transitions_n': (
        "All transitions of the meeting's floor",
        'transitions',
    ),
    'floor_turns_n': (
        "Floor turns (one member's consecutive plenary turns merged)",
        'turns',
    ),
    'turns_with_next_n': (
        'Floor turns followed by another floor turn',
        'turns',
    ),
    'responded_n': (
        'Floor turns followed within the next two turns by a member of another type',
        'turns',
    ),
    'response_share': (
        'responded_n / turns_with_next_n',
        'fraction',
    ),
    'coded_n': (
        'Floor turns with an act code',
        'turns',
    ),
    'questions_n': (
        'Floor turns coded as a question',
        'turns',
    ),
    'challenges_n': (
        'Floor turns coded as a challenge',
        'turns',
    ),
    'tied_n': (
        "Floor turns whose start second another member's turn shares",
        'turns',
    ),
    'answered_by': (
        'Member type of the floor turn after a question or challenge (none: it was the last)',
        '',
    ),
    'talk_share_in_person': (
        "The member's talk share over their observed in-person meetings (mart_member_mode's talk_share); blank if not attended or nobody talked",
        'fraction 0-1',
    ),
    'talk_share_online': (
        "The member's talk share over their observed online meetings (mart_member_mode's talk_share); blank if not attended or nobody talked",
        'fraction 0-1',
    ),
    'equity_ratio_in_person': (
        "The member's equity ratio over their observed in-person meetings (mart_member_mode's equity_ratio); blank if not defined",
        'ratio',
    ),
    'equity_ratio_online': (
        "The member's equity ratio over their observed online meetings (mart_member_mode's equity_ratio); blank if not defined",
        'ratio',
    ),
    'moved_online_on': (
        'Date the CoP moved online: its first online meeting after its first in-person meeting',
        'date',
    ),
    'in_person_expected_n': (
        'In-person meetings before the move online the member was expected at',
        'meetings',
    ),
    'in_person_attended_n': (
        'In-person meetings before the move online the member attended',
        'meetings',
    ),
    'in_person_rate': (
        'Attendance rate at in-person meetings before the move online (present and expected / expected); blank if none expected',
        'fraction 0-1',
    ),
    'online_expected_n': (
        'Online meetings from the move online on the member was expected at',
        'meetings',
    ),
    'online_attended_n': (
        'Online meetings from the move online on the member attended',
        'meetings',
    ),
    'online_rate': (
        'Attendance rate at online meetings from the move online on (present and expected / expected)',
        'fraction 0-1',
    ),
    'exclusion_status': (
        'no_online (came to no online meeting after the move), far_fewer (online rate below half the in-person rate) or kept_coming',
        '',
    ),
    # mart_lay_members (one row per lay member; lay_members in the metrics API)
    'joined_on': (
        'Date the member joined the CoP (members.csv); blank if not recorded',
        'date',
    ),
    'left_on': (
        'Date the member left the CoP (members.csv); blank if still a member',
        'date',
    ),
    'meetings_expected_n': (
        'Meetings of the selection the member was expected at (a member of the CoP on the day)',
        'meetings',
    ),
    'meetings_attended_n': (
        'Meetings of the selection the member was present at',
        'meetings',
    ),
    'first_attended_on': (
        'Date of the first meeting the member was present at; blank if none',
        'date',
    ),
    'last_attended_on': (
        'Date of the latest meeting the member was present at; blank if none',
        'date',
    ),
    'preparation_attended_n': (
        'Preparation sessions (meeting_type preparation) the member was present at',
        'meetings',
    ),
    'chaired_n': (
        'Meetings the member chaired (chair_member_id in meetings.csv)',
        'meetings',
    ),
    'stopped_coming': (
        'True when the member attended before, is still a member, and missed the last three CoP meetings they were expected at',
        'true/false',
    ),
}


def column_meaning(column: str) -> tuple[str, str]:
    """(meaning, unit) of a mart column; an honest placeholder for an undocumented one."""
    return COLUMN_MEANINGS.get(column, ("not documented yet", ""))
