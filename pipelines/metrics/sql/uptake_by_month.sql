-- Pairs per current status at the end of each month, from the first event's month to the
-- last (or the selection's end). A pair counts from the month of its first event.
with events as (
    select recommendation_id, cop_id, site, status_on, status,
        list_position(['proposed', 'agreed', 'in_progress', 'implemented', 'sustained',
            'dropped'], status) as stage_rank
    from recommendation_status
    where (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], cop_id))
      and ($date_to::date is null or status_on <= $date_to::date)
),
bounds as (
    select date_trunc('month', min(status_on)) as first_month,
        date_trunc('month', coalesce($date_to::date, max(status_on))) as last_month
    from events
),
months as (
    select unnest(generate_series(first_month, last_month, interval 1 month))::date as month
    from bounds
    where first_month is not null
),
status_at as (
    select m.month, e.status, e.stage_rank
    from months as m
    join events as e on e.status_on < m.month + interval 1 month
    qualify row_number() over (
        partition by m.month, e.recommendation_id, e.cop_id, e.site
        order by e.status_on desc, e.stage_rank desc
    ) = 1
)
select month, status, count(*) as pairs_n
from status_at
where $date_from::date is null or month >= date_trunc('month', $date_from::date)
group by month, status, stage_rank
order by month, stage_rank
