-- Per meeting and group of one member attribute, for the selected meetings.
select * exclude (facilitators_included, attribute)
from mart_meeting_group_stats
where facilitators_included = $include_facilitators
  and attribute = $attribute
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or held_on >= $date_from::date)
  and ($date_to::date is null or held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mode))
order by held_on, meeting_id, group_value
