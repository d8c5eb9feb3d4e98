-- Per mode of the selected meetings: meeting-linked direct cost, attendee hours and the
-- number of meetings (mart_meeting_cost), summed here so that three rows reach pandas
-- rather than one per meeting.
select mode, sum(direct_cost_gbp) as direct_cost_gbp, sum(attendee_hours) as attendee_hours,
    count(meeting_id) as meetings_n
from mart_meeting_cost
where mode is not null
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or held_on >= $date_from::date)
  and ($date_to::date is null or held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mode))
group by mode
order by mode
