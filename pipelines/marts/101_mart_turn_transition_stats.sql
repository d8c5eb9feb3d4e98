-- mart_turn_transition_stats: one row per facilitator switch, observed meeting and ordered
-- pair of member types (all nine, zero-filled): transitions of the floor from a member of
-- one type to a member of the next (mart_turn_floor) and the count random mixing would give,
-- expected_n = r_a c_b / n (row total x column total / all transitions; NULL where n = 0).
create or replace table mart_turn_transition_stats as
with

switch as (
    select unnest([false, true]) as facilitators_included
),

meetings as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select distinct cop_id, meeting_id, held_on, mode, meeting_type
    from mart_meeting_member
    where is_observed
      and ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

types as (
    select unnest(['lay', 'clinical', 'non_clinical']) as member_type
),

grid as (
    select s.facilitators_included, m.*, f.member_type as from_member_type,
        t.member_type as to_member_type
    from meetings as m
    cross join switch as s
    cross join types as f
    cross join types as t
),

counted as (
    select facilitators_included, meeting_id, member_type as from_member_type,
        next_member_type as to_member_type, count(*) as transitions_n
    from mart_turn_floor
    where next_member_type is not null
      and ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
    group by all
),

filled as (
    select g.*, coalesce(c.transitions_n, 0) as transitions_n
    from grid as g
    left join counted as c
        on c.facilitators_included = g.facilitators_included
        and c.meeting_id = g.meeting_id
        and c.from_member_type = g.from_member_type
        and c.to_member_type = g.to_member_type
),

totals as (
    select *,
        sum(transitions_n) over (partition by facilitators_included, meeting_id,
                                 from_member_type) as from_n,
        sum(transitions_n) over (partition by facilitators_included, meeting_id,
                                 to_member_type) as to_n,
        sum(transitions_n) over (partition by facilitators_included, meeting_id) as meeting_n
    from filled
),

final as (
    select facilitators_included, cop_id, meeting_id, held_on, mode, meeting_type,
        from_member_type, to_member_type, transitions_n::bigint as transitions_n,
        case when meeting_n > 0 then from_n * to_n / meeting_n end::double as expected_n,
        meeting_n::bigint as meeting_transitions_n
    from totals
)

select * from final
order by meeting_id, facilitators_included, from_member_type, to_member_type
