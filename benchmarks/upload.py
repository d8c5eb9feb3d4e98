"""What one upload costs a user of the Import page: one meeting's files loaded into a big
database by a process that is already running.

`run.py`'s `incremental_s` times `copdash load` as a new process, so about a second of it
is Python starting and importing pandas, DuckDB, Arrow and copdash. The Import page
(`dashboard/imports.py`) calls `pipelines.load.load_paths` inside the running Streamlit
process, where those are imported once. This times that call, as the page makes it: the
load's modules imported first, then, for each run, a fresh copy of the database (not
timed: the database as it was before the upload) and `load_paths` on it, with the time
between the load's progress messages (copying the database, each file, the marts, saving).

`python -m benchmarks.upload FILES DB OUT.json [--runs N]`: DB is left unchanged (each run
loads into a copy beside it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

__all__ = ["time_uploads"]


def time_uploads(files: Path, db: Path, runs: int = 3) -> dict[str, object]:
    """{seconds (median), runs_s, stages (of the median run: message -> seconds)}."""
    import pipelines.load
    import pipelines.marts  # noqa: F401 - imported as the running app has them
    from pipelines.contracts import load_contracts

    load_contracts()
    timed: list[tuple[float, list[tuple[str, float]]]] = []
    for _ in range(runs):
        copy = db.with_name(f"{db.stem}-upload{db.suffix}")
        for leftover in (copy, Path(f"{copy}.wal")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(db, copy)
        marks: list[tuple[str, float]] = []
        started = time.perf_counter()

        def progress(done: int, total: int, message: str, _marks=marks, _started=started) -> None:
            _marks.append((message, time.perf_counter() - _started))

        report = pipelines.load.load_paths([files], copy, progress=progress)
        seconds = time.perf_counter() - started
        if not report.ok:
            raise RuntimeError(report.summary())
        stages = [("copying the database and starting",
                   marks[0][1] if marks else seconds)]
        for (message, at), (_next, until) in zip(marks, [*marks[1:], ("end", seconds)],
                                                 strict=True):
            stages.append((message[:60], until - at))
        timed.append((seconds, stages))
        copy.unlink(missing_ok=True)
    timed.sort(key=lambda run: run[0])
    median_run = timed[len(timed) // 2]
    return {"seconds": round(statistics.median(s for s, _ in timed), 2),
            "runs_s": [round(s, 2) for s, _ in timed],
            "stages": [{"stage": name, "seconds": round(s, 3)} for name, s in median_run[1]]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path)
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    result = time_uploads(args.files, args.db, args.runs)
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
