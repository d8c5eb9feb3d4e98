"""Where a full load's time and memory go, stage by stage (file by file, then the marts).

Runs `pipelines.load.load_paths` in this process with a progress callback that notes the
wall clock and the resident memory (VmRSS, and the peak VmHWM) at each progress message: the
load reports "Checking <file>" before each file, then "Rebuilding the marts", then "Saving".
The time between two messages is the time of the stage named by the first.

`python -m benchmarks.load_stages FOLDER DB OUT.json`
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

__all__ = ["load_stages"]


def _memory_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB, from /proc/self/status."""
    values = {}
    with open("/proc/self/status", encoding="utf-8") as handle:
        for line in handle:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def load_stages(folder: Path, db: Path) -> list[dict[str, object]]:
    """Load `folder` into a fresh `db`; one entry per stage with seconds and memory."""
    from pipelines.load import load_paths

    for path in (db, Path(f"{db}.wal")):
        path.unlink(missing_ok=True)
    marks: list[tuple[str, float, float, float]] = []
    started = time.perf_counter()

    def progress(done: int, total: int, message: str) -> None:
        rss, peak = _memory_mb()
        marks.append((message.splitlines()[0][:80], time.perf_counter(), rss, peak))

    marks.append(("start (reading every file)", started, *_memory_mb()))
    load_paths([folder], db, progress=progress)
    marks.append(("end", time.perf_counter(), *_memory_mb()))
    stages = []
    for (name, at, rss, _peak), (_, after, rss_after, peak_after) in zip(marks, marks[1:], strict=False):
        stages.append({"stage": name, "seconds": round(after - at, 2),
                       "rss_mb_at_start": round(rss, 0), "rss_mb_at_end": round(rss_after, 0),
                       "peak_mb_so_far": round(peak_after, 0)})
    return stages


if __name__ == "__main__":
    result = load_stages(Path(sys.argv[1]), Path(sys.argv[2]))
    Path(sys.argv[3]).write_text(json.dumps(result, indent=2))
    for stage in result:
        print(f"{stage['seconds']:8.2f} s  rss {stage['rss_mb_at_end']:6.0f} MB  "
              f"peak {stage['peak_mb_so_far']:6.0f} MB  {stage['stage']}")
