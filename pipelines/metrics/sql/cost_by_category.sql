-- Direct cost of a selection per CoP and category.
select cop_id, category, sum(amount_gbp) as amount_gbp
from costs_for($cop_ids::varchar[], $date_from::date, $date_to::date,
    $meeting_types::varchar[], $modes::varchar[])
group by all
order by cop_id, category
