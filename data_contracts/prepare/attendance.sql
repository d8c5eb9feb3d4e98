-- Cross-dataset columns for attendance: one row per incoming row (_row).
-- `incoming` is the file's rows, typed; meetings and members are already loaded.
select
    incoming._row,
    meeting.cop_id as meeting_cop_id,
    meeting.mode as meeting_mode,
    meeting.duration_min as meeting_duration_min,
    meeting.duration_min + 60 as latest_left_min,
    member.cop_id as member_cop_id,
    -- rounded so that 0.1 + 0.2 does not count as more than 0.3
    round(incoming.left_min - incoming.joined_min, 6) as attended_span_min
from incoming
left join meetings as meeting on meeting.meeting_id = incoming.meeting_id
left join members as member on member.member_id = incoming.member_id
