-- Whole-meeting participation figures of the selected meetings (one row per meeting):
-- the columns meeting_summary() returns, in its order (no copy in pandas).
-- In meeting_id order (the order the bootstrap draws meetings in); meeting_summary puts
-- the rows in held_on order with a stable sort on the date alone. Sorted here, not by
-- relying on the mart's stored order: a load that rebuilds one CoP's rows appends them,
-- and DuckDB's sort of this slice (about 10 ms at 10M turns) is cheaper than pandas'.
select cop_id, meeting_id, held_on, mode, meeting_type, duration_min, chair_member_id,
    attendees_n, expected_n, attendance_rate, talk_s, turns_n, gini_talk, voice_coverage,
    chat_messages_n, chat_rate, is_observed
from mart_meeting_stats
where facilitators_included = $include_facilitators
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or held_on >= $date_from::date)
  and ($date_to::date is null or held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mode))
order by meeting_id
