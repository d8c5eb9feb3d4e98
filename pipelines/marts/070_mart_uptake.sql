-- mart_uptake (public): one row per (recommendation, CoP, site). Built by the table macro
-- uptake_as_of(cop_ids, date_to), which the metrics API calls with a selection: the status
-- of a pair on a date is its latest event on or before it (ties: the later stage, `dropped`
-- last); furthest_stage is the highest stage reached (dropped not counted); implemented_on is
-- the first event at implemented or sustained (a pair that skipped to sustained has been
-- implemented). NULL arguments mean every CoP and every date.
create or replace macro uptake_as_of(cop_ids, date_to) as table
with

events as (
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
    where (cop_ids is null or len(cop_ids) = 0 or list_contains(cop_ids, cop_id))
      and (date_to is null or status_on <= date_to)
),

latest as (
    select recommendation_id, cop_id, site, status as latest_status, status_on as latest_on
    from events
    qualify row_number() over (
        partition by recommendation_id, cop_id, site order by status_on desc, stage_rank desc
    ) = 1
),

pairs as (
    select
        recommendation_id,
        cop_id,
        site,
        min(status_on) as first_on,
        max(stage_rank) filter (where status <> 'dropped') as furthest_rank,
        min(status_on) filter (where status in ('implemented', 'sustained')) as implemented_on
    from events
    group by recommendation_id, cop_id, site
),

final as (
    select
        p.recommendation_id,
        p.cop_id,
        p.site,
        p.first_on,
        l.latest_status,
        l.latest_on,
        ['proposed', 'agreed', 'in_progress', 'implemented', 'sustained'][p.furthest_rank]
            as furthest_stage,
        p.furthest_rank,
        p.implemented_on,
        date_diff('day', p.first_on, p.implemented_on) as days_to_implemented,
        l.latest_status = 'dropped' as is_dropped
    from pairs as p
    join latest as l using (recommendation_id, cop_id, site)
)

select * from final
order by recommendation_id, cop_id, site;

create or replace view mart_uptake as
select * from uptake_as_of(null, null)
