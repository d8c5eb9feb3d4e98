"""N uploaders at once against one database: how long each upload waits and loads.

Each uploader is its own process running the real `copdash load FOLDER --db FILE` on one new
meeting's files (a copy of the database's latest observed meeting under new identifiers,
as the incremental-load benchmark makes it: its meetings, attendance, speaking_turns and
costs rows). All N start together; the load's writer lock (`pipelines/load/working_copy.py`)
serialises them, so an upload's time from its start to its end is its wait in the queue
plus its own load. For each N the database starts as the same copy of a full programme.

`python -m benchmarks.uploaders PROGRAMME DB OUT.json [--counts 1,2,4,8]` (DB: a database
a full load of PROGRAMME made, e.g. `copdash-1M.duckdb` in `run.py`'s work folder). Not a
test: nothing is asserted; docs/scaling.md says what the figures mean.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `pipelines` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.processes import REPO, python_command  # noqa: E402
from benchmarks.programme import new_meeting_files  # noqa: E402

__all__ = ["simulate"]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def simulate(programme: Path, full_db: Path, work: Path, count: int) -> dict[str, object]:
    """`count` uploads started at once against a copy of `full_db`; each one's seconds."""
    db = work / f"uploads-{count}.duckdb"
    for path in [db, Path(f"{db}.wal"), Path(f"{db}.lock")]:
        path.unlink(missing_ok=True)
    shutil.copyfile(full_db, db)
    folders = []
    for number in range(count):
        folder = work / f"upload-{count}-{number}"
        shutil.rmtree(folder, ignore_errors=True)
        new_meeting_files(programme, full_db, folder, suffix=f"-u{count}x{number}")
        folders.append(folder)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    processes = [subprocess.Popen(python_command("-m", "pipelines", "load", str(folder), "--db", str(db)),
                                  cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
                 for folder in folders]
    seconds = [0.0] * count
    pending = set(range(count))
    while pending:
        for number in list(pending):
            if processes[number].poll() is not None:
                seconds[number] = time.perf_counter() - started
                pending.discard(number)
        time.sleep(0.01)
    failed = [n for n, process in enumerate(processes) if process.returncode != 0]
    if failed:
        raise RuntimeError(f"{len(failed)} of {count} uploads failed")
    all_done = max(seconds)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    db.unlink(missing_ok=True)
    return {"uploaders": count, "median_s": round(statistics.median(seconds), 2),
            "p95_s": round(_p95(seconds), 2), "all_done_s": round(all_done, 2),
            "uploads_per_minute": round(60 * count / all_done, 1),
            "seconds": [round(s, 2) for s in sorted(seconds)]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("programme", type=Path)
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--counts", default="1,2,4,8")
    args = parser.parse_args(argv)
    work = args.db.parent
    results = [simulate(args.programme, args.db, work, int(n)) for n in args.counts.split(",")]
    args.out.write_text(json.dumps(results, indent=2))
    for row in results:
        print(f"{row['uploaders']} uploaders: median {row['median_s']} s, p95 {row['p95_s']} s, "
              f"all done {row['all_done_s']} s ({row['uploads_per_minute']} uploads/min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
