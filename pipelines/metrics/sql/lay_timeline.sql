-- One row per observed selected meeting: lay members' talk share, equity ratio, attendees.
select cop_id, meeting_id, held_on, mode, talk_share as lay_talk_share,
    equity_ratio as lay_equity_ratio, attendees_n as lay_attendees_n
from mart_meeting_group_stats
where facilitators_included = $include_facilitators
  and attribute = 'member_type'
  and group_value = 'lay'
  and is_observed
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or held_on >= $date_from::date)
  and ($date_to::date is null or held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mode))
order by held_on, meeting_id
