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
import time
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
from playwright.sync_api import Error as PlaywrightError

from pipelines.logger import store

pytestmark = pytest.mark.browser

MEETING = "cop2-20220310-cop"  # a hybrid meeting of the sample's cop2, 15 members
COP_NAME = "Diabetic foot care CoP"  # cop2's name in the sample
# The first eight members of the set-up's table (its order: member type, then id), ticked
# present; the recorder shows lay members first, so its keys 1-8 are these in this order.
PRESENT = ["cop2-m01", "cop2-m02", "cop2-m04", "cop2-m05", "cop2-m06", "cop2-m07",
           "cop2-m08", "cop2-m09"]
SAVED = "Every event saved."
SAVE_MS = 60_000  # a tap's save, or a reconnect after a restart, takes seconds, not minutes


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
        tab.set_default_timeout(30_000)  # the logger's page is quick: fail in good time
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
    """Open the set-up, choose cop2's meeting in the list, tick the first eight members
    present, start recording; the new session's id.

    Each row is ticked from the keyboard: its Present cell selected (`_select_cell`), then
    Space. A person ticks with one click on the tick box; a test's click there would tick
    twice should the first click be retried, so the test selects the cell, which it can
    check, and ticks once."""
    open_page(tab, server.url, "logger")
    _choose(tab, "Community of practice", COP_NAME)
    _choose(tab, "Meeting", MEETING)
    grid = tab.locator('[data-testid="stDataFrame"]').first
    grid.locator("th", has_text="Present").wait_for(state="attached")
    headers = grid.evaluate("g => [...g.querySelectorAll('th')].map(h => h.textContent.trim())")
    grid.evaluate("g => g.scrollIntoView({block: 'start'})")  # all eight rows in sight
    for row in range(len(PRESENT)):
        _select_cell(tab, grid, row, headers.index("Present"))
        tab.keyboard.press("Space")
        tab.wait_for_function(
            "(n) => document.body.innerText.includes(n + ' of 15 members ticked present')",
            arg=row + 1, timeout=SAVE_MS)
        wait_until_idle(tab)
    tab.get_by_role("button", name="Start recording").click()
    tab.wait_for_url(re.compile(r".*session=.*"), timeout=SAVE_MS)
    wait_until_idle(tab)
    session_id = re.search(r"session=([^&]+)", tab.url).group(1)
    _recorder(tab).wait_for_selector(".person")
    people = _recorder(tab).eval_on_selector_all(".person", "bs => bs.map(b => b.dataset.member)")
    assert PRESENT == people  # the eight ticked, lay members first (see PRESENT)
    return session_id


_SELECTED = """(g, [row, column]) => [...g.querySelectorAll('tbody td[aria-selected="true"]')]
  .some(c => c.parentElement.rowIndex === row && c.cellIndex === column)"""


def _select_cell(tab, grid, row: int, column: int) -> None:
    """Select the cell at data row `row`, column `column` (from 0) of a data editor: a
    click 10 px inside the row's first cell (a tick box sits in a cell's middle, so the
    click ticks none), then the arrow keys. The cells are drawn on a canvas, whose
    accessible table (`th`, `td`) has the columns' order and says which cell is selected,
    but no positions (its boxes are 0 x 0), hence a click at the grid's edge. The grid's
    first click may only give it the focus, and a late layout shift may send a click
    elsewhere: a click that selected nothing in the row is made again."""
    def selected(at_column: int, timeout: int) -> bool:
        with contextlib.suppress(PlaywrightError):
            tab.wait_for_function(f"([g, at]) => ({_SELECTED})(g, at)", timeout=timeout,
                                  arg=[grid.element_handle(), [row + 1, at_column]])
            return True
        return False

    for _ in range(5):
        box = _steady_box(tab, grid)
        tab.mouse.click(box["x"] + 10, box["y"] + 35 * (row + 1) + 17)
        if selected(0, 3000):
            break
    for _ in range(column):
        tab.keyboard.press("ArrowRight")
    assert selected(column, 5000), f"the cell at row {row}, column {column} is not selected"


def _choose(tab, label: str, text: str) -> None:
    """Pick the option containing `text` in the select box labelled `label`."""
    box = tab.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.get_by_role("combobox").click()
    tab.get_by_role("option").filter(has_text=text).first.click()
    wait_until_idle(tab)


def _steady_box(tab, locator) -> dict:
    """The element's box once it has stopped moving (the recorder's frame above it takes
    its height after it has drawn), so that a click at a cell lands on that cell."""
    box = locator.bounding_box()
    for _ in range(50):
        tab.wait_for_timeout(200)
        now = locator.bounding_box()
        if now == box:
            return box
        box = now
    return box


