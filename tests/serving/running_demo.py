"""`copdash demo --no-browser` started as a user starts it, and stopped as Ctrl+C stops it.

Shared by the demo tests (the development install) and the wheel test (an installed copy).
The process gets its own process group, so that the stop (SIGINT to that group, what a
terminal sends on Ctrl+C) reaches the demo and the Streamlit server it started, and nothing
else."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from pipelines.serving import wait_until_healthy

# Variables that would point the demo at another database or settings file.
_LEFT_OUT = ("COPDASH_DB", "COPDASH_CONFIG", "COPDASH_ROLES", "PYTHONPATH")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _LEFT_OUT}
    env.update(GX_ANALYTICS_ENABLED="false", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **extra)
    return env


@dataclass
class DemoRun:
    healthy: bool  # /_stcore/health answered "ok" while it ran
    output: str    # what it printed (stdout and stderr)
    exit_code: int


def run_demo(command: list[str], data_dir: Path, cwd: Path, env: dict[str, str] | None = None,
             port: int | None = None) -> DemoRun:
    """Start `command + demo --no-browser`, wait for the dashboard's health endpoint (or for
    the process to end), then stop it."""
    port = port or free_port()
    process = subprocess.Popen(
        [*command, "demo", "--no-browser", "--data-dir", str(data_dir), "--port", str(port)],
        cwd=cwd, env=env or clean_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True)
    try:
        healthy = False
        deadline = time.monotonic() + 180  # a guard against a hang, not a timing assertion
        while not healthy and process.poll() is None and time.monotonic() < deadline:
            healthy = wait_until_healthy(f"http://127.0.0.1:{port}", timeout_s=1)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
        try:
            output, _ = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
    return DemoRun(healthy, output, process.returncode)
