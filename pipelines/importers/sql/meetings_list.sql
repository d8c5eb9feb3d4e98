-- Meetings to import into, newest first (for the Import page's picker).
select meeting_id, held_on, mode
from meetings
order by held_on desc, meeting_id
