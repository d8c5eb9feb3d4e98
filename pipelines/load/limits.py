"""How much of a file the load holds at once, DuckDB's memory while it does, and how the
contracts' checks run."""

# A bigger file is validated and stored in parts of about this many rows (grouped by
# primary key), so that its typed copies and check frames exist for one part at a time
# (about 0.6 GB of Python memory for 500,000 speaking turns; 1.3 GB for a million).
PART_ROWS = 500_000


# DuckDB's memory during a load: beyond it DuckDB spills to a temporary folder beside the
# working copy instead of growing. Two limits, so that the load's peak stays under 3 GB at
# 10M turns without DuckDB spilling when Python holds little: the larger while DuckDB does
# a step's work alone (reading a file into a staged table, its cross-dataset queries, the
# marts: 1 GB made them spill, 16 s of a 10M load), the smaller while a file's parts are
# checked in Python (a part's frames take about 0.6 GB beside it).
DUCKDB_MEMORY = "1GB"


DUCKDB_MEMORY_ALONE = "1.5GB"


# The SQL engine brings a file's quarantined rows to Python to write their messages (about
# 1.5 GB of Python and Arrow memory for a 10M programme's 482,897 quarantined turns), and
# that frame stays until they are stored, after the accepted rows' insert. With more than
# MANY_QUARANTINED_ROWS of them, DuckDB keeps to DUCKDB_MEMORY_BESIDE_MESSAGES while the
# messages are written and to DUCKDB_MEMORY during the insert: with DuckDB at 1.5 GB
# throughout, the 10M load peaked at 3.2 GB (issue 18; now 2.6 GB, no slower).
MANY_QUARANTINED_ROWS = 100_000
DUCKDB_MEMORY_BESIDE_MESSAGES = "512MB"

# How the load runs the contracts' checks: "sql" (compiled to DuckDB SQL from the
# contracts, `pipelines/contracts/_sql.py`; Great Expectations is not imported) or "gx"
# (Great Expectations, the reference the SQL engine is tested against).
CONTRACT_ENGINE = "sql"
