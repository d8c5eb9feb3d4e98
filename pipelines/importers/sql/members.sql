-- Members of the meeting's CoP whose membership covers the meeting's date (expected
-- members, facilitators included: their absence is a fact too).
select m.member_id
from members m
join meetings g on g.cop_id = m.cop_id
where g.meeting_id = $meeting_id
  and (m.joined_on is null or m.joined_on <= g.held_on)
  and (m.left_on is null or m.left_on >= g.held_on)
order by m.member_id
