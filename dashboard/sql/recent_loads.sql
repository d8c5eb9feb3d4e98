-- One row per file read by the most recent loads (audit table load_batches), newest first.
select load_id, dataset, source_file, rows_read, rows_loaded, rows_quarantined,
       started_at, finished_at, status, warnings
from load_batches
order by finished_at desc, dataset, source_file
limit $limit
