"""Every page, run by Streamlit's AppTest against the sample programme and an empty database."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from app_helpers import charts_with_notes
from streamlit.testing.v1 import AppTest

from dashboard.sidebar import KEYS
from pipelines.load import open_readonly
from pipelines.metrics import Selection, date_bounds, meeting_summary, pooled_equity
from pipelines.metrics import meeting_group as metrics_meeting_group
from pipelines.settings import PROJECT_ROOT

APP = PROJECT_ROOT / "dashboard" / "app.py"
# Every page file, including pages added later (e.g. import_meeting_files.py).
PAGES = sorted(path.stem for path in (APP.parent / "pages").glob("*.py") if path.stem != "__init__")

TIMEOUT = 120  # seconds; the bootstrap makes the first run of a page slow on 2 cores


def _app(page: str = "overview", **filters: object) -> AppTest:
    """The app after its first run, switched to `page` (Overview is the default page).

    AppTest resets Streamlit's multipage mode before every run, so with a `pages/` folder
    beside app.py its later runs run the page alone, without the router's sidebar (a real
    server runs the router every time: see dashboard/__init__.py and the browser test).
    Filters are therefore set as the sidebar widgets' values before the first run."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for name, value in filters.items():
        at.session_state[KEYS[name]] = value
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    return at


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _default_selection(db: Path) -> Selection:
    with open_readonly(db) as con:
        first, last = date_bounds(con)
    return Selection(date_from=first, date_to=last)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_the_sample_programme(use_sample_db: Path, page: str) -> None:
    """Each page runs on the sample programme without an exception and with a title."""
    at = _app(page)
    assert [] == [e.value for e in at.exception]
    assert 1 == len(at.title)


@pytest.mark.parametrize("page", PAGES)
def test_page_shows_an_empty_state_on_an_empty_database(use_empty_db: Path, page: str) -> None:
    """With no database yet, each page runs and says which data is missing."""
    at = _app(page)
    assert [] == [e.value for e in at.exception]
    assert any("No " in i.value for i in at.info)


def test_overview_shows_the_metrics_api_lay_equity_ratio(use_sample_db: Path) -> None:
    """The Overview's lay equity ratio is pooled_equity's value for lay, to two decimals."""
    with open_readonly(use_sample_db) as con:
        equity = pooled_equity(con, _default_selection(use_sample_db))
    expected = equity.loc[equity["group"] == "lay", "equity_ratio"].iloc[0]
    at = _app("overview")
    assert f"{expected:.2f}" == _metric(at, "Lay equity ratio")


def test_a_narrower_date_range_changes_the_meetings_held(use_sample_db: Path) -> None:
    """Ending the date range halfway shows fewer meetings: as many as meeting_summary counts."""
    sel = _default_selection(use_sample_db)
    middle = sel.date_from + (sel.date_to - sel.date_from) / 2
    with open_readonly(use_sample_db) as con:
        every = len(meeting_summary(con, sel))
        half = len(meeting_summary(con, Selection(date_from=sel.date_from, date_to=middle)))
    assert f"{every:,}" == _metric(_app("overview"), "Meetings held")
    narrowed = _app("overview", dates=(sel.date_from, middle))
    assert half < every  # the sample programme has meetings in both halves
    assert f"{half:,}" == _metric(narrowed, "Meetings held")


def test_filters_persist_across_pages(use_sample_db: Path) -> None:
    """Meeting types chosen on the Overview still apply after visiting another page and
    coming back: Meetings held is the number of CoP meetings in meeting_summary."""
    sel = _default_selection(use_sample_db)
    with open_readonly(use_sample_db) as con:
        expected = len(meeting_summary(con, Selection(date_from=sel.date_from, date_to=sel.date_to,
                                                      meeting_types=("cop",))))
    at = _app("overview", types=["cop"])
    at.switch_page("pages/cost.py").run()
    at.switch_page("pages/overview.py").run()
    assert f"{expected:,}" == _metric(at, "Meetings held")


