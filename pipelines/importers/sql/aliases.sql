-- Aliases that can apply to the meeting: its own and the general ones (blank meeting_id).
select alias, meeting_id, member_id
from member_aliases
where meeting_id is null or meeting_id = '' or meeting_id = $meeting_id
