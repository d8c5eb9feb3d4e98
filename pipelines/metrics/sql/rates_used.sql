-- The hourly rates applied to present attendance rows of the selected meetings
-- (mart_meeting_rates: present members per meeting and rate), with each rate's source.
with used as (
    select
        member_type,
        rate_role as role,
        rate_valid_from as valid_from,
        hourly_rate_gbp,
        sum(present_n)::bigint as attendance_rows
    from mart_meeting_rates
    where hourly_rate_gbp is not null
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
    group by all
)
select
    u.member_type,
    u.role,
    u.valid_from,
    u.hourly_rate_gbp,
    any_value(r.source) as source,
    sum(u.attendance_rows)::bigint as attendance_rows
from used as u
left join time_rates as r
    on r.member_type = u.member_type
    and r.valid_from = u.valid_from
    and r.role is not distinct from u.role
group by all
order by u.member_type, u.role, u.valid_from
