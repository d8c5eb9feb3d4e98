-- One row: when data were last loaded, how many files that load read, and how many of
-- its rows were quarantined (the Overview's "data freshness" line).
with latest as (
    select load_id
    from load_batches
    order by finished_at desc
    limit 1
),

final as (
    select max(b.finished_at) as last_loaded_at,
           count(*) as files_n,
           sum(b.rows_read) as rows_read,
           sum(b.rows_loaded) as rows_loaded,
           sum(b.rows_quarantined) as rows_quarantined
    from load_batches as b
    where b.load_id in (select load_id from latest)
)

select * from final where last_loaded_at is not null
