-- One row per selected meeting: what was recorded for it, to judge the figures built on it.
with meetings as (
    select *
    from mart_meeting_stats
    where facilitators_included
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or held_on >= $date_from::date)
  and ($date_to::date is null or held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mode))
)
select m.cop_id, m.meeting_id, m.held_on, m.mode, m.meeting_type, m.is_observed,
    q.attendance_rows,
    q.present_n,
    q.present_without_times_n,
    q.voice_turns_n,
    q.chat_messages_n,
    q.turn_sources,
    q.missing_rate_rows
from meetings as m
join mart_meeting_quality as q using (meeting_id)
order by m.held_on, m.meeting_id
