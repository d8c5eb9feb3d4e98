-- The CoP of each of the given member ids the database holds (one row per member found).
select member_id, cop_id
from members
where list_contains($member_ids::varchar[], member_id)
