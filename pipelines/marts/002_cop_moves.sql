-- cop_moves(...): one row per CoP with meetings in the selection (the selection's mode
-- filter is not used: a move online is read from all its modes): its first meeting, its
-- first in-person meeting, how many meetings of each mode it held, and when it moved
-- online: the date of its first online meeting held after its first in-person meeting
-- (docs/metrics.md, "Digital exclusion"); NULL for a CoP that did not move.
-- A table macro, so that the metrics API's online_moves and the exclusion_members macro
-- (and its mart) read the move from one definition.
create or replace macro cop_moves(cop_ids, date_from, date_to, meeting_types) as table
with selected as (
    select cop_id, held_on, mode
    from meetings
    where selected_meeting(cop_id, held_on, meeting_type, mode, cop_ids,
        date_from, date_to, meeting_types, []::varchar[])
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
)
select f.*, v.moved_online_on
from firsts as f
left join moves as v on v.cop_id = f.cop_id;
