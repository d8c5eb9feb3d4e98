-- Every meeting of a CoP, whatever its mode: the live logger names a new meeting in the
-- style of these ids. One row per meeting.
select meeting_id, held_on, meeting_type
from meetings
where cop_id = $cop_id
order by held_on, meeting_id
