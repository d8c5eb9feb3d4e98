-- mart_uptake_events: one row per uptake event (recommendation_status row), carrying what
-- its (recommendation, CoP, site) pair looks like once this event is the latest: the
-- pair's first event date, the next event's date (NULL for the last), the furthest stage
-- reached up to this event (dropped not counted) and the pair's first implemented or
-- sustained date. Events of a pair are ordered by date, then stage (`dropped` last), as in
-- uptake_as_of (070_mart_uptake.sql), which reads this table: the status of a pair on a
-- date is then one row (status_on <= date < next_on), without a sort per query.
create or replace table mart_uptake_events as
with

events as (
    -- $cops: the CoPs to build (NULL = every CoP); see build_marts
    select
        recommendation_id,
        cop_id,
        site,
        status_on,
        status,
        meeting_id,
        case status
            when 'proposed' then 1
            when 'agreed' then 2
            when 'in_progress' then 3
            when 'implemented' then 4
            when 'sustained' then 5
            when 'dropped' then 6
        end as stage_rank
    from recommendation_status
    where ($cops::varchar[] is null or list_contains($cops::varchar[], cop_id))
),

final as (
    select
        recommendation_id,
        cop_id,
        site,
        status_on,
        status,
        stage_rank,
        meeting_id,
        min(status_on) over pair as first_on,
        lead(status_on) over ordered as next_on,
        max(case when status <> 'dropped' then stage_rank end) over (
            ordered rows between unbounded preceding and current row) as furthest_rank,
        min(status_on) filter (where status in ('implemented', 'sustained')) over pair
            as implemented_on
    from events
    window
        pair as (partition by recommendation_id, cop_id, site),
        ordered as (partition by recommendation_id, cop_id, site
            order by status_on, coalesce(stage_rank, 0))
)

select * from final
order by recommendation_id, cop_id, site, status_on, stage_rank
