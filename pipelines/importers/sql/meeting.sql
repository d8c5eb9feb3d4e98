-- The meeting a file is imported into: one row or none.
select meeting_id, cop_id, held_on, start_time, duration_min, mode
from meetings
where meeting_id = $meeting_id
