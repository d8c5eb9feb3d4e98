-- Whole-meeting participation figures of the selected meetings (one row per meeting):
-- the columns meeting_summary() returns, in its order (no copy in pandas).
-- No ORDER BY: the mart is stored in meeting_id order and a scan keeps it; the caller
-- checks that order (sorting only if a load left rows out of it), averages over meetings
-- in it, and puts meeting_summary's rows in held_on order with a sort on the date alone
-- (an ORDER BY here cost about as much as the rest of the query at 10M turns).
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