def _recorder(tab):
    """The recorder's frame (a new one after a reload or a reconnect)."""
    return tab.wait_for_selector('iframe[title*="copdash_logger"]').content_frame()


def _status(tab) -> str:
    return _recorder(tab).locator("#status").inner_text()


def _wait_saved(tab) -> None:
    """Until the recorder says the journal has every event made on this device (asked
    again of a new frame when a reconnect or a reload has replaced the recorder's)."""
    deadline = time.monotonic() + SAVE_MS / 1000
    while True:
        with contextlib.suppress(PlaywrightError):
            if _status(tab).endswith(SAVED):
                return
        assert time.monotonic() < deadline, f"still not saved: {_status(tab)}"
        tab.wait_for_timeout(200)


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
    grid.locator("th", has_text="Speaker").wait_for(state="attached")
    return grid.evaluate("""g => {
      const heads = [...g.querySelectorAll('th')].map(h => h.textContent);
      return [...g.querySelectorAll('tbody tr')].map(r => Object.fromEntries(
        [...r.querySelectorAll('td')].map((c, i) => [heads[i], c.textContent])));
    }""")


def _edit_speaker(tab, start: str, speaker: str) -> None:
    """Choose `speaker` for the turn starting at `start` (as shown) in the turns table: its
    Speaker cell selected (`_select_cell`, which checks through the grid's accessible table
    that the cell selected is in that row, and clicks again if not), then Enter opens the
    choice. The grid is drawn on a canvas: a click that a late layout shift sent to another
    row would otherwise open, and change, that row's speaker."""
    rows = _turn_table(tab)
    row = [r["Start (s)"] for r in rows].index(start)
    grid = tab.locator('[data-testid="stDataFrame"]').last
    grid.scroll_into_view_if_needed()
    headers = grid.evaluate("g => [...g.querySelectorAll('th')].map(h => h.textContent.trim())")
    _select_cell(tab, grid, row, headers.index("Speaker"))
    tab.keyboard.press("Enter")
    tab.get_by_role("option", name=speaker, exact=True).click()
    wait_until_idle(tab)


