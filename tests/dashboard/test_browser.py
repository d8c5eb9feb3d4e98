"""The dashboard in a real browser: Debian's chromium, driven by Playwright, against
`streamlit run` on 127.0.0.1 with the sample programme loaded.

Every page is opened at 1280 px (desktop) and 390 px (a phone): it draws its charts, shows
no error, has no horizontal scroll, no heading that overflows, no legend over a plot or a
label, and no critical or serious axe-core violation; then it is photographed. Keyboard
use reaches every filter and download of every page.

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
from browser_helpers import (
    WAIT_MS,
    axe_violations,
    chromium_tab,
    open_page,
    photograph,
    running_dashboard,
    wait_until_idle,
)

from pipelines.settings import PROJECT_ROOT

pytestmark = pytest.mark.browser

PAGES = sorted(p.stem for p in (PROJECT_ROOT / "dashboard" / "pages").glob("*.py")
               if p.stem != "__init__")
NO_CHARTS = {"import_data", "import_meeting_files", "logger"}  # upload pages, the live logger
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
    """A chromium tab, 1280x800 to start with; each test sets the width it needs."""
    with chromium_tab() as tab:
        yield tab


@pytest.fixture(autouse=True)
def _desktop(page) -> None:
    """Tests that do not set a width run at 1280 px."""
    page.set_viewport_size({"width": WIDTHS["desktop"][0], "height": WIDTHS["desktop"][1]})


def _metric_values(tab) -> list[str]:
    return tab.locator('[data-testid="stMetricValue"]').all_inner_texts()


WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}

# Boxes of each chart's legend, plot areas (one per panel) and labels (CoP names, parity).
_CHART_BOXES = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(chart => {
  const box = e => { const r = e.getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; };
  const legend = chart.querySelector('.legend');
  return {legend: legend ? box(legend) : null, svg: box(chart.querySelector('.main-svg')),
          plots: [...chart.querySelectorAll('.nsewdrag')].map(box),
          labels: [...chart.querySelectorAll('.annotation')].map(box)};
})"""
_OVERFLOWING_HEADINGS = """() => [...document.querySelectorAll('[data-testid="stMain"] h1, '
  + '[data-testid="stMain"] h2, [data-testid="stMain"] h3, [data-testid="stMain"] h4')]
  .filter(h => h.scrollWidth > h.clientWidth + 1).map(h => h.innerText)"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def _legend_problems(chart: dict) -> list[str]:
    """What is wrong with a chart's legend (and colour bar): over a plot area or a label,
    or out of its chart; nothing for a chart without one."""
    problems = []
    for name in ("legend", "colorbar"):
        box = chart.get(name)
        if box is None:
            continue
        problems += [f"{name} over a plot" for p in chart["plots"] if _overlap(box, p)]
        problems += [f"{name} over a label" for a in chart["labels"] if _overlap(box, a)]
        if not (chart["svg"][0] - 1 <= box[0] and box[2] <= chart["svg"][2] + 1):
            problems.append(f"{name} out of its chart")
    return problems


def _wait_for_charts(tab, name: str) -> None:
    if name not in NO_CHARTS:
        tab.wait_for_function(
            "() => { const charts = document.querySelectorAll('[data-testid=\"stPlotlyChart\"]');"
            " return charts.length > 0 && [...charts].every(c => c.querySelector('.main-svg')); }",
            timeout=WAIT_MS)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", PAGES)
def test_page_reads_right_in_the_browser(page, server: str, screenshots: Path, name: str,
                                         width: str) -> None:
    """At 1280 and 390 px each page draws all its Plotly charts and shows no error; the
    page never scrolls sideways (document width <= window width) and no heading is cut
    off; no legend covers a plot area or a label, or runs out of its chart; axe-core finds
    no critical or serious violation (STREAMLIT_OWN excepted); the page is photographed."""
    pixels, height = WIDTHS[width]
    page.set_viewport_size({"width": pixels, "height": height})
    open_page(page, server, name)
    _wait_for_charts(page, name)
    assert 0 == page.locator('[data-testid="stException"]').count()
    assert page.evaluate("document.documentElement.scrollWidth") <= pixels
    assert [] == page.evaluate(_OVERFLOWING_HEADINGS)
    for chart in page.evaluate(_CHART_BOXES):
        assert [] == _legend_problems(chart), chart
    assert [] == axe_violations(page)
    picture = screenshots / (f"{name}.png" if width == "desktop" else f"{name}_phone.png")
    photograph(page, picture)
    assert picture.stat().st_size > 0


# Everything a keyboard user must reach: every filter, choice, button and download (that is
# not disabled), in the sidebar and on the page (the contents of a closed "Table of this chart's data" are
# reached by opening it, itself a stop on the way).
_MARK_WIDGETS = """() => {
  const kinds = ['stMultiSelect', 'stSelectbox', 'stRadio', 'stDateInput', 'stCheckbox',
                 'stToggle', 'stDownloadButton', 'stExpander', 'stNumberInput',
                 'stFileUploader', 'stButton'];
  const found = [];
  for (const kind of kinds) for (const e of document.querySelectorAll(`[data-testid="${kind}"]`)) {
    if (e.closest('[data-testid="stExpanderDetails"]')) continue;
    const usable = [...e.querySelectorAll('button, input, summary, a, [tabindex]')]
      .some(x => !x.disabled);  // a disabled button (nothing uploaded yet) takes no focus
    if (!usable) continue;
    e.dataset.keyboard = found.length;
    found.push(kind + ': ' + (e.innerText || '').split('\\n')[0].slice(0, 60));
  }
  return found; }"""
_FOCUSED_WIDGET = """() => { const w = document.activeElement && document.activeElement.closest('[data-keyboard]');
  return w ? Number(w.dataset.keyboard) : null; }"""


@pytest.mark.parametrize("name", PAGES)
def test_keyboard_reaches_every_filter_and_download(page, server: str, name: str) -> None:
    """Pressing Tab from the top of the page focuses every filter, choice, button and
    download of the sidebar and the page, in at most 600 presses."""
    page.set_viewport_size({"width": WIDTHS["desktop"][0], "height": WIDTHS["desktop"][1]})
    open_page(page, server, name)
    _wait_for_charts(page, name)
    widgets = page.evaluate(_MARK_WIDGETS)
    assert widgets, f"{name} has no filter or download"
    reached: set[int] = set()
    for _ in range(600):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED_WIDGET)
        if focused is not None:
            reached.add(focused)
        if len(reached) == len(widgets):
            break
    assert [] == [w for i, w in enumerate(widgets) if i not in reached]


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


# ---------------------------------------------------------------- issue 16's sections
# One chart found by its title (the h4 above it, as ui.chart writes it): its boxes (as
# _CHART_BOXES), what it draws and the "How to read this" caption under it.
_CHART_BY_TITLE = """(title) => {
  const items = [...document.querySelectorAll('[data-testid="stMain"] h4, '
    + '[data-testid="stPlotlyChart"], [data-testid="stCaptionContainer"]')];
  const at = items.findIndex(e => e.tagName === 'H4' && e.innerText.trim().startsWith(title));
  if (at < 0) return null;
  const chart = items.slice(at + 1).find(e => e.matches('[data-testid="stPlotlyChart"]'));
  document.querySelectorAll('[data-found-chart]').forEach(e => delete e.dataset.foundChart);
  chart.dataset.foundChart = title;  // for its photograph
  const caption = items.slice(items.indexOf(chart) + 1)
    .find(e => e.matches('[data-testid="stCaptionContainer"]'));
  const box = e => { const r = e.getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; };
  const legend = chart.querySelector('.legend');
  const colorbar = chart.querySelector('.colorbar');
  return {svg: box(chart.querySelector('.main-svg')), legend: legend ? box(legend) : null,
          colorbar: colorbar ? box(colorbar) : null,
          plots: [...chart.querySelectorAll('.nsewdrag')].map(box),
          labels: [...chart.querySelectorAll('.annotation')].map(box),
          heatmap: chart.querySelectorAll('.heatmaplayer image').length,
          cells: [...chart.querySelectorAll('.heatmaplayer text')].map(t => t.textContent),
          points: chart.querySelectorAll('.scatterlayer .point').length,
          dots: [...chart.querySelectorAll('.scatterlayer .point')].map(box),
          errorbars: chart.querySelectorAll('.scatterlayer .errorbar').length,
          bars: [...chart.querySelectorAll('.scatterlayer .errorbar')].map(box),
          lines: chart.querySelectorAll('.scatterlayer .js-line').length,
          caption: caption ? caption.innerText : ''};
}"""


def _chart(page, server: str, name: str, width: str, title: str,
           picture: Path | None = None) -> dict:
    """Open page `name` at `width` and find the chart titled `title`: it is drawn inside
    the window's width (no sideways scroll) and no legend or colour bar covers it; the
    chart alone is photographed into `picture` when one is given (to look at by eye)."""
    pixels, height = WIDTHS[width]
    page.set_viewport_size({"width": pixels, "height": height})
    open_page(page, server, name)
    _wait_for_charts(page, name)
    chart = page.evaluate(_CHART_BY_TITLE, title)
    assert chart is not None, f"no chart titled {title!r} on {name}"
    assert 0 <= chart["svg"][0] and chart["svg"][2] <= pixels, chart["svg"]
    assert [] == _legend_problems(chart), chart
    if picture is not None:
        page.locator("[data-found-chart]").screenshot(path=str(picture))
    return chart


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", ["participation", "lay_members"])
def test_turn_heat_map_draws_with_how_to_read(page, server: str, name: str, width: str) -> None:
    """The heat map of who takes the floor after whom draws its cells (each "seen
    (expected)", 3 x 3 = 9 of them) at 1280 and 390 px, its colour bar clear of the plot,
    with the how-to-read text that speaks of those cells."""
    chart = _chart(page, server, name, width, "Who takes the floor after whom")
    assert 1 <= chart["heatmap"]
    assert 9 == len([c for c in chart["cells"] if re.fullmatch(r"\d+\(\d+\.\d\)", c.replace(" ", ""))])
    assert "each cell is the floor passing from the member type on the left" in (
        chart["caption"].lower())


@pytest.mark.parametrize("width", list(WIDTHS))
def test_fair_comparison_draws_with_how_to_read(page, server: str, screenshots: Path,
                                                width: str) -> None:
    """The In person vs online page draws the three comparisons (raw, within-member,
    adjusted: the sample programme has all three) as dots with interval bars at 1280 and
    390 px, with its how-to-read text."""
    chart = _chart(page, server, "online_vs_in_person", width,
                   "Lay equity ratio, online minus in person: three ways of comparing",
                   screenshots / f"chart_fair_comparison_{width}.png")
    assert (3, True) == (chart["points"], chart["errorbars"] >= 1)
    # the "no difference" label covers no dot or interval bar (at 390 px it covered the
    # raw estimate's dot), and is the chart's one label
    assert 1 == len(chart["labels"])
    assert [] == [(label, mark) for label in chart["labels"]
                  for mark in chart["dots"] + chart["bars"] if _overlap(label, mark)]
    assert "each dot is one way of comparing the modes" in chart["caption"].lower()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_funnel_plot_draws_with_how_to_read(page, server: str, screenshots: Path,
                                            width: str) -> None:
    """The Overview's funnel of the lay equity ratio draws one dot per CoP (3 in the sample
    programme) over its limit lines (programme, 95% and 99.8% limits: 5 lines) at 1280 and
    390 px, its legend over no plot or label, with its how-to-read text."""
    chart = _chart(page, server, "overview", width,
                   "Lay equity ratio of each CoP against its observed talk",
                   screenshots / f"chart_funnel_{width}.png")
    assert (3, 5) == (chart["points"], chart["lines"])
    # the CoP outside the 99.8% limits is named (at 390 px its name ran out of the plot and
    # was cut off): the whole name within the chart's picture, under no legend
    svg, legend = chart["svg"], chart["legend"]
    assert 1 <= len(chart["labels"])
    for text in chart["labels"]:
        assert svg[0] <= text[0] and text[2] <= svg[2] and svg[1] <= text[1] and text[3] <= svg[3]
        assert legend is None or not _overlap(legend, text), (text, legend)
    assert "the dotted lines are the 95% limits and the solid lines the 99.8% limits" in (
        chart["caption"].lower())


_ALERTS = """() => {
  const heading = [...document.querySelectorAll('[data-testid="stMain"] h3')]
    .find(h => h.innerText.trim().startsWith('Alerts'));
  if (!heading) return null;
  const after = e => heading.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING;
  const first = sel => [...document.querySelectorAll(sel)].find(after);
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.height]; };
  const alert = first('[data-testid="stAlert"]');
  const table = first('[data-testid="stDataFrame"]');
  const caption = first('[data-testid="stCaptionContainer"]');
  return {alert: alert ? alert.innerText : '', table: table ? box(table) : null,
          caption: caption ? caption.innerText : ''};
}"""


@pytest.mark.parametrize("width", list(WIDTHS))
def test_alerts_show_on_the_overview(page, server: str, width: str) -> None:
    """The sample programme's alerts (the rules of copdash.toml; some fire on it) show
    on the Overview at 1280 and 390 px: how many fire, then their table, inside the
    window's width, with its how-to-read text."""
    pixels, height = WIDTHS[width]
    page.set_viewport_size({"width": pixels, "height": height})
    open_page(page, server, "overview")
    # the table can come a moment after the page's first run settles (seen on a server's
    # first page view): wait for it, then check it
    page.wait_for_function(f"() => {{ const f = ({_ALERTS})(); return !!(f && f.table); }}",
                           timeout=WAIT_MS)
    found = page.evaluate(_ALERTS)
    assert found is not None and re.search(r"\d+ alert\(s\) fire\.", found["alert"]), found
    table = found["table"]
    assert table is not None and 0 <= table[0] and table[1] <= pixels and table[2] > 50, found
    assert "one row per alert that fires" in found["caption"].lower()
