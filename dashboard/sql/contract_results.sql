-- One row per dataset: the latest load of each of its files, summed, with the number of
-- quarantined rows still waiting to be fixed (grain: dataset).
with latest_per_file as (
    select *,
           row_number() over (partition by source_file order by finished_at desc) as recency
    from load_batches
),

files as (
    select dataset,
           count(*) as files_n,
           sum(rows_read) as rows_read,
           sum(rows_loaded) as rows_loaded,
           sum(rows_quarantined) as rows_quarantined,
           max(finished_at) as last_loaded_at
    from latest_per_file
    where recency = 1
    group by dataset
),

final as (
    select dataset, files_n, rows_read, rows_loaded, rows_quarantined, last_loaded_at,
           case when rows_quarantined = 0 then 'all rows passed'
                else 'some rows quarantined' end as result
    from files
)

select * from final order by dataset
