-- Uptake events decided at a selected meeting, with that meeting's participation figures.
with meetings as (
    select meeting_id, cop_id, held_on, mode, meeting_type, attendees_n
    from mart_meeting_stats
    where facilitators_included = $include_facilitators
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
),
lay as (
    select meeting_id, equity_ratio as lay_equity_ratio, talk_share as lay_talk_share
    from mart_meeting_group_stats
    where facilitators_included = $include_facilitators
      and attribute = 'member_type' and group_value = 'lay'
)
select s.recommendation_id, r.title, s.cop_id, s.site, s.status, s.status_on,
    s.meeting_id, m.held_on, m.mode, l.lay_equity_ratio, l.lay_talk_share, m.attendees_n
from recommendation_status as s
join meetings as m on m.meeting_id = s.meeting_id
left join recommendations as r on r.recommendation_id = s.recommendation_id
left join lay as l on l.meeting_id = s.meeting_id
-- cop_id, status_on and status only break ties, so the order is the same on every run
order by m.held_on, s.recommendation_id, s.site, s.cop_id, s.status_on, s.status
