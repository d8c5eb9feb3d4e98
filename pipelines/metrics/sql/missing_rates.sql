-- Present attendance rows of the selected meetings for which no hourly rate was found
-- (mart_meeting_rates rows without a rate).
select member_type, role, held_on, sum(present_n)::bigint as attendance_rows
from mart_meeting_rates
where hourly_rate_gbp is null
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or held_on >= $date_from::date)
  and ($date_to::date is null or held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mode))
group by all
order by held_on, member_type, role
