"""First render of every dashboard page with Streamlit's AppTest.

A first render is what a user waits for when opening a page with nothing cached: the page's
queries and charts. Each repetition starts a fresh AppTest
on `dashboard/app.py` switched to the page before its first run, with Streamlit's data
cache cleared; one untimed run first pays the imports. AppTest runs a page switched to before
its first run without the router, so the sidebar (two small calls, `communities` and
`date_bounds`) is not in the figure; the page sees the empty selection (all CoPs, all dates). The database is chosen with
`COPDASH_DB` (set by `run.py`).

`python -m benchmarks.first_render OUT.json --reps N`
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

__all__ = ["PAGES", "render_pages"]

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
PAGES = sorted(path.stem for path in (APP.parent / "pages").glob("*.py") if path.stem != "__init__")
_TIMEOUT = 600  # seconds: a slow page must be measured, not cut short



def local_mode() -> None:
    """Pages render as under `make run`: on 127.0.0.1 without sign-in (local mode, the
    manager; dashboard/auth.py). AppTest has no server, so the address is set here."""
    import os

    from streamlit import config

    os.environ["COPDASH_ALLOW_NO_SIGN_IN"] = "1"
    config.set_option("server.address", "127.0.0.1")

def _render(page: str) -> tuple[float, list[str], str]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    local_mode()
    at = AppTest.from_file(str(APP), default_timeout=_TIMEOUT)
    at.switch_page(f"pages/{page}.py")
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    title = at.title[0].value if len(at.title) else ""
    return seconds, [str(e.value) for e in at.exception], title


def render_pages(reps: int) -> dict[str, dict[str, object]]:
    """Per page: its title, median and worst first-render seconds, any exception raised."""
    _render("overview")  # untimed: imports and Streamlit's own start-up
    results: dict[str, dict[str, object]] = {}
    for page in PAGES:
        runs = [_render(page) for _ in range(reps)]
        seconds = [s for s, _, _ in runs]
        errors = sorted({e for _, problems, _ in runs for e in problems})
        # the title proves the page itself ran (not the default page)
        results[page] = {"title": runs[0][2], "median_s": round(statistics.median(seconds), 3),
                         "max_s": round(max(seconds), 3), "errors": errors}
    return results


if __name__ == "__main__":
    repetitions = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else 3
    Path(sys.argv[1]).write_text(json.dumps(render_pages(repetitions), indent=2))
