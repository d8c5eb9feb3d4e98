"""The Live logger in a real browser (issue 14): Debian's chromium, driven by Playwright,
against `streamlit run` with a copy of the sample programme and the test clock
(COPDASH_LOGGER_TEST_CLOCK=1: the recorder takes each tap's time from
`window.__copdashClock` in its frame, which the test sets before each tap, so a 5-minute
meeting is recorded in seconds).

One server for the module; the scripted meeting stops it and starts it again on the same
port and database. "Offline" is `context.set_offline(True)` and, because Chromium's offline
mode leaves an open WebSocket alone (microsoft/playwright#4910), the page's connection to
Streamlit is also closed through `route_web_socket`, and refused until back online: the
page has no way at all to reach the server.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from browser_helpers import (
    WAIT_MS,
    chromium_tab,
    free_port,
    open_page,
    photograph,
    running_dashboard,
    wait_until_idle,
)

from pipelines.logger import store

pytestmark = pytest.mark.browser

MEETING = "cop2-20220310-cop"  # the set-up's default: the newest in-person or hybrid meeting
# The first eight members of the set-up's table (its order: member type, then id), ticked
# present; the recorder shows lay members first, so its keys 1-8 are these in this order.
PRESENT = ["cop2-m01", "cop2-m02", "cop2-m04", "cop2-m05", "cop2-m06", "cop2-m07",
           "cop2-m08", "cop2-m09"]
SAVED = "Every event saved."


class _Server:
    """The module's `streamlit run`, which a test can stop and start again on the same port
    (the browser's saved events are kept per address, as on an observer's tablet)."""

    def __init__(self, db: Path) -> None:
        self.db, self.port = db, free_port()
        self._running = contextlib.ExitStack()
        self.url = self._start()

    def _start(self) -> str:
        return self._running.enter_context(running_dashboard(
            self.db, port=self.port, extra_env={"COPDASH_LOGGER_TEST_CLOCK": "1"}))

    def stop(self) -> None:
        self._running.close()

    def start(self) -> None:
        self._start()


class _Network:
    """The page's connection to the server: `cut()` takes the browser offline and closes
    Streamlit's WebSocket (refusing new ones), `restore()` puts both back."""

    def __init__(self, tab) -> None:
        self.tab, self.offline, self.sockets = tab, False, []
        tab.route_web_socket(re.compile(r".*/_stcore/stream.*"), self._connect)

    def _connect(self, socket) -> None:
        if self.offline:
            socket.close()
            return
        socket.connect_to_server()
        self.sockets.append(socket)

    def cut(self) -> None:
        self.offline = True
        self.tab.context.set_offline(True)
        for socket in self.sockets:
            socket.close()
        self.sockets.clear()

    def restore(self) -> None:
        self.offline = False
        self.tab.context.set_offline(False)


