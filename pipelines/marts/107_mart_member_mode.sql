-- mart_member_mode (public, v2): one row per member and mode with at least one observed
-- meeting of that mode attended, over all meetings, facilitators left out (member_mode).
create or replace view mart_member_mode as
select cop_id, member_id, member_type, mode, meetings_n, talk_s, talk_share, equity_ratio
from member_mode(false, []::varchar[], null::date, null::date, []::varchar[], []::varchar[])
