-- Direct cost of a selection per CoP, month (first day) and category.
select cop_id, date_trunc('month', incurred_on)::date as month, category,
    sum(amount_gbp) as amount_gbp
from costs_for($cop_ids::varchar[], $date_from::date, $date_to::date,
    $meeting_types::varchar[], $modes::varchar[])
group by all
order by cop_id, month, category
