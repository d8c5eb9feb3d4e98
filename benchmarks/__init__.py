"""The copdash performance benchmark (issue 6): a script, not a test.

`python benchmarks/run.py --sizes 100k,1M` generates programmes, measures the floor, full and
incremental loads, page queries, first renders and peak memory, and writes `results.json`
and the table in `README.md`. Each measured command runs in its own process so that its
peak memory is its own.
"""
