-- Voice turns of the selected meetings by member type and coded act (mart_meeting_acts).
with counted as materialized (
    -- materialized: the share below would otherwise scan the mart a second time
    select member_type, act, sum(turns_n)::bigint as turns_n
    from mart_meeting_acts
    where ($include_facilitators or not is_facilitator)
  and (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
  and ($date_from::date is null or held_on >= $date_from::date)
  and ($date_to::date is null or held_on <= $date_to::date)
  and (len($meeting_types::varchar[]) = 0 or list_contains($meeting_types::varchar[], meeting_type))
  and (len($modes::varchar[]) = 0 or list_contains($modes::varchar[], mode))
    group by all
)
select member_type, act, turns_n,
    turns_n / sum(turns_n) over (partition by member_type) as share
from counted
order by member_type, act
