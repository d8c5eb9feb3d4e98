"""Importing Great Expectations leaves scipy.stats and altair working for everyone else.

`pipelines.contracts._gx` defers two modules GX imports but copdash's checks never use
(stand-ins during GX's import). The metrics (t intervals) use scipy.stats in the same
process as a load when the dashboard's Import page runs one, so the real module must be
what any later import gets. Run in a fresh interpreter: GX is imported only once per process.
"""

from __future__ import annotations

import subprocess
import sys

from pipelines.settings import PROJECT_ROOT

_SCRIPT = """
import sys, types
from pipelines.contracts._gx import _Deferred, _import_gx
_import_gx()
import scipy.stats
import altair
assert not isinstance(sys.modules["scipy.stats"], _Deferred)
assert not isinstance(sys.modules["altair"], _Deferred)
print(round(float(scipy.stats.t.ppf(0.975, 10)), 4))
"""


def test_scipy_stats_is_the_real_module_after_gx_is_imported() -> None:
    """The 97.5% point of Student's t with 10 degrees of freedom is 2.2281 (statistical
    tables), computed by the real scipy.stats after GX's import."""
    done = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert 0 == done.returncode, done.stderr
    assert "2.2281" == done.stdout.strip()
