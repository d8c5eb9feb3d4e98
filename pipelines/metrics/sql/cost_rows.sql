-- The cost rows of a selection, for the cost page's table and download.
select *
from costs_for($cop_ids::varchar[], $date_from::date, $date_to::date,
    $meeting_types::varchar[], $modes::varchar[])
order by incurred_on, cost_id