def test_every_chart_has_a_reading_note_and_a_download(use_sample_db: Path) -> None:
    """On the participation page, each chart is followed by 'How to read this' and a CSV button."""
    at = _app("participation")
    charts = at.get("plotly_chart")
    notes = [c for c in at.caption if c.value.startswith("**How to read this:**")]
    downloads = [d for d in at.get("download_button") if "chart" in d.proto.label]
    # the page's tables (turn-taking: responses, and who answers lay members' questions)
    # carry a reading note too, one per table download
    tables = [d for d in at.get("download_button") if "table" in d.proto.label]
    assert len(charts) >= 1
    assert len(charts) == len(downloads)
    assert len(notes) == len(charts) + len(tables)


def _drawn(z: object) -> float:
    """The sum of a heat map's counts as the browser gets them (Plotly sends an array as
    base64 with its dtype; blank squares are NaN)."""
    import base64

    import numpy as np

    if isinstance(z, dict):
        return float(np.nansum(np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"])))
    return float(sum(v for row in z for v in row if v is not None))


def test_participation_counts_meetings_in_squares_when_too_many_to_dot(
        use_sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With more observed CoP meetings than the page dots one by one (the limit lowered to
    3 here; 1,500 in use), the share chart is one panel of squares per member type, and its
    squares count every dot the scatter would draw: each observed CoP meeting's member-type
    rows with a share of talk, from meeting_group, counted here without the grid."""
    import json

    import dashboard.charts as charts

    monkeypatch.setattr(charts, "MAX_SCATTER_MEETINGS", 3)
    at = _app("participation")
    assert [] == [e.value for e in at.exception]
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    # the squares' chart (the turn-taking section draws a heat map of its own)
    grids = [f for f in figures if (f["layout"].get("meta") or {}).get("panels") == "group"]
    assert 1 == len(grids)
    heatmaps = [t for t in grids[0]["data"] if t["type"] == "heatmap"]
    assert ["Lay", "Professional clinical", "Professional non-clinical"] == [t["name"] for t in heatmaps]
    counted = sum(_drawn(t["z"]) for t in heatmaps)
    with open_readonly(use_sample_db) as con:
        rows = metrics_meeting_group(con, Selection(meeting_types=("cop",)))
    assert int(rows["talk_share"].notna().sum()) == counted
    assert any("too many to show one dot each" in c.value for c in at.caption)


def test_with_more_cops_than_panels_only_the_chosen_cops_are_read_and_drawn(
        use_sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With room for one panel (6 in use), the Lay members page asks which CoP to draw,
    starting with the first (cop1), and its chart of lay share of talk has one point per
    observed CoP meeting of cop1 only: its CoP meetings with a voice turn, counted here
    from sample_data's CSVs."""
    import csv

    import dashboard.charts as charts

    monkeypatch.setattr(charts, "MAX_PANELS", 1)
    at = _app("lay_members")
    assert [] == [e.value for e in at.exception]
    choose = [m for m in at.multiselect if m.label.startswith("CoPs to draw")]
    assert [["cop1"]] == [m.value for m in choose]
    data = PROJECT_ROOT / "sample_data"
    with open(data / "speaking_turns.csv", newline="", encoding="utf-8") as handle:
        voiced = {row["meeting_id"] for row in csv.DictReader(handle) if row["channel"] == "voice"}
    with open(data / "meetings.csv", newline="", encoding="utf-8") as handle:
        cop1 = [row for row in csv.DictReader(handle) if row["cop_id"] == "cop1"
                and row["meeting_type"] == "cop" and row["meeting_id"] in voiced]
    figure, _note = charts_with_notes(at)[0]
    talk = [t for t in figure["data"] if t.get("name") == "Lay share of talk time"]
    assert 1 == len(talk)
    assert cop1 and len(cop1) == len(talk[0]["x"])


def test_surveys_page_hides_small_groups(use_sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With k set above any group's size, the surveys page shows suppression notices only."""
    monkeypatch.setenv("COPDASH_MIN_GROUP_SIZE", "10000")
    at = _app("surveys")
    assert [] == [e.value for e in at.exception]
    assert any("fewer than 10000" in i.value for i in at.info)


def test_no_page_imports_great_expectations(use_empty_db: Path) -> None:
    """Opening every page never imports great_expectations (start-up must not pay for it)."""
    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(APP)!r}, default_timeout={TIMEOUT})\n"
        "at.run()\n"
        f"for page in {PAGES!r}:\n"
        "    at.switch_page(f'pages/{page}.py').run()\n"
        "    assert not at.exception, page\n"
        "print('great_expectations' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=PROJECT_ROOT, check=True)
    assert "False" == result.stdout.strip().splitlines()[-1]


def test_date_filter_defaults_to_every_meeting(use_sample_db: Path) -> None:
    """The date range starts as the first to the last meeting held."""
    sel = _default_selection(use_sample_db)
    at = _app("overview")
    value = at.date_input(key=KEYS["dates"]).value
    assert (sel.date_from, sel.date_to) == tuple(
        v if isinstance(v, datetime.date) else v.date() for v in value)


def test_import_page_loads_uploaded_files(use_empty_db: Path) -> None:
    """Uploading communities.csv and pressing 'Check and load' runs the real load: the
    report says 3 rows read and loaded (sample_data/communities.csv has 3 CoPs)."""
    at = _app("import_data")
    data = (PROJECT_ROOT / "sample_data" / "communities.csv").read_bytes()
    at.file_uploader(key="import_files").set_value([("communities.csv", data, "text/csv")]).run()
    at.button(key="import_load").click().run()
    assert [] == [e.value for e in at.exception]
    assert any("3 rows read, 3 loaded" in s.value for s in at.success)
    with open_readonly(use_empty_db) as con:
        assert 3 == con.execute("select count(*) from communities").fetchone()[0]


def test_import_page_explains_an_unreadable_file(use_empty_db: Path) -> None:
    """A members file without its required columns is refused with a plain message, and
    nothing is written (the database still does not exist)."""
    at = _app("import_data")
    at.file_uploader(key="import_files").set_value(
        [("members.csv", b"colour,size\nred,1\n", "text/csv")]).run()
    at.button(key="import_load").click().run()
    assert [] == [e.value for e in at.exception]
    assert any("Nothing was loaded" in e.value for e in at.error)
    assert not use_empty_db.exists()


def test_overview_direct_cost_and_meetings_change_match_the_api(use_sample_db: Path) -> None:
    """Direct cost to date is cost_summary's direct cost summed over the CoPs; Meetings
    held changes by the meetings on the latest meeting's day (the selection before it ends
    the day before)."""
    from pipelines.metrics import cost_summary

    sel = _default_selection(use_sample_db)
    with open_readonly(use_sample_db) as con:
        direct = float(cost_summary(con, sel)["direct_cost_gbp"].astype(float).sum())
        held = meeting_summary(con, sel)["held_on"]
    days = [d.date() for d in held]
    on_last_day = sum(1 for d in days if d == max(days))
    at = _app("overview")
    assert f"£{direct:,.0f}" == _metric(at, "Direct cost to date")
    tile = next(m for m in at.metric if m.label == "Meetings held")
    assert f"+{on_last_day:,}" == tile.delta


def test_a_database_from_an_older_version_says_to_load_again(sample_db: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Marts built by other mart SQL (an older copdash): every page first says to load the
    files again; the sample database built by this version says nothing of the kind."""
    import shutil

    import duckdb

    older = tmp_path / "older.duckdb"
    shutil.copyfile(sample_db, older)
    with duckdb.connect(str(older)) as con:
        con.execute("update marts_built set fingerprint = 'older' where input = 'sql'")
    monkeypatch.setenv("COPDASH_DB", str(older))
    warned = [w.value for w in _app("overview").warning]
    assert any("older version of copdash" in w for w in warned)
    monkeypatch.setenv("COPDASH_DB", str(sample_db))
    assert not any("older version" in w.value for w in _app("overview").warning)
