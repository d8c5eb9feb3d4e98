-- One row per CoP with meetings in the selection (the selection's mode filter is not used:
-- a move online is read from all its modes): when the CoP moved online, i.e. the date of
-- its first online meeting held after its first in-person meeting (docs/metrics.md,
-- "Digital exclusion"), and how many meetings of each mode it held. One pass over the
-- selected meetings per step (no subquery per CoP).
with selected as (
    select cop_id, meeting_id, held_on, mode
    from meetings
    where selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
        $date_from::date, $date_to::date, $meeting_types::varchar[], []::varchar[])
),
firsts as (
    select
        cop_id,
        min(held_on) as first_meeting_on,
        min(held_on) filter (where mode = 'in_person') as first_in_person_on,
        count(*) filter (where mode = 'in_person') as in_person_n,
        count(*) filter (where mode = 'online') as online_n
    from selected
    group by cop_id
),
moves as (
    select f.cop_id, min(s.held_on) as moved_online_on
    from firsts as f
    join selected as s
        on s.cop_id = f.cop_id and s.mode = 'online' and s.held_on > f.first_in_person_on
    group by f.cop_id
),
sides as (
    select
        v.cop_id,
        count(*) filter (where s.mode = 'in_person' and s.held_on < v.moved_online_on)
            as in_person_before_n,
        count(*) filter (where s.mode = 'online' and s.held_on >= v.moved_online_on)
            as online_after_n
    from moves as v
    join selected as s on s.cop_id = v.cop_id
    group by v.cop_id
),
final as (
    select
        f.cop_id,
        c.name,
        f.first_meeting_on,
        v.moved_online_on,
        f.in_person_n,
        f.online_n,
        coalesce(d.in_person_before_n, 0) as in_person_before_n,
        coalesce(d.online_after_n, 0) as online_after_n
    from firsts as f
    join communities as c on c.cop_id = f.cop_id
    left join moves as v on v.cop_id = f.cop_id
    left join sides as d on d.cop_id = f.cop_id
)
select * from final
order by cop_id
