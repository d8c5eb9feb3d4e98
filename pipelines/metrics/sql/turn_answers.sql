-- Questions and challenges of the selected meetings by asking member type, act and the
-- member type of the next floor turn (mart_turn_answers), with each one's share of the
-- asking type's turns of that act.
with counted as (
    select member_type, act, answered_by, sum(turns_n)::bigint as turns_n
    from mart_turn_answers
    where facilitators_included = $include_facilitators
      and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
          $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
    group by all
)
select member_type, act, answered_by, turns_n,
    turns_n / sum(turns_n) over (partition by member_type, act) as share
from counted
order by member_type, act, answered_by
