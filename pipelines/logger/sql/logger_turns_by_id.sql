-- The ids of the stored turns recorded by the live logger (turn_id = session_id-event_id).
select turn_id
from speaking_turns
where source = 'logger'
