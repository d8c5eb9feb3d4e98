-- MEMBER-LEVEL: one row per lay member of the selection's CoPs (lay_members macro,
-- pipelines/marts/112_lay_members.sql), in member_id order.
select *
from lay_members($include_facilitators, $cop_ids::varchar[], $date_from::date,
    $date_to::date, $meeting_types::varchar[], $modes::varchar[], $recent_n::integer)
order by member_id
