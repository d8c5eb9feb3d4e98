-- One row per selected meeting: what was recorded for it, to judge the figures built on it.
with meetings as (
    select *
    from mart_meeting_stats
    where facilitators_included
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
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
