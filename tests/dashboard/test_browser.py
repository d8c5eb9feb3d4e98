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
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
PAGES = sorted(p.stem for p in (PROJECT_ROOT / "dashboard" / "pages").glob("*.py")
               if p.stem != "__init__")
NO_CHARTS = {"overview", "import_data", "import_meeting_files"}  # tiles and upload pages
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
WAIT_MS = 180_000  # the first run of a page computes bootstrap intervals on 2 shared cores


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = ("The browser test needs Debian's chromium at /usr/bin/chromium. Install it "
               "with `apt-get install chromium` (as root), then run the tests again.")
    if os.environ.get("COPDASH_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_db: Path) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a free local port; stopped after the module."""
    _require_chromium()
    port = _free_port()
    env = {**os.environ, "COPDASH_DB": str(sample_db), "COPDASH_BOOTSTRAP_RESAMPLES": "200",
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"streamlit did not start:\n{output[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def page(server: str):
    """A chromium tab at 1280x800, the smallest screen the dashboard is made for."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800},
                                      accept_downloads=True)
        tab = context.new_page()
        tab.set_default_timeout(WAIT_MS)
        yield tab
        context.close()
        browser.close()


def _wait_until_idle(tab) -> None:
    """Wait until the script run has finished (Streamlit's running indicator is gone)."""
    tab.wait_for_timeout(500)
    tab.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                          timeout=WAIT_MS)


def _open(tab, server: str, name: str) -> None:
    path = "" if name == "overview" else name
    tab.goto(f"{server}/{path}")
    tab.wait_for_selector("h1", timeout=WAIT_MS)
    _wait_until_idle(tab)


def _metric_values(tab) -> list[str]:
    return tab.locator('[data-testid="stMetricValue"]').all_inner_texts()


@pytest.mark.parametrize("name", PAGES)
def test_page_draws_in_the_browser(page, server: str, name: str) -> None:
    """Each page opens, draws all its Plotly charts, shows no error, and is photographed."""
    _open(page, server, name)
    if name not in NO_CHARTS:
        page.wait_for_function(
            "() => { const charts = document.querySelectorAll('[data-testid=\"stPlotlyChart\"]');"
            " return charts.length > 0 && [...charts].every(c => c.querySelector('.main-svg')); }",
            timeout=WAIT_MS)
    assert 0 == page.locator('[data-testid="stException"]').count()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_sidebar_filter_changes_a_number(page, server: str) -> None:
    """Turning on 'Include facilitators' changes at least one headline figure."""
    _open(page, server, "overview")
    before = _metric_values(page)
    page.get_by_text("Include facilitators").click()
    page.wait_for_function(
        "(before) => { const now = [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
        ".map(e => e.innerText); return now.length === before.length"
        " && now.some((v, i) => v !== before[i]); }",
        arg=before, timeout=WAIT_MS)
    assert before != _metric_values(page)
    page.get_by_text("Include facilitators").click()  # back as it was for the other tests
    _wait_until_idle(page)


def test_a_sidebar_choice_persists_across_pages(page, server: str) -> None:
    """'Include facilitators' turned on at the Overview is still on after moving to another
    page through the menu."""
    _open(page, server, "overview")
    switch = page.locator('[data-testid="stSidebar"] input[type="checkbox"]').first
    page.get_by_text("Include facilitators").click()
    _wait_until_idle(page)
    page.get_by_role("link", name="Participation equity").click()
    page.wait_for_selector("h1:has-text('Participation equity')", timeout=WAIT_MS)
    _wait_until_idle(page)
    assert switch.is_checked()
    page.get_by_text("Include facilitators").click()  # back as it was for the other tests
    _wait_until_idle(page)


def test_a_chart_download_is_neutralised(page, server: str) -> None:
    """A chart's CSV download quotes every field and leaves no text cell that a spreadsheet
    would run as a formula (numbers such as -0.25 stay numbers)."""
    _open(page, server, "participation")
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
