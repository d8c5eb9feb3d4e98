"""What every real-browser test shares: Debian's chromium driven by Playwright, against
`streamlit run dashboard/app.py` on 127.0.0.1 with a given database.

Kept in one place so that each browser test module starts its own server on its own
database (a test that writes needs a copy of its own) without repeating how. Playwright's
own browser download (`playwright install`) is never used: a machine without
/usr/bin/chromium skips, except in CI where COPDASH_REQUIRE_BROWSER=1 turns a missing
browser into a failure.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
WAIT_MS = 180_000  # the first run of a page computes bootstrap intervals on 2 shared cores


def require_chromium() -> None:
    """Skip (or fail, when COPDASH_REQUIRE_BROWSER=1) without Debian's chromium."""
    if CHROMIUM.exists():
        return
    message = ("The browser test needs Debian's chromium at /usr/bin/chromium. Install it "
               "with `apt-get install chromium` (as root), then run the tests again.")
    if os.environ.get("COPDASH_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    """A local port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_dashboard(db: Path, port: int | None = None,
                      extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a local port (a free one unless given) with
    COPDASH_DB=db and `extra_env`; yields its address and stops the server on the way out,
    whatever happened (a test that restarts the server starts it again on the same port)."""
    require_chromium()
    port = port or free_port()
    env = {**os.environ, "COPDASH_DB": str(db), "COPDASH_BOOTSTRAP_RESAMPLES": "200",
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(extra_env or {})}
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
            process.wait()


@contextlib.contextmanager
def chromium_tab(width: int = 1280, height: int = 800) -> Iterator:
    """A chromium tab, by default at 1280x800, the smallest desktop screen the dashboard is
    made for (phones: 390 px wide)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height},
                                      accept_downloads=True)
        tab = context.new_page()
        tab.set_default_timeout(WAIT_MS)
        try:
            yield tab
        finally:
            context.close()
            browser.close()


def wait_until_idle(tab) -> None:
    """Wait until the script run has finished (Streamlit's running indicator is gone)."""
    tab.wait_for_timeout(500)
    tab.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                          timeout=WAIT_MS)


def open_page(tab, server: str, name: str) -> None:
    """Go to a page by its file name (the Overview is the root) and wait for its first run."""
    path = "" if name == "overview" else name
    tab.goto(f"{server}/{path}")
    tab.wait_for_selector("h1", timeout=WAIT_MS)
    wait_until_idle(tab)


def photograph(tab, path: Path) -> None:
    """The whole page as one picture. Streamlit scrolls inside its main block, not the
    document, so the viewport is made as tall as the page for the picture, then put back."""
    size = tab.viewport_size
    height = tab.evaluate(
        "() => Math.max(800, ...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stAppViewContainer]')].map(e => e.scrollHeight))")
    tab.set_viewport_size({"width": size["width"], "height": int(height)})
    tab.wait_for_timeout(1000)  # charts redraw at the new size
    tab.screenshot(path=str(path), full_page=True)
    tab.set_viewport_size(size)
    # 128 colours are plenty for a page of text and flat charts: a third of the file size
    from PIL import Image

    with Image.open(path) as picture:
        small = picture.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


# Streamlit 1.67 draws the sidebar's page menu (st.navigation with sections) as
# <ul data-testid="stSidebarNavItems"> whose children are one <div> per section holding
# that section's <li> items: axe-core's `list` and `listitem` rules (serious) flag it. The
# markup is Streamlit's own, and the app cannot change it short of dropping the menu's
# sections (which group the pages by who uses them), so these two rules are excused for
# nodes inside that menu only; anywhere else they count.
STREAMLIT_OWN = {("list", '[data-testid="stSidebarNavItems"]'),
                 ("listitem", '[data-testid="stSidebarNavItems"]')}


def axe_violations(tab) -> list[tuple[str, str, str]]:
    """(rule, impact, element) of every critical or serious axe-core violation on the page,
    except those STREAMLIT_OWN excuses."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in ("critical", "serious"):
            continue
        for node in violation["nodes"]:
            target = node["target"][0] if node["target"] else ""
            excused = any(
                rule == violation["id"] and tab.evaluate(
                    "([target, inside]) => { const e = document.querySelector(target);"
                    " return !!(e && (e.matches(inside) || e.closest(inside))); }",
                    [target, inside])
                for rule, inside in STREAMLIT_OWN)
            if not excused:
                found.append((violation["id"], violation["impact"], node["html"][:200]))
    return found
