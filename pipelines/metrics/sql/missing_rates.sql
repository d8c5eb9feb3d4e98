-- Present attendance rows of the selected meetings for which no hourly rate was found
-- (mart_meeting_rates rows without a rate).
select member_type, role, held_on, sum(present_n)::bigint as attendance_rows
from mart_meeting_rates
where hourly_rate_gbp is null
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
group by all
order by held_on, member_type, role
