-- One row per survey instrument: its title and scale, for labels and widgets.
select instrument_id, title, scale_min, scale_max
from instruments
order by instrument_id
