-- Attach the live database file read-only to an in-memory connection. Connecting to the
-- path itself would reuse a database instance DuckDB still holds open for that path,
-- which after a load (os.replace) is the previous version of the file.
attach $path as live (read_only)
