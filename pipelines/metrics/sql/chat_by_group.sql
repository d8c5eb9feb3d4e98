-- Chat messages per attendee of the selected online and hybrid meetings, per mode and
-- member type (mart_meeting_group_stats, facilitator switch honoured).
with summed as (
    select mode, group_value as member_type,
        sum(chat_messages_n)::bigint as chat_messages_n,
        sum(attendees_n)::bigint as attendees_n
    from mart_meeting_group_stats
    where facilitators_included = $include_facilitators
      and attribute = 'member_type'
      and mode in ('online', 'hybrid')
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
    group by all
)
select mode, member_type, chat_messages_n, attendees_n,
    case when attendees_n > 0 then chat_messages_n / attendees_n end as chat_rate
from summed
order by mode, member_type
