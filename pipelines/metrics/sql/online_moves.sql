-- One row per CoP with meetings in the selection (the selection's mode filter is not used:
-- a move online is read from all its modes): when the CoP moved online, i.e. the date of
-- its first online meeting held after its first in-person meeting (docs/metrics.md,
-- "Digital exclusion"), and how many meetings of each mode it held: the cop_moves macro
-- (pipelines/marts/002_cop_moves.sql), with the meetings held on each side of the move.
with selected as (
    select cop_id, meeting_id, held_on, mode
    from meetings
    where selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
        $date_from::date, $date_to::date, $meeting_types::varchar[], []::varchar[])
),
moves as (
    select *
    from cop_moves($cop_ids::varchar[], $date_from::date, $date_to::date,
        $meeting_types::varchar[])
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
    where v.moved_online_on is not null
    group by v.cop_id
),
final as (
    select
        v.cop_id,
        c.name,
        v.first_meeting_on,
        v.moved_online_on,
        v.in_person_n,
        v.online_n,
        coalesce(d.in_person_before_n, 0) as in_person_before_n,
        coalesce(d.online_after_n, 0) as online_after_n
    from moves as v
    join communities as c on c.cop_id = v.cop_id
    left join sides as d on d.cop_id = v.cop_id
)
select * from final
order by cop_id
