-- mart_exclusion_members: MEMBER-LEVEL, exclusion_members over every meeting (no selection),
-- once with facilitators left out and once with them in (facilitators_included): one row
-- per cohort member and setting. digital_exclusion_members reads it when a selection takes
-- in every meeting (the dashboard's first view) instead of working the cohort out again
-- (0.2 s at 10M turns); any narrower selection runs the macro. Per CoP (a CoP's move and
-- members depend on its meetings only), so an incremental build ($cops) rebuilds the
-- changed CoPs' members.
create or replace table mart_exclusion_members as
select false as facilitators_included, *
from exclusion_members(false, coalesce($cops::varchar[], []::varchar[]), null::date, null::date,
    []::varchar[])
union all
select true as facilitators_included, *
from exclusion_members(true, coalesce($cops::varchar[], []::varchar[]), null::date, null::date,
    []::varchar[])
