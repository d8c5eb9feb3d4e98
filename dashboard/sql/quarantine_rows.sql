-- One row per quarantined input row, with its reason and its values as read.
select dataset, source_file, line_number, rule, message, cast(raw_row as varchar) as raw_row
from quarantine
order by dataset, source_file, line_number
