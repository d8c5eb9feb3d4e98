-- The members of a CoP (who can be ticked present), with their type and role.
select member_id, member_type, role
from members
where cop_id = $cop_id
order by member_type, member_id
