"""CPU and wall time of a full load per kind of work (reading, typing, lookups, checks, ...).

`load_stages.py` splits a load by its progress messages (file by file, then the marts);
this splits it by what the work is, summed over the files: it wraps the load's functions
for each kind with a timer of this process's CPU (user + system, all of DuckDB's threads,
from `getrusage`) and wall clock. CPU seconds are the figure to compare on a shared
machine, where other processes stretch the wall clock.

`python benchmarks/load_stages_cpu.py FOLDER DB OUT.json [--code DIR]`: `--code` loads with
the copdash source tree in DIR instead (another checkout, to compare two versions on the
same files; the wrapped functions must exist there too).
"""

from __future__ import annotations

import argparse
import collections
import json
import resource
import sys
import time
from pathlib import Path

__all__ = ["load_stages_cpu"]

# kind of work -> the functions doing it, as (module, attribute) or (module, class, method)
STAGES = {
    "reading (DuckDB CSV reader, header, blank rows)": [("pipelines.load.transaction", "_rows_of")],
    "typing (incoming)": [("pipelines.contracts._in_duckdb", "CheckedInDuckDB", "_stage")],
    "lookups and prepare queries": [("pipelines.contracts._validate", "_Lookups", "run_queries"),
                                    ("pipelines.contracts._in_duckdb", "CheckedInDuckDB", "_one_row_each")],
    "checks": [("pipelines.contracts._in_duckdb", "CheckedInDuckDB", "_check")],
    "messages (quarantined rows, in Python)": [("pipelines.contracts._in_duckdb", "CheckedInDuckDB",
                                                "quarantined")],
    "inserts (accepted rows, quarantine)": [("pipelines.load.one_file", "_upsert"),
                                            ("pipelines.load.one_file", "_store_quarantine")],
    "marts": [("pipelines.load.transaction", "_build_marts")],
    "commits after each file": [("pipelines.load.transaction", "_commit_step")],
}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load_stages_cpu(folder: Path, db: Path, started: float | None = None) -> dict[str, dict]:
    """Load `folder` into a fresh `db`; {stage: {cpu_s, wall_s}}, "other" and "total"."""
    import importlib

    started = time.perf_counter() if started is None else started
    spent: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0])
    for stage, targets in STAGES.items():
        for module, *names in targets:
            owner = importlib.import_module(module)
            for name in names[:-1]:
                owner = getattr(owner, name)
            original = getattr(owner, names[-1])

            def timed(*args, _original=original, _stage=stage, **kwargs):
                cpu, wall = _cpu(), time.perf_counter()
                try:
                    return _original(*args, **kwargs)
                finally:
                    spent[_stage][0] += _cpu() - cpu
                    spent[_stage][1] += time.perf_counter() - wall

            setattr(owner, names[-1], timed)
    from pipelines.load import load_paths

    for path in (db, Path(f"{db}.wal")):
        path.unlink(missing_ok=True)
    report = load_paths([folder], db)
    if not report.ok:
        raise RuntimeError(report.summary())
    total_cpu, total_wall = _cpu(), time.perf_counter() - started
    result = {stage: {"cpu_s": round(cpu, 2), "wall_s": round(wall, 2)}
              for stage, (cpu, wall) in spent.items()}
    result["other (start-up, first scan of the files, final commit)"] = {
        "cpu_s": round(total_cpu - sum(c for c, _ in spent.values()), 2),
        "wall_s": round(total_wall - sum(w for _, w in spent.values()), 2)}
    result["total"] = {"cpu_s": round(total_cpu, 2), "wall_s": round(total_wall, 2),
                       "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
    return result


if __name__ == "__main__":
    began = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    figures = load_stages_cpu(args.folder, args.db, began)
    args.out.write_text(json.dumps(figures, indent=1) + "\n")
    for stage, value in figures.items():
        print(f"{value['cpu_s']:7.2f} s CPU {value['wall_s']:7.2f} s wall  {stage}")
