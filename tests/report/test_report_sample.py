"""The report on the sample programme: its figures are the metrics API's, asked at test
time (the sample programme changes; the report must follow it), suppressed survey groups
never appear, and every page renders."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pipelines import metrics, narrative
from pipelines.metrics import Selection
from pipelines.report import build_report, connection_caller, render_html
from pipelines.report.render import print_pdf
from pipelines.settings import get_settings
from tests.report.conftest import flat, page_images, pdf_info, pdf_pages, pdf_text

YEAR = Selection(cop_ids=("cop1",), date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))
WHOLE = Selection(cop_ids=("cop1",))


def _report(sample_con, tmp_path, audience: str, sel: Selection):
    call, audit = connection_caller(sample_con)
    report = build_report(call, sel, audience=audience, audit=audit, today=dt.date(2024, 5, 1))
    html = render_html(report)
    pdf, pages = print_pdf(html)
    path = tmp_path / f"{audience}.pdf"
    path.write_bytes(pdf)
    return path, html, pages


@pytest.mark.parametrize("sel", [YEAR, WHOLE], ids=["2019", "whole"])
def test_page_one_figures_are_the_apis(sample_con, tmp_path, sel):
    """Lay share of those present and of the talk (whole %), the equity ratio and its
    interval, meetings and observed meetings: as pooled_equity and meeting_counts give them."""
    path, _html, _pages = _report(sample_con, tmp_path, "steering", sel)
    page_one = flat(pdf_text(path, "-f", "1", "-l", "1"))
    lay = metrics.pooled_equity(sample_con, sel).set_index("group").loc["lay"]
    counts = metrics.meeting_counts(sample_con, sel).iloc[0]
    present, talk = lay["attendee_share"], lay["talk_share"]
    assert (f"Lay members made up {narrative.one_in(present)} of the people at meetings "
            f"({narrative.whole_percent(present)}) and spoke for {narrative.one_in(talk)} "
            f"minutes of the talking ({narrative.whole_percent(talk)}).") in page_one
    assert (f"equity ratio {narrative.ratio(lay['equity_ratio'])}, 95% interval "
            f"{narrative.ratio(lay['ci_low'])} to {narrative.ratio(lay['ci_high'])}, "
            f"{int(lay['meetings_n'])} observed meetings") in page_one
    assert f"{int(counts['meetings_n'])} meetings, {int(counts['observed_n'])} observed" in page_one
    # the whole percentages again in page 1's key figures, beside the words
    boxes = flat(pdf_text(path, "-raw", "-f", "1", "-l", "1"))
    assert (f"Lay share of those present {narrative.whole_percent(present)} "
            f"{narrative.one_in(present)} Lay share of the talk {narrative.whole_percent(talk)} "
            f"{narrative.one_in(talk)}") in boxes


def test_page_one_mode_uptake_and_cost_are_the_apis(sample_con, tmp_path):
    """In person and online (lay equity ratio per mode), recommendations made / in progress
    / implemented, and cost per meeting: the API's values, in the summary's words."""
    path, _html, _pages = _report(sample_con, tmp_path, "steering", WHOLE)
    text = flat(pdf_text(path))
    mode = metrics.mode_comparison(sample_con, WHOLE)
    lay = mode[(mode["metric"] == "equity_ratio") & (mode["group"] == "lay")].iloc[0]
    assert (f"equity ratio {narrative.ratio(lay['in_person'])} in person "
            f"({int(lay['in_person_n'])} meetings), {narrative.ratio(lay['online'])} online "
            f"({int(lay['online_n'])} meetings)") in text
    funnel = metrics.uptake_funnel(sample_con, WHOLE).set_index("stage")["pairs_n"]
    status = metrics.uptake_status(sample_con, WHOLE).set_index("status")["pairs_n"]
    assert (f"{funnel['proposed']} recommendations made (each site counted separately): "
            f"{status['in_progress']} in progress now, {funnel['implemented']} implemented.") in text
    totals = metrics.cost_totals(sample_con, WHOLE).iloc[0]
    assert (f"Each meeting cost about {narrative.money(totals['direct_cost_per_meeting_gbp'])} "
            f"in money spent (direct costs over {int(totals['meetings_n'])} meetings") in text
    assert f"or {narrative.money(totals['full_cost_per_meeting_gbp'])} counting" in text


def test_steering_summary_fits_on_page_one(sample_con, tmp_path):
    """One CoP, one year: the steering group's summary is one A4 page."""
    _path, _html, pages = _report(sample_con, tmp_path, "steering", YEAR)
    assert 1 == pages


