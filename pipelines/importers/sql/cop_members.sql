-- Every member of the meeting's CoP (the choices when mapping an unresolved name).
select m.member_id, m.member_type
from members m
join meetings g on g.cop_id = m.cop_id
where g.meeting_id = $meeting_id
order by m.member_id
