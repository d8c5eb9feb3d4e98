-- Which of the ids offered ($ids) a meeting or a member already has, in any CoP: the live
-- logger gives a new meeting or member the first id not taken. One row per id taken.
select meeting_id as id
from meetings
where list_contains($ids::varchar[], meeting_id)
union
select member_id as id
from members
where list_contains($ids::varchar[], member_id)
