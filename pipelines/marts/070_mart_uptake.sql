-- mart_uptake (public): one row per (recommendation, CoP, site). Built by the table macro
-- uptake_as_of(cop_ids, date_to), which the metrics API calls with a selection: the status
-- of a pair on a date is its latest event on or before it (ties: the later stage, `dropped`
-- last); furthest_stage is the highest stage reached (dropped not counted); implemented_on is
-- the first event at implemented or sustained (a pair that skipped to sustained has been
-- implemented). NULL arguments mean every CoP and every date.
-- The latest event on or before date_to is the row of mart_uptake_events with
-- status_on <= date_to < next_on (065_mart_uptake_events.sql); that row carries the
-- pair's first date and its furthest stage up to then.
create or replace macro uptake_as_of(cop_ids, date_to) as table
with

latest as (
    select *
    from mart_uptake_events
    where (cop_ids is null or len(cop_ids) = 0 or list_contains(cop_ids, cop_id))
      and (date_to is null or status_on <= date_to)
      and (next_on is null or next_on > date_to)
),

as_of as (
    select
        *,
        case when date_to is null or implemented_on <= date_to then implemented_on end
            as implemented_as_of
    from latest
),

final as (
    select
        recommendation_id,
        cop_id,
        site,
        first_on,
        status as latest_status,
        status_on as latest_on,
        ['proposed', 'agreed', 'in_progress', 'implemented', 'sustained'][furthest_rank]
            as furthest_stage,
        furthest_rank,
        implemented_as_of as implemented_on,
        date_diff('day', first_on, implemented_as_of) as days_to_implemented,
        status = 'dropped' as is_dropped
    from as_of
)

-- unordered: callers order (a sort here would be paid again by every cost summary)
select * from final;

create or replace view mart_uptake as
select * from uptake_as_of(null, null)
order by recommendation_id, cop_id, site