def test_suppressed_survey_groups_do_not_appear(sample_con, tmp_path):
    """Every survey cell the API suppresses shows no figure in the evaluator report: its
    mean and interval as they would read unsuppressed (the same summary with k = 1) are in
    neither the HTML nor the PDF, and the 'fewer than k' wording is."""
    k = get_settings().min_group_size
    path, html, _pages = _report(sample_con, tmp_path, "evaluator", WHOLE)
    text = re.sub(r"\s+", "", pdf_text(path, "-raw"))
    shown = metrics.survey_summary(sample_con, WHOLE, by="member_type")
    raw = metrics.survey_summary(sample_con, WHOLE, by="member_type", k=1)
    hidden = shown[shown["suppressed"].astype(bool)]
    assert len(hidden), "the sample programme should have suppressed survey cells"
    for _, cell in hidden.iterrows():
        same = raw[(raw["instrument_id"] == cell["instrument_id"]) & (raw["wave"] == cell["wave"])
                   & (raw["scale"] == cell["scale"]) & (raw["group"] == cell["group"])].iloc[0]
        if same["n"] < 2:
            continue  # no interval to print
        unsuppressed = (f"{narrative.one_decimal(same['mean'])} ({narrative.one_decimal(same['ci_low'])}"
                        f" to {narrative.one_decimal(same['ci_high'])}); n {int(same['n'])}")
        assert unsuppressed not in html
        assert re.sub(r"\s+", "", unsuppressed) not in text
    assert f"fewer than {k} responses" in html


def test_steering_summary_hides_a_suppressed_lay_group(sample_con, tmp_path):
    """When the latest wave's lay cell (whole scale) is suppressed, page 1 says the answers
    are hidden and gives no lay figure."""
    shown = metrics.survey_summary(sample_con, WHOLE, by="member_type")
    latest = sorted(shown["wave"].astype(str).unique())[-1]
    lay = shown[(shown["wave"] == latest) & (shown["scale"] == "total") & (shown["group"] == "lay")]
    path, _html, _pages = _report(sample_con, tmp_path, "steering", WHOLE)
    text = flat(pdf_text(path))
    if len(lay) and bool(lay["suppressed"].iloc[0]):
        assert "Lay members' answers are hidden so that no one can be identified" in text
        assert "lay members who answered" not in text
    else:
        assert f"Of the {int(lay['n'].iloc[0])} lay members who answered" in text


def test_every_page_renders_with_header_and_page_number(sample_con, tmp_path):
    """Each page of the evaluator report draws to a PNG; each carries the CoP's name, the
    period and 'Page i of n'; the PDF is tagged."""
    path, _html, pages = _report(sample_con, tmp_path, "evaluator", YEAR)
    images = page_images(path, tmp_path)
    assert pages == len(images) == pdf_pages(path)
    assert all(image.stat().st_size > 1000 for image in images)
    name = metrics.communities(sample_con).set_index("cop_id").loc["cop1", "name"]
    for page in range(1, pages + 1):
        text = flat(pdf_text(path, "-f", str(page), "-l", str(page)))
        assert name in text and "1 January 2019 to 31 December 2019" in text
        assert f"Page {page} of {pages}" in text
    assert re.search(r"^Tagged:\s+yes", pdf_info(path), re.MULTILINE)


def test_evaluator_pages_carry_definitions_and_data_quality(sample_con, tmp_path):
    """The evaluator report holds the definitions from docs/metrics.md and the data's
    state: observed of all meetings (meeting_counts) and the latest load."""
    path, _html, _pages = _report(sample_con, tmp_path, "evaluator", YEAR)
    text = flat(pdf_text(path))
    counts = metrics.meeting_counts(sample_con, YEAR).iloc[0]
    assert (f"{int(counts['observed_n'])} of the {int(counts['meetings_n'])} meetings in this "
            "selection were observed") in text
    assert "Definitions" in text and "Pooled equity ratio" in text
    assert "Rows stored and quarantined, per dataset" in text


def test_charts_have_alt_text(sample_con, tmp_path):
    """Every chart image in the document has a non-empty alt text and is vector (SVG)."""
    _path, html, _pages = _report(sample_con, tmp_path, "evaluator", YEAR)
    images = re.findall(r"<img ([^>]*)>", html)
    assert images
    for attributes in images:
        assert 'src="data:image/svg+xml;base64,' in attributes
        assert re.search(r'alt="[^"]{20,}"', attributes)
