-- mart_lay_members: MEMBER-LEVEL, lay_members over every meeting (no selection) with the
-- default three recent CoP meetings (pipelines.metrics.participation.LAY_RECENT_N), once with
-- facilitators left out and once with them in (facilitators_included): one row per lay
-- member and setting. lay_members reads it when a selection takes in every meeting (the
-- dashboard's first view of the Lay members page and the Overview's alerts) instead of
-- aggregating every lay member's meetings again (about 0.1 s at 10M turns on a new
-- connection); any narrower selection, or another number of recent meetings, runs the
-- macro. Per CoP (a member's meetings are their CoP's: attendance.member_id.same_cop), so
-- an incremental build ($cops) rebuilds the changed CoPs' members.
create or replace table mart_lay_members as
select false as facilitators_included, *
from lay_members(false, coalesce($cops::varchar[], []::varchar[]), null::date, null::date,
    []::varchar[], []::varchar[], 3)
union all
select true as facilitators_included, *
from lay_members(true, coalesce($cops::varchar[], []::varchar[]), null::date, null::date,
    []::varchar[], []::varchar[], 3)
