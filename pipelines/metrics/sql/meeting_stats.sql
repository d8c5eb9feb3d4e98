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
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
order by meeting_id
