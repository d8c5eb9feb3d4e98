-- MEMBER-LEVEL: one row per cohort member of the selection (exclusion_members macro,
-- pipelines/marts/110_exclusion_members.sql), in cop_id, member_id order.
select *
from exclusion_members($include_facilitators, $cop_ids::varchar[], $date_from::date,
    $date_to::date, $meeting_types::varchar[])
