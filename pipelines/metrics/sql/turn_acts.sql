-- Voice turns of the selected meetings by member type and coded act (mart_meeting_acts).
with counted as materialized (
    -- materialized: the share below would otherwise scan the mart a second time
    select member_type, act, sum(turns_n)::bigint as turns_n
    from mart_meeting_acts
    where ($include_facilitators or not is_facilitator)
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
    group by all
)
select member_type, act, turns_n,
    turns_n / sum(turns_n) over (partition by member_type) as share
from counted
order by member_type, act
