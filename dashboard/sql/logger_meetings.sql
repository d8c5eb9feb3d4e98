-- Meetings an observer can record live (in person or hybrid), newest first, with their CoP.
select g.meeting_id, g.cop_id, c.name as cop_name, g.held_on, g.mode, g.duration_min, g.venue
from meetings g
join communities c on c.cop_id = g.cop_id
where g.mode in ('in_person', 'hybrid')
order by g.held_on desc, g.meeting_id
