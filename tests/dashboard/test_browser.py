"""The dashboard in a real browser: Debian's chromium, driven by Playwright, against
`streamlit run` on 127.0.0.1 with the sample programme loaded.

Skips (with how to install chromium) on a machine without /usr/bin/chromium, except in CI
where COPDASH_REQUIRE_BROWSER=1 turns a missing browser into a failure. Playwright's own
browser download (`playwright install`) is never used.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import WAIT_MS, chromium_tab, open_page, running_dashboard, wait_until_idle

from pipelines.settings import PROJECT_ROOT

pytestmark = pytest.mark.browser

PAGES = sorted(p.stem for p in (PROJECT_ROOT / "dashboard" / "pages").glob("*.py")
               if p.stem != "__init__")
NO_CHARTS = {"overview", "import_data", "import_meeting_files"}  # tiles and upload pages
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@pytest.fixture(scope="module")
def server(sample_db: Path) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a free local port; stopped after the module."""
    with running_dashboard(sample_db) as url:
        yield url


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the page photographs go: `make screenshots` sets COPDASH_SCREENSHOTS to
    docs/screenshots to refresh the README's pictures; a plain test run keeps them in a
    temporary folder, so `make test` leaves the working tree as it was."""
    chosen = os.environ.get("COPDASH_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def page(server: str):
    """A chromium tab at 1280x800, the smallest screen the dashboard is made for."""
    with chromium_tab() as tab:
        yield tab


def _metric_values(tab) -> list[str]:
    return tab.locator('[data-testid="stMetricValue"]').all_inner_texts()


@pytest.mark.parametrize("name", PAGES)
def test_page_draws_in_the_browser(page, server: str, screenshots: Path, name: str) -> None:
    """Each page opens, draws all its Plotly charts, shows no error, and is photographed."""
    open_page(page, server, name)
    if name not in NO_CHARTS:
        page.wait_for_function(
            "() => { const charts = document.querySelectorAll('[data-testid=\"stPlotlyChart\"]');"
            " return charts.length > 0 && [...charts].every(c => c.querySelector('.main-svg')); }",
            timeout=WAIT_MS)
    assert 0 == page.locator('[data-testid="stException"]').count()
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    assert (screenshots / f"{name}.png").stat().st_size > 0


def test_a_sidebar_filter_changes_a_number(page, server: str) -> None:
    """Turning on 'Include facilitators' changes at least one headline figure."""
    open_page(page, server, "overview")
    before = _metric_values(page)
    page.get_by_text("Include facilitators").click()
    page.wait_for_function(
        "(before) => { const now = [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
        ".map(e => e.innerText); return now.length === before.length"
        " && now.some((v, i) => v !== before[i]); }",
        arg=before, timeout=WAIT_MS)
    assert before != _metric_values(page)
    page.get_by_text("Include facilitators").click()  # back as it was for the other tests
    wait_until_idle(page)


def test_a_sidebar_choice_persists_across_pages(page, server: str) -> None:
    """'Include facilitators' turned on at the Overview is still on after moving to another
    page through the menu."""
    open_page(page, server, "overview")
    switch = page.locator('[data-testid="stSidebar"] input[type="checkbox"]').first
    page.get_by_text("Include facilitators").click()
    wait_until_idle(page)
    page.get_by_role("link", name="Participation equity").click()
    page.wait_for_selector("h1:has-text('Participation equity')", timeout=WAIT_MS)
    wait_until_idle(page)
    assert switch.is_checked()
    page.get_by_text("Include facilitators").click()  # back as it was for the other tests
    wait_until_idle(page)


def test_a_chart_download_is_neutralised(page, server: str) -> None:
    """A chart's CSV download quotes every field and leaves no text cell that a spreadsheet
    would run as a formula (numbers such as -0.25 stay numbers)."""
    open_page(page, server, "participation")
    with page.expect_download(timeout=WAIT_MS) as info:
        page.get_by_role("button", name="Download this chart's data (CSV)").first.click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if line]
    assert len(lines) > 1
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    risky = [c for c in cells
             if c.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) and not PLAIN_NUMBER.match(c)]
    assert [] == risky
