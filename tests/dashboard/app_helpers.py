"""Running a page with Streamlit's AppTest, shared by the page tests that need it."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from dashboard.sidebar import KEYS
from pipelines.settings import PROJECT_ROOT

APP = PROJECT_ROOT / "dashboard" / "app.py"
PAGES = sorted(path.stem for path in (APP.parent / "pages").glob("*.py") if path.stem != "__init__")
TIMEOUT = 120  # seconds; the bootstrap makes the first run of a page slow on 2 cores


def run_page(page: str = "overview", **filters: object) -> AppTest:
    """The app after its first run with the sidebar filters set, switched to `page` (see
    test_pages._app for why filters are set before the first run)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for name, value in filters.items():
        at.session_state[KEYS[name]] = value
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    return at


def charts_with_notes(at: AppTest) -> list[tuple[dict, str]]:
    """Each Plotly chart of the page (its figure as JSON) with the "How to read this"
    caption that follows it."""
    found, figure = [], None
    for element in at.main:
        kind = getattr(element, "type", "")
        if kind == "plotly_chart":
            figure = json.loads(element.proto.spec)
        elif figure is not None and kind == "caption" and "How to read this" in element.value:
            found.append((figure, element.value))
            figure = None
    return found
