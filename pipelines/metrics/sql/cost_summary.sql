-- Cost figures per CoP for a selection (definition in marts/080_mart_cost_summary.sql).
select *
from cost_summary_for($cop_ids::varchar[], $date_from::date, $date_to::date,
    $meeting_types::varchar[], $modes::varchar[])
