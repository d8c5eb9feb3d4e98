-- Direct cost of a selection per month (first day) and category, per CoP when $per_cop
-- (cop_id is NULL otherwise: one row per month and category over all selected CoPs).
select case when $per_cop::boolean then cop_id end as cop_id,
    date_trunc('month', incurred_on)::date as month, category,
    sum(amount_gbp) as amount_gbp
from costs_for($cop_ids::varchar[], $date_from::date, $date_to::date,
    $meeting_types::varchar[], $modes::varchar[])
group by all
order by cop_id, month, category
