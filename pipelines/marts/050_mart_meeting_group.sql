-- mart_meeting_group (public): one row per meeting and member type (all three types for
-- every meeting, zero-filled), facilitators left out. NULL equity ratio where the type had
-- no attendee or nobody talked; talk figures NULL where the meeting was not observed.
create or replace view mart_meeting_group as
select
    cop_id,
    meeting_id,
    held_on,
    mode,
    meeting_type,
    group_value as member_type,
    attendees_n,
    expected_n,
    attendance_rate,
    talk_s,
    turns_n,
    talk_share,
    attendee_share,
    equity_ratio,
    turn_equity_ratio,
    voice_coverage,
    chat_messages_n,
    chat_rate,
    is_observed
from mart_meeting_group_stats
where not facilitators_included and attribute = 'member_type'
