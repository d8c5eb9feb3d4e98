-- mart_turn_response (public, v2): one row per observed meeting and member type (all three,
-- zero-filled), facilitators left out.
create or replace view mart_turn_response as
select cop_id, meeting_id, held_on, mode, member_type, turns_with_next_n, responded_n,
    response_share
from mart_turn_response_stats
where not facilitators_included
