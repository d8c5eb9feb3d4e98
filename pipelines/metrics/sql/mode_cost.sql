-- Per mode of the selected meetings: meeting-linked direct cost, attendee hours and the
-- number of meetings (mart_meeting_cost), summed here so that three rows reach pandas
-- rather than one per meeting.
select mode, sum(direct_cost_gbp) as direct_cost_gbp, sum(attendee_hours) as attendee_hours,
    count(meeting_id) as meetings_n
from mart_meeting_cost
where mode is not null
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
group by mode
order by mode
