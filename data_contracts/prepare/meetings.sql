-- Cross-dataset columns for meetings: one row per incoming meeting (_row).
-- `incoming` is the file's rows, typed; communities and members are already loaded.
select
    incoming._row,
    community.started_on as cop_started_on,
    community.ended_on as cop_ended_on,
    chair.cop_id as chair_cop_id
from incoming
left join communities as community on community.cop_id = incoming.cop_id
left join members as chair on chair.member_id = incoming.chair_member_id
