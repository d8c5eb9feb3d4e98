-- The meeting a journal names: one row or none.
select meeting_id, cop_id, held_on, duration_min, mode
from meetings
where meeting_id = $meeting_id
