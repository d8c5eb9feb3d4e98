-- mart_member_mode_pairs: member_mode_pairs over every meeting (no selection), once with
-- facilitators left out of the meetings' figures and once with them in
-- (facilitators_included): one row per member and setting. The within-member comparison
-- reads it when a selection takes in every meeting (the dashboard's first view), instead of
-- aggregating the member rows again (0.2 s at 10M turns); any narrower selection runs the
-- macro. Per CoP, so an incremental build ($cops) rebuilds the changed CoPs' members.
create or replace table mart_member_mode_pairs as
select false as facilitators_included, *
from member_mode_pairs(false, coalesce($cops::varchar[], []::varchar[]), null::date, null::date,
    []::varchar[], []::varchar[])
union all
select true as facilitators_included, *
from member_mode_pairs(true, coalesce($cops::varchar[], []::varchar[]), null::date, null::date,
    []::varchar[], []::varchar[])
