-- MEMBER-LEVEL: digital_exclusion_members.sql for a selection that takes in every meeting:
-- the same rows, read from mart_exclusion_members (built by the same macro at load).
select * exclude (facilitators_included)
from mart_exclusion_members
where facilitators_included = $include_facilitators
order by cop_id, member_id