@pytest.fixture(scope="module")
def logger_db(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample programme of this module's own (journals go beside it)."""
    db = tmp_path_factory.mktemp("logger") / "cop.duckdb"
    shutil.copy(sample_db, db)
    return db


@pytest.fixture(scope="module")
def server(logger_db: Path) -> Iterator[_Server]:
    running = _Server(logger_db)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser(server: _Server):
    """One chromium tab at 1280x800 for the module, its network under the test's control;
    "End the session?" is answered yes."""
    with chromium_tab() as tab:
        network = _Network(tab)
        tab.on("dialog", lambda dialog: dialog.accept())
        yield tab, network


@pytest.fixture
def tab(browser, network: _Network):
    """The module's tab, online, at 1280x800."""
    tab, _ = browser
    tab.set_viewport_size({"width": 1280, "height": 800})
    return tab


@pytest.fixture
def network(browser) -> Iterator[_Network]:
    """The tab's network, online to start with and again after the test."""
    _, network = browser
    network.restore()
    yield network
    network.restore()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """As in test_browser.py: docs/screenshots under `make screenshots`
    (COPDASH_SCREENSHOTS), else a temporary folder."""
    chosen = os.environ.get("COPDASH_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --------------------------------------------------------------------------- helpers


def _start_session(tab, server: _Server) -> str:
    """Open the set-up, tick the first eight members present (keyboard: Space on the
    Present column, row after row), start recording; the new session's id."""
    open_page(tab, server.url, "logger")
    grid = tab.locator('[data-testid="stDataFrame"]').first
    grid.locator("th", has_text="Present").wait_for(state="attached")
    headers = grid.evaluate("g => [...g.querySelectorAll('th')].map(h => h.textContent)")
    box = grid.bounding_box()
    tab.mouse.click(box["x"] + 10, box["y"] + 35 + 17)  # the first row's first cell
    for _ in range(headers.index("Present")):
        tab.keyboard.press("ArrowRight")
    for ticked in range(1, len(PRESENT) + 1):
        tab.keyboard.press("Space")
        tab.wait_for_function(
            "(n) => document.body.innerText.includes(n + ' of 15 members ticked present')",
            arg=ticked, timeout=WAIT_MS)
        tab.keyboard.press("ArrowDown")
    tab.get_by_role("button", name="Start recording").click()
    tab.wait_for_url(re.compile(r".*session=.*"), timeout=WAIT_MS)
    wait_until_idle(tab)
    session_id = re.search(r"session=([^&]+)", tab.url).group(1)
    _recorder(tab).wait_for_selector(".person")
    return session_id


def _recorder(tab):
    """The recorder's frame (a new one after a reload or a reconnect)."""
    return tab.wait_for_selector('iframe[title*="copdash_logger"]').content_frame()


def _status(tab) -> str:
    return _recorder(tab).locator("#status").inner_text()


def _wait_saved(tab) -> None:
    """Until the recorder says the journal has every event made on this device."""
    _recorder(tab).wait_for_function(
        "(saved) => document.getElementById('status').innerText.endsWith(saved)",
        arg=SAVED, timeout=WAIT_MS)


def _act(tab, at: float, how: str, who: str = "") -> None:
    """At `at` seconds on the recorder's clock: "click" or "key" on person `who` (the key
    read off its button), "space" (nobody / silence), "undo" (its button) or "end"."""
    frame = _recorder(tab)
    frame.evaluate("(at) => { window.__copdashClock = at; }", at)
    if how == "click":
        frame.locator(f'[data-member="{who}"]').click()
    elif how == "key":
        key = frame.locator(f'[data-member="{who}"] kbd').inner_text()
        tab.keyboard.press(key.lower())
    elif how == "space":
        tab.keyboard.press(" ")
    elif how == "undo":
        frame.get_by_role("button", name="Undo last").click()
    elif how == "end":
        frame.get_by_role("button", name="End session").click()


def _journal(db: Path, session_id: str) -> list[dict]:
    return store.read_events(store.session_path(db, session_id))


def _speaks(db: Path, session_id: str) -> list[tuple[float, str]]:
    return [(e["at"], e["member_id"]) for e in _journal(db, session_id) if e["kind"] == "speak"]


def _turn_table(tab) -> list[dict]:
    """The 'Recorded turns' table as its cells read (column header -> text), row by row."""
    grid = tab.locator('[data-testid="stDataFrame"]').last
    return grid.evaluate("""g => {
      const heads = [...g.querySelectorAll('th')].map(h => h.textContent);
      return [...g.querySelectorAll('tbody tr')].map(r => Object.fromEntries(
        [...r.querySelectorAll('td')].map((c, i) => [heads[i], c.textContent])));
    }""")


def _edit_speaker(tab, start: str, speaker: str) -> None:
    """Choose `speaker` for the turn starting at `start` (as shown) in the turns table."""
    rows = _turn_table(tab)
    row = [r["Start (s)"] for r in rows].index(start)
    grid = tab.locator('[data-testid="stDataFrame"]').last
    grid.scroll_into_view_if_needed()
    headers = grid.evaluate("g => [...g.querySelectorAll('th')].map(h => h.textContent)")
    box = grid.bounding_box()
    tab.mouse.click(box["x"] + 10, box["y"] + 35 * (row + 1) + 17)
    for _ in range(headers.index("Speaker")):
        tab.keyboard.press("ArrowRight")
    tab.keyboard.press("Enter")
    tab.get_by_role("option", name=speaker, exact=True).click()
    wait_until_idle(tab)


# --------------------------------------------------------------------------- tests


def test_a_tap_shows_who_speaks_before_the_server_has_it(tab, network: _Network,
                                                         server: _Server) -> None:
    """With the page cut off from the server, a tap on cop2-m04 at 0:07 at once marks its
    button as speaking and says so ("Speaking: cop2-m04 since 0:07. 1 event kept on this
    device, not yet saved."): the feedback cannot have waited for a server reply. Back
    online, the tap reaches the journal."""
    session_id = _start_session(tab, server)
    network.cut()
    _act(tab, 7, "click", "cop2-m04")
    frame = _recorder(tab)
    assert "true" == frame.locator('[data-member="cop2-m04"]').get_attribute("aria-pressed")
    assert ("Speaking: cop2-m04 since 0:07. 1 event kept on this device, not yet saved."
            == _status(tab))
    network.restore()
    _wait_saved(tab)
    assert [(7, "cop2-m04")] == _speaks(server.db, session_id)
