"""Run one command in its own process and measure its wall time and peak memory.

`os.wait4` returns the resource usage of exactly the child waited for (and its own waited-for
children), so each command's peak resident set size is its own, not the maximum over every
child the benchmark started (which `RUSAGE_CHILDREN` would give).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["REPO", "Measured", "python_command", "run_measured"]

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Measured:
    """What one run of a command cost."""

    seconds: float
    peak_rss_mb: float
    stdout: str
    cpu_s: float = 0.0  # user + system CPU seconds of the process (and its waited-for children)


def python_command(*args: str) -> list[str]:
    """The project's interpreter with the given arguments (`-m module ...`)."""
    return [sys.executable, *args]


def run_measured(command: list[str], *, env: dict[str, str] | None = None,
                 nice: int = 0) -> Measured:
    """Run `command` from the repository root; raise with its output when it fails."""
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), *filter(None, [full_env.get("PYTHONPATH")])])
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        preexec_fn=(lambda: os.nice(nice)) if nice else None,  # noqa: PLW1509 - no threads here
    )
    # Read the output while the child runs (a full pipe would block it), then reap it with
    # wait4 to get its own resource usage.
    output = process.stdout.read().decode("utf-8", errors="replace") if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(
            f"benchmark step failed (exit {process.returncode}): {' '.join(command)}\n{output[-4000:]}")
    # ru_maxrss is in kilobytes on Linux
    return Measured(seconds=seconds, peak_rss_mb=usage.ru_maxrss / 1024, stdout=output,
                    cpu_s=usage.ru_utime + usage.ru_stime)
