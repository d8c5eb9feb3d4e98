-- Whether the live database is attached (false for the empty in-memory stand-in).
select count(*) > 0 from duckdb_databases() where database_name = 'live'
