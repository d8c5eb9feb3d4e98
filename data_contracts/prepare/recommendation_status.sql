-- Cross-dataset columns for recommendation_status: one row per incoming row (_row).
select
    incoming._row,
    meeting.cop_id as meeting_cop_id
from incoming
left join meetings as meeting on meeting.meeting_id = incoming.meeting_id
