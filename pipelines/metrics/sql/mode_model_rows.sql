-- One row per selected observed in-person or online meeting where the group's equity ratio
-- is defined: the per-meeting aggregates the adjusted mode model is fitted on (CoP, meeting
-- type, group size = attendees, date), so the fit never reads turns. The group size is the
-- group mart's copy of the meeting's attendees (mart_meeting_stats.attendees_n for the same
-- facilitator setting), so no join to mart_meeting_stats is needed.
select g.cop_id, g.meeting_id, g.held_on, g.mode, g.meeting_type,
    g.meeting_attendees_n as attendees_n, g.equity_ratio
from mart_meeting_group_stats as g
where g.facilitators_included = $include_facilitators
  and g.attribute = 'member_type'
  and g.group_value = $group
  and g.is_observed
  and g.equity_ratio is not null
  and g.mode in ('in_person', 'online')
  and selected_meeting(g.cop_id, g.held_on, g.meeting_type, g.mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
order by g.meeting_id
