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
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or held_on >= $date_from::date)
  and ($date_to::date is null or held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mode))
    group by all
)
select mode, member_type, chat_messages_n, attendees_n,
    case when attendees_n > 0 then chat_messages_n / attendees_n end as chat_rate
from summed
order by mode, member_type
