"""The report's download on the Overview and Lay members pages (Streamlit's AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.report.access import AUDIENCE_LABELS
from pipelines.settings import PROJECT_ROOT

APP = PROJECT_ROOT / "dashboard" / "app.py"
TIMEOUT = 180


@pytest.fixture
def use_sample(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPDASH_DB", str(sample_db))
    monkeypatch.setenv("COPDASH_BOOTSTRAP_RESAMPLES", "200")
    return sample_db


def _page(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["filter_cops"] = ["cop1"]
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    return at


def _statuses(block):
    """Every st.status box under `block` (blocks, not elements, so at.get does not list them)."""
    from streamlit.testing.v1.element_tree import Status

    found = [block] if isinstance(block, Status) else []
    for child in getattr(block, "children", {}).values():
        found += _statuses(child)
    return found


def _radio(at: AppTest, key: str):
    return next(r for r in at.radio if r.key == key)


@pytest.mark.parametrize("page", ["overview", "lay_members"])
def test_prepare_offers_the_pdf_and_html(use_sample, page):
    """Pressing 'Prepare the report' builds it (with its progress) and offers both files."""
    at = _page(page)
    next(b for b in at.button if b.key == f"report_prepare_{page}").click()
    at.run()
    assert [] == [e.value for e in at.exception]
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download the report (PDF)" in labels and "Download the report (HTML)" in labels
    assert any(s.label.startswith("Report ready: 1 page, Musculoskeletal") and s.state == "complete"
               for s in _statuses(at.main))


def test_both_audiences_offered_to_a_viewer_with_member_level_access(use_sample):
    at = _page("lay_members")
    assert [AUDIENCE_LABELS["steering"], AUDIENCE_LABELS["evaluator"]] == list(
        _radio(at, "report_audience_lay_members").options)


def test_only_the_summary_for_a_viewer_refused_member_level_rows(use_sample, monkeypatch):
    """A viewer whose role refuses member-level rows (issue 13's steering role) gets the
    steering-group summary only. The page asks the role (`queries.allowed`), and the
    query layer refuses the rows too, as it does for a steering member."""
    from dashboard import queries

    call, allowed = queries.call, queries.allowed
    member_level = ("lay_members", "meeting_summary")

    def steering(name, sel=None, **kwargs):
        if name in member_level:
            raise PermissionError(name)
        return call(name, sel, **kwargs)

    monkeypatch.setattr(queries, "call", steering)
    monkeypatch.setattr(queries, "allowed", lambda name: name not in member_level and allowed(name))
    at = _page("overview")
    assert [AUDIENCE_LABELS["steering"]] == list(_radio(at, "report_audience_overview").options)


def test_evaluator_report_from_the_page(use_sample):
    """The evaluator report builds through the page's cached calls too."""
    at = _page("lay_members")
    _radio(at, "report_audience_lay_members").set_value("evaluator")
    at.run()
    next(b for b in at.button if b.key == "report_prepare_lay_members").click()
    at.run()
    assert [] == [e.value for e in at.exception]
    ready = [s.label for s in _statuses(at.main) if s.label.startswith("Report ready")]
    assert ready and "pages" in ready[0]
