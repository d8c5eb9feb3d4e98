-- mart_meeting_summary (public): one row per meeting, facilitators left out.
-- Rates are fractions; talk figures NULL where the meeting was not observed.
create or replace view mart_meeting_summary as
select
    cop_id,
    meeting_id,
    held_on,
    mode,
    meeting_type,
    duration_min,
    attendees_n,
    expected_n,
    attendance_rate,
    talk_s,
    turns_n,
    gini_talk,
    voice_coverage,
    chat_messages_n,
    chat_rate,
    is_observed
from mart_meeting_stats
where not facilitators_included