def _edits_written(db: Path, session_id: str) -> list[tuple[float, str]]:
    """`_edits` once the journal has one: the edit's rerun may start after the page looked
    idle (a busy machine), so the journal is read again for up to SAVE_MS."""
    deadline = time.monotonic() + SAVE_MS / 1000
    while not (found := _edits(db, session_id)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def _edits(db: Path, session_id: str) -> list[tuple[float, str]]:
    """(the `at` of the tap each edit targets, its new speaker), in journal order."""
    journal = _journal(db, session_id)
    tapped = {e["event_id"]: e["at"] for e in journal if e["kind"] == "speak"}
    return [(tapped.get(e["target"]), e.get("member_id")) for e in journal
            if e["kind"] == "edit"]


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


def test_a_tap_reruns_the_recorder_not_the_page(tab, server: _Server) -> None:
    """Two taps (cop2-m01 at 10 s, cop2-m02 at 20 s) reach the journal, yet the page's
    "Recorded turns", drawn by the page's script outside the recorder's fragment, still says
    none: the taps reran only the fragment (a run of the whole script would list
    cop2-m01's turn, 10 to 20 s, closed by the second tap). "Refresh the table", one run of
    the whole script, then lists that turn, so the table does show a whole-script run."""
    session_id = _start_session(tab, server)
    _act(tab, 10, "click", "cop2-m01")
    _act(tab, 20, "click", "cop2-m02")
    _wait_saved(tab)
    assert [(10, "cop2-m01"), (20, "cop2-m02")] == _speaks(server.db, session_id)
    main = tab.locator('[data-testid="stMain"]')
    assert "No turns recorded yet" in main.inner_text()
    tab.get_by_role("button", name="Refresh the table").click()
    wait_until_idle(tab)
    assert "No turns recorded yet" not in main.inner_text()
    assert [("cop2-m01", "10", "10")] == [
        (r["Speaker"], r["Start (s)"], r["Duration (s)"]) for r in _turn_table(tab)]


# The scripted meeting: (seconds on the recorder's clock, how, who). Eight people; taps by
# click and by the key on the button; a wrong tap undone; a reload, a server restart and a
# stretch offline in the middle (see the test for where).
BEFORE_RELOAD = [
    (4.0, "click", "cop2-m01"),
    (31.5, "key", "cop2-m04"),
    (58.0, "click", "cop2-m02"),
    (60.0, "click", "cop2-m05"),   # the wrong person ...
    (61.0, "undo", ""),            # ... undone: cop2-m02 goes on speaking
    (83.2, "key", "cop2-m06"),     # edited to cop2-m09 in the table after the reload
    (110.0, "space", ""),          # nobody speaks for 8.4 s
    (118.4, "click", "cop2-m07"),
]
BEFORE_RESTART = [(140.0, "click", "cop2-m08"), (152.6, "key", "cop2-m09")]
WHILE_SERVER_DOWN = [(171.0, "click", "cop2-m01")]
BEFORE_OFFLINE = [(190.5, "key", "cop2-m04")]
OFFLINE = [(205.0, "click", "cop2-m02"), (222.3, "key", "cop2-m05"), (236.0, "space", ""),
           (241.7, "click", "cop2-m06")]
# After a reload the keyboard reaches the recorder once it has been touched: a click first.
AFTER_OFFLINE = [(262.0, "click", "cop2-m07"), (270.0, "key", "cop2-m08"),
                 (288.8, "click", "cop2-m01"), (300.0, "end", "")]
# The turns worked out by hand: each tap not undone ends the turn before it; the undone tap
# at 60.0 leaves cop2-m02 speaking 58.0 -> 83.2; silences at 110.0 and 236.0 end a turn and
# start none; End at 300.0 ends the last. (member, start_s, duration_s):
EXPECTED = [
    ("cop2-m01", 4.0, 27.5),     # 31.5 - 4.0
    ("cop2-m04", 31.5, 26.5),    # 58.0 - 31.5
    ("cop2-m02", 58.0, 25.2),    # 83.2 - 58.0 (the tap at 60.0 undone)
    ("cop2-m09", 83.2, 26.8),    # 110.0 - 83.2, tapped as cop2-m06, edited to cop2-m09
    ("cop2-m07", 118.4, 21.6),   # 140.0 - 118.4
    ("cop2-m08", 140.0, 12.6),   # 152.6 - 140.0
    ("cop2-m09", 152.6, 18.4),   # 171.0 - 152.6
    ("cop2-m01", 171.0, 19.5),   # 190.5 - 171.0 (tapped while the server was down)
    ("cop2-m04", 190.5, 14.5),   # 205.0 - 190.5
    ("cop2-m02", 205.0, 17.3),   # 222.3 - 205.0 (offline)
    ("cop2-m05", 222.3, 13.7),   # 236.0 - 222.3 (offline)
    ("cop2-m06", 241.7, 20.3),   # 262.0 - 241.7 (tapped offline)
    ("cop2-m07", 262.0, 8.0),    # 270.0 - 262.0
    ("cop2-m08", 270.0, 18.8),   # 288.8 - 270.0
    ("cop2-m01", 288.8, 11.2),   # 300.0 - 288.8
]


def _play(tab, steps: list[tuple[float, str, str]]) -> None:
    for at, how, who in steps:
        _act(tab, at, how, who)


def _stored_turns(db: Path) -> list[tuple[str, float, float]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select member_id, start_s, duration_s from speaking_turns "
            "where meeting_id = ? and source = 'logger' order by start_s", [MEETING]).fetchall()


def _resend_as_if_unconfirmed(tab, db: Path, session_id: str, times: list[float]) -> None:
    """The journal's events at `times` put back in the browser's queue (localStorage), as
    when the server saved a batch but its reply was lost; after a reload the browser sends
    them again, and the journal must not grow."""
    before = _journal(db, session_id)
    again = [e for e in before if e["at"] in times and e["kind"] in ("speak", "silence")]
    assert len(times) == len(again)
    tab.evaluate("([key, events]) => localStorage.setItem(key, JSON.stringify(events))",
                 [f"copdash-logger:pending:{session_id}", again])
    tab.reload()
    wait_until_idle(tab)
    _wait_saved(tab)
    assert before == _journal(db, session_id)


def test_a_scripted_meeting_is_stored_as_it_was_tapped(tab, network: _Network,
                                                       server: _Server) -> None:
    """A 5-minute meeting of eight, recorded through a reload, a server restart and a
    stretch offline, with an undo and an edit, then "Finish and load": the database holds
    the script's 15 turns (source = logger), every boundary within 0.25 s. The events made
    offline are kept and sent when back; sent a second time, they add nothing."""
    session_id = _start_session(tab, server)
    _play(tab, BEFORE_RELOAD)
    _wait_saved(tab)
    tab.reload()
    wait_until_idle(tab)
    _wait_saved(tab)  # the new recorder has drawn and taken its height: the table sits still
    _edit_speaker(tab, "83.2", "cop2-m09")
    assert [(83.2, "cop2-m09")] == _edits_written(server.db, session_id)  # that tap's, no other
    _play(tab, BEFORE_RESTART)
    _wait_saved(tab)
    server.stop()
    _play(tab, WHILE_SERVER_DOWN)
    server.start()
    _wait_saved(tab)
    _play(tab, BEFORE_OFFLINE)
    _wait_saved(tab)
    network.cut()
    _play(tab, OFFLINE)
    tab.wait_for_timeout(2500)  # longer than the recorder's 2 s resend: it tries again
    assert _status(tab).endswith("4 events kept on this device, not yet saved.")
    network.restore()
    _wait_saved(tab)
    _resend_as_if_unconfirmed(tab, server.db, session_id, [at for at, _, _ in OFFLINE])
    _play(tab, AFTER_OFFLINE)
    _wait_saved(tab)
    tab.get_by_role("button", name="Finish and load").click()
    tab.get_by_text("Loaded 15 speaking turns").wait_for(timeout=WAIT_MS)
    stored = _stored_turns(server.db)
    events = [(e["kind"], e.get("at"), e.get("member_id"), e.get("target"))
              for e in _journal(server.db, session_id)]
    assert [(m, pytest.approx(s, abs=0.25), pytest.approx(d, abs=0.25))
            for m, s, d in EXPECTED] == stored, f"stored {stored}; the journal's events {events}"


WIDTHS = {"laptop": (1280, 800), "tablet": (1024, 768), "phone": (390, 844)}
_BUTTONS = """() => [...document.querySelectorAll('.person, .tool')].map(b => {
  const r = b.getBoundingClientRect();
  return {name: b.dataset.member || b.id, person: b.classList.contains('person'),
          box: [r.left, r.top, r.right, r.bottom]}; })"""
_ROOM = "() => { const r = document.getElementById('room').getBoundingClientRect();" \
        " return [r.left, r.top, r.right, r.bottom]; }"


@pytest.fixture(scope="module")
def recording(browser, server: _Server) -> str:
    """A session under way for the photographs: four turns, cop2-m06 speaking since 1:35,
    the share of talk shown, the clock at 1:41."""
    tab, network = browser
    network.restore()
    tab.set_viewport_size({"width": 1280, "height": 800})
    session_id = _start_session(tab, server)
    _play(tab, [(12.0, "click", "cop2-m01"), (40.0, "key", "cop2-m04"),
                (75.0, "click", "cop2-m02"), (95.0, "key", "cop2-m06")])
    _recorder(tab).get_by_label("Show share of talk").check()
    _recorder(tab).evaluate("() => { window.__copdashClock = 101; }")
    _wait_saved(tab)
    return session_id


def _overlap(a: list[float], b: list[float]) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_recorder_fits_a_laptop_a_tablet_and_a_phone(browser, recording: str,
                                                         screenshots: Path, width: str) -> None:
    """At 1280, 1024 and 390 px neither the page nor the recorder scrolls sideways; every
    person's button and every tool is at least 44 x 44 px (a touch target); the eight
    people's buttons lie inside the room and none covers another (each can be tapped).
    Photographed for docs/logger.md."""
    tab, _ = browser
    pixels, height = WIDTHS[width]
    tab.set_viewport_size({"width": pixels, "height": height})
    tab.wait_for_timeout(500)  # the recorder's frame takes its new height
    picture = screenshots / f"logger_recording_{width}.png"
    photograph(tab, picture)
    assert picture.stat().st_size > 0
    assert tab.evaluate("document.documentElement.scrollWidth") <= pixels
    frame = _recorder(tab)
    assert frame.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    buttons = frame.evaluate(_BUTTONS)
    small = [b["name"] for b in buttons
             if b["box"][2] - b["box"][0] < 44 or b["box"][3] - b["box"][1] < 44]
    assert [] == small
    people = [b for b in buttons if b["person"]]
    assert len(PRESENT) == len(people)
    room = frame.evaluate(_ROOM)
    outside = [p["name"] for p in people if p["box"][0] < room[0] or p["box"][2] > room[2]
               or p["box"][1] < room[1] or p["box"][3] > room[3]]
    assert [] == outside
    covering = [(a["name"], b["name"]) for i, a in enumerate(people) for b in people[i + 1:]
                if _overlap(a["box"], b["box"])]
    assert [] == covering
