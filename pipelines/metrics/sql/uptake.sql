-- Uptake pairs as of the selection's end date (definition in marts/070_mart_uptake.sql).
select u.*, r.title
from uptake_as_of($cop_ids::varchar[], $date_to::date) as u
left join recommendations as r using (recommendation_id)
order by u.recommendation_id, u.cop_id, u.site
