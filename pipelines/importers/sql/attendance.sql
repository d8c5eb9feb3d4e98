-- The meeting's attendance rows as they stand before the import.
select member_id, status, attended_via, minutes_attended
from attendance
where meeting_id = $meeting_id
order by member_id
