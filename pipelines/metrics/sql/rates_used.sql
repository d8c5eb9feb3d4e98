-- The hourly rates applied to present attendance rows of the selected meetings.
select
    mm.member_type,
    mm.rate_role as role,
    mm.rate_valid_from as valid_from,
    mm.hourly_rate_gbp,
    any_value(r.source) as source,
    count(*) as attendance_rows
from mart_meeting_member as mm
left join time_rates as r
    on r.member_type = mm.member_type
    and r.valid_from = mm.rate_valid_from
    and r.role is not distinct from mm.rate_role
where mm.is_present and mm.hourly_rate_gbp is not null
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], mm.cop_id))
  and ($date_from::date is null or mm.held_on >= $date_from::date)
  and ($date_to::date is null or mm.held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], mm.meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mm.mode))
group by all
order by mm.member_type, role, valid_from
