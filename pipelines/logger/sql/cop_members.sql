-- The member ids of the meeting's CoP.
select m.member_id
from members m
join meetings g on g.cop_id = m.cop_id
where g.meeting_id = $meeting_id
