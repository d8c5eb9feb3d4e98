-- Pairs per current status at the end of each month, from the first event's month to the
-- last (or the selection's end). A pair counts from the month of its first event.
-- A pair's status changes only in months with an event: at the end of such a month it is
-- the month's last event (ties: the later stage), and it holds until the pair's next month
-- with an event. So each pair adds 1 to a status from the month it enters it and takes 1
-- away in the month it leaves; running sums of those changes give the counts, without
-- pairing every month with every event.
with events as (
    -- each event with the date of its pair's next event (mart_uptake_events)
    select status, stage_rank, status_on,
        case when $date_to::date is null or next_on <= $date_to::date then next_on end as next_on
    from mart_uptake_events
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
month_end as (
    -- the last event of each pair in each month with one (events are ordered by date, then
    -- stage), and the month of the pair's next event, when its status changes again
    select status, stage_rank, month, next_month
    from (
        select status, stage_rank, date_trunc('month', status_on)::date as month,
            date_trunc('month', next_on)::date as next_month
        from events
    )
    where next_month is null or next_month > month
),
changes as (
    select month, status, stage_rank, 1 as change from month_end
    union all
    select next_month, status, stage_rank, -1 from month_end where next_month is not null
),
statuses as (
    select distinct status, stage_rank from month_end
),
counted as (
    select m.month, s.status, s.stage_rank,
        sum(coalesce(c.change, 0)) over (
            partition by s.status, s.stage_rank order by m.month
            rows between unbounded preceding and current row)::bigint as pairs_n
    from months as m
    cross join statuses as s
    left join (
        select month, status, stage_rank, sum(change) as change from changes group by all
    ) as c on c.month = m.month and c.status = s.status
        and c.stage_rank is not distinct from s.stage_rank
)
select month, status, pairs_n
from counted
where pairs_n > 0
  and ($date_from::date is null or month >= date_trunc('month', $date_from::date))
order by month, stage_rank
