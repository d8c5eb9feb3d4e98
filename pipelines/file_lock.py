"""Exclusive locks on a lock file, the same on Linux, macOS and Windows.

`filelock` takes the operating system's own lock on the file (`flock` on Linux and macOS,
`msvcrt.locking` on Windows), which the system drops when the process dies: a load killed
with SIGKILL (or a closed laptop) never leaves a lock behind that someone must delete. The
lock file itself stays (empty); only the lock on it matters. Locks are per open file, so two
threads of one process exclude each other just as two processes do.

A lock file is never the file it protects: on Windows a locked byte range cannot be written
through another handle, so the journal or database beside it would become unwritable.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

__all__ = ["exclusive", "exclusive_if_free"]


@contextlib.contextmanager
def exclusive(path: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock on `path` for the block, waiting for whoever holds it; `on_wait` is
    called once, before waiting, when someone does."""
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait()
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def exclusive_if_free(path: Path) -> Iterator[bool]:
    """Hold the lock on `path` for the block if nobody holds it now (yields True), else
    yield False at once without waiting."""
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        yield False
        return
    try:
        yield True
    finally:
        lock.release()
