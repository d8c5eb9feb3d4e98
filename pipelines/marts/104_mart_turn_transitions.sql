-- mart_turn_transitions (public, v2): one row per observed meeting and ordered pair of
-- member types (all nine, zero-filled), facilitators left out.
create or replace view mart_turn_transitions as
select cop_id, meeting_id, held_on, mode, from_member_type, to_member_type, transitions_n,
    expected_n
from mart_turn_transition_stats
where not facilitators_included
