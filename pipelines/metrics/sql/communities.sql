-- The CoPs, for selection widgets.
select cop_id, name, started_on, ended_on from communities order by cop_id
