-- One row per observed selected meeting: lay members' talk share, equity ratio, attendees.
select cop_id, meeting_id, held_on, mode, talk_share as lay_talk_share,
    equity_ratio as lay_equity_ratio, attendees_n as lay_attendees_n
from mart_meeting_group_stats
where facilitators_included = $include_facilitators
  and attribute = 'member_type'
  and group_value = 'lay'
  and is_observed
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
order by held_on, meeting_id
