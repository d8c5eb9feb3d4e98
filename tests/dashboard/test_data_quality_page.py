"""The Data quality page lists quarantined rows a page at a time, filtered by dataset, file
and rule, and builds the file for fixing only when its button is pressed.

The database is sample_data/bad loaded through the real pipeline: 21 quarantined rows (see
sample_data/bad/README.md). In (dataset, file, line) order, rows 1-4 are attendance.csv,
5-8 costs.csv (lines 4, 5, 6, 7), 9-11 meetings.csv, 12-13 members.csv, 14-18
speaking_turns.csv and 19-21 survey_responses.csv.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import text
from pipelines.contracts import load_contracts
from pipelines.settings import PROJECT_ROOT

APP = PROJECT_ROOT / "dashboard" / "app.py"
BAD = PROJECT_ROOT / "sample_data" / "bad"
TIMEOUT = 120  # seconds; 2 shared cores
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@pytest.fixture(scope="module")
def bad_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sample_data/bad loaded into a fresh database through `load_paths`."""
    from pipelines.load import load_paths

    db = tmp_path_factory.mktemp("bad") / "cop.duckdb"
    assert 21 == load_paths([BAD], db).rows_quarantined
    return db


@pytest.fixture
def use_bad_db(bad_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPDASH_DB", str(bad_db))
    return bad_db


def _page() -> AppTest:
    """The app switched to the Data quality page after its first run."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/data_quality.py")
    at.run()
    assert [] == [e.value for e in at.exception]
    return at


def _position(at: AppTest) -> str:
    """The bold "rows a-b of n" above the quarantine table."""
    return next(m.value.split("**")[1] for m in at.markdown if m.value.startswith("**rows")
                or m.value.startswith("**no rows"))


def _table(at: AppTest, column: str):
    """The one table on the page with `column` (rows_n: by rule; message: the rows)."""
    [frame] = [d.value for d in at.dataframe if column in d.value.columns]
    return frame


def _fixing_buttons(at: AppTest) -> list[str]:
    return [d.proto.label for d in at.get("download_button") if "for fixing" in d.proto.label]


def test_rows_range_wording() -> None:
    """Offset 200 with 200 shown of 587,407: rows 201-400; the last page of 21 in tens is
    row 21 alone; an empty page says so."""
    assert "rows 201-400 of 587,407" == text.rows_range(200, 200, 587407)
    assert "rows 21-21 of 21" == text.rows_range(20, 1, 21)
    assert "no rows of 0" == text.rows_range(0, 0, 0)


def test_page_shows_every_row_on_one_page_of_200(use_bad_db: Path) -> None:
    """21 rows fit on the first page of 200: "rows 1-21 of 21", and the table has 21 rows."""
    at = _page()
    assert "rows 1-21 of 21" == _position(at)
    assert 21 == len(_table(at, "message"))


def test_next_page_moves_on(use_bad_db: Path) -> None:
    """In pages of 10, page 1 is rows 1-10, the next page rows 11-20 (11 = members.csv is
    row 12, so row 11 is meetings.csv line 7), the last page row 21 alone."""
    at = _page()
    at.selectbox(key="quarantine_page_size").select(10).run()
    assert "rows 1-10 of 21" == _position(at)
    at.number_input(key="quarantine_page").increment().run()
    assert "rows 11-20 of 21" == _position(at)
    first = _table(at, "message").iloc[0]
    assert ("meetings.csv", 7) == (Path(first["source_file"]).name, int(first["line_number"]))
    at.number_input(key="quarantine_page").increment().run()
    assert "rows 21-21 of 21" == _position(at)


def test_a_filter_starts_again_at_page_one(use_bad_db: Path) -> None:
    """On page 2 of 10, choosing the costs dataset shows its 4 rows from the first page."""
    at = _page()
    at.selectbox(key="quarantine_page_size").select(10).run()
    at.number_input(key="quarantine_page").increment().run()
    at.selectbox(key="quarantine_dataset").select("costs").run()
    assert 1 == at.number_input(key="quarantine_page").value
    assert "rows 1-4 of 4" == _position(at)


def test_rule_filter_shows_the_readme_count(use_bad_db: Path) -> None:
    """The README plants 2 rows for costs.primary_key.unique (costs.csv lines 6 and 7)."""
    at = _page()
    at.selectbox(key="quarantine_dataset").select("costs").run()
    at.selectbox(key="quarantine_rule").select("costs.primary_key.unique").run()
    assert "rows 1-2 of 2" == _position(at)
    assert [6, 7] == _table(at, "message")["line_number"].tolist()


def test_counts_by_rule_and_file_come_first(use_bad_db: Path) -> None:
    """The by-rule table has one row per file and rule: 20 distinct rules in the README,
    costs.primary_key.unique counting 2 rows, every other 1 (2 + 19 × 1 = 21)."""
    at = _page()
    rules = _table(at, "rows_n")
    assert 20 == len(rules)
    assert 21 == int(rules["rows_n"].sum())
    assert 2 == int(rules.loc[rules["rule"] == "costs.primary_key.unique", "rows_n"].iloc[0])


def test_download_for_fixing_is_offered_once_a_dataset_is_chosen(use_bad_db: Path) -> None:
    """With every dataset listed there is no single layout to fix in, so no button; after
    choosing costs, one button offers the costs rows for fixing."""
    at = _page()
    assert [] == _fixing_buttons(at)
    at.selectbox(key="quarantine_dataset").select("costs").run()
    assert ["Download the costs rows for fixing (CSV)"] == _fixing_buttons(at)


# ------------------------------------------------------------------ in a real browser


@pytest.fixture(scope="module")
def bad_server(bad_db: Path) -> Iterator[str]:
    from browser_helpers import running_dashboard

    with running_dashboard(bad_db) as url:
        yield url


def _choose(tab, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label`: open its list, type to filter, click.
    A list that does not open (the click landed while the page was re-running) is opened
    again, up to three times."""
    from browser_helpers import wait_until_idle

    box = tab.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    for attempt in range(3):
        box.scroll_into_view_if_needed()
        box.locator("input").click()
        try:
            tab.get_by_role("option").first.wait_for(timeout=15_000)
            break
        except Exception:  # Playwright's TimeoutError: close whatever opened and retry
            tab.screenshot(path=f"/tmp/dq-choose-{attempt}.png")
            tab.keyboard.press("Escape")
            wait_until_idle(tab)
    tab.keyboard.type(option)
    tab.get_by_role("option", name=option, exact=True).click()


@pytest.mark.browser
def test_download_for_fixing_in_the_browser(bad_server: str) -> None:
    """Pressing the button builds and downloads costs.csv: the costs contract's columns plus
    reason, source_file and line_number; its 4 rows (lines 4-7) with the values as typed
    (`£1,200.50`), the refund `-12.00` left a number (not turned into text by the
    formula guard)."""
    from browser_helpers import WAIT_MS, chromium_tab, open_page, wait_until_idle

    with chromium_tab() as tab:
        open_page(tab, bad_server, "data_quality")
        wait_until_idle(tab)
        # as the import page's browser test picks a member: open the list, wait for it,
        # type to filter, click the option
        _choose(tab, "Dataset", "costs")
        wait_until_idle(tab)
        with tab.expect_download(timeout=WAIT_MS) as info:
            tab.get_by_role("button", name="Download the costs rows for fixing (CSV)").click()
        download = info.value
        content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "costs.csv" == download.suggested_filename
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [*load_contracts()["costs"].columns, "reason", "source_file", "line_number"] == list(rows[0])
    assert ["4", "5", "6", "7"] == [r["line_number"] for r in rows]
    assert ["£1,200.50", "-12.00"] == [r["amount_gbp"] for r in rows[:2]]
    assert PLAIN_NUMBER.match(rows[1]["amount_gbp"])
