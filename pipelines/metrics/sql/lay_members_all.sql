-- MEMBER-LEVEL: lay_members.sql for a selection that takes in every meeting, with the
-- default three recent meetings: the same rows, read from mart_lay_members (built by the
-- same macro at load).
select * exclude (facilitators_included)
from mart_lay_members
where facilitators_included = $include_facilitators
order by member_id
