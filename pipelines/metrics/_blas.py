"""One BLAS thread for the bootstrap's many small matrix products.

numpy's OpenBLAS splits each product over every core. The bootstrap makes hundreds of
small products per figure; on a busy machine (a shared server, or a dashboard serving
several people) the BLAS threads wait for each other and a 150 ms interval can take a
second. `single_thread()` limits BLAS to one thread for the block with threadpoolctl.
It also makes the figures the same on every machine: a long product split over several
threads adds its partial sums in an order that depends on the number of cores, which can
change the last digit (about 1e-15) of a point value.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from threadpoolctl import ThreadpoolController

__all__ = ["single_thread"]


@cache
def _controller() -> ThreadpoolController:
    # Inspecting the loaded libraries takes a few milliseconds: do it once per process.
    return ThreadpoolController()


@contextmanager
def single_thread() -> Iterator[None]:
    """Run the block's BLAS calls on one thread."""
    with _controller().limit(limits=1, user_api="blas"):
        yield
