-- member_mode_pairs.sql for a selection that takes in every meeting: the same rows, read
-- from mart_member_mode_pairs (built by the same macro at load).
select member_id, member_type, talk_share_in_person, talk_share_online,
    equity_ratio_in_person, equity_ratio_online
from mart_member_mode_pairs
where facilitators_included = $include_facilitators
order by member_id, member_type
