-- TEMPORARY ADAPTER (dashboard/queries.py: instruments) until pipelines.metrics offers it.
-- One row per survey instrument: its title and scale, for the survey page's labels.
select instrument_id, title, scale_min, scale_max
from instruments
order by instrument_id
