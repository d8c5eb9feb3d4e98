"""The report's page 1 on the hand-worked programme (tests/report/conftest.py, HAND), every
figure worked out on paper below and read back from the PDF's text."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.metrics import Selection
from pipelines.report import build_report, connection_caller, render_pdf
from tests.report.conftest import flat, pdf_text


@pytest.fixture
def steering_pdf(hand_con, tmp_path):
    def write(cop: str, **dates) -> str:
        call, audit = connection_caller(hand_con)
        report = build_report(call, Selection(cop_ids=(cop,), **dates), audience="steering",
                              audit=audit, today=dt.date(2024, 5, 1))
        path = tmp_path / f"{cop}.pdf"
        path.write_bytes(render_pdf(report))
        return flat(pdf_text(path))
    return write


def test_lay_share_of_talk_and_of_those_present(steering_pdf):
    """CoP h: L1 is 1 of 4 present at each of 3 meetings -> 3/12 = 25% ("1 in 4"); L1 talks
    50 of 400 s at each -> 150/1200 = 12.5% -> 13% ("1 in 8"); equity ratio 0.125/0.25 =
    0.50 at every meeting, so every resample gives 0.50: interval 0.50 to 0.50. 3 meetings
    (at least 3, fewer than 5): an interval, but the conclusion is worded softly."""
    text = steering_pdf("h")
    assert ("Lay members made up 1 in 4 of the people at meetings (25%) and spoke for 1 in 8 "
            "minutes of the talking (13%).") in text
    assert ("That suggests they spoke less than their share of the room, but the figures are "
            "uncertain (few meetings: equity ratio 0.50, 95% interval 0.50 to 0.50, 3 observed "
            "meetings; 1 would be a fair share).") in text
    assert "3 meetings, 3 observed" in text


def test_trend_with_too_few_meetings_in_each_half(steering_pdf):
    """Meetings on 1 Feb, 1 Mar, 1 Apr 2020: the earlier part ends on the date of meeting
    3 // 2 = 1 (1 Feb: 1 meeting), the later part holds 2: too few in each to say."""
    text = steering_pdf("h")
    assert ("The equity ratio was 0.50 over 1 Feb 2020 (1 observed meeting) and 0.50 over 1 Mar "
            "2020 to 1 Apr 2020 (2 observed meetings): too few meetings to say whether it "
            "changed") in text


def test_recommendations_and_cost_per_meeting(steering_pdf):
    """R1 proposed then implemented, R2 in progress, R3 proposed: 3 made, 1 in progress,
    1 implemented. Costs 300 + 300 (meetings) + 300 (overhead) = 900 over 3 meetings = £300
    a meeting; no time rates, so the full cost equals it and is not repeated."""
    text = steering_pdf("h")
    assert ("3 recommendations made (each site counted separately): 1 in progress now, 1 "
            "implemented.") in text
    assert ("Each meeting cost about £300 in money spent (direct costs over 3 meetings, "
            "overheads of £300 not tied to a meeting included).") in text
    assert "counting the value of members' time" not in text


def test_one_mode_only_is_not_compared(steering_pdf):
    """All three of h's meetings were in person."""
    assert ("Every observed meeting in this period was in person, so in person and online "
            "cannot be compared.") in steering_pdf("h")


def test_cop_without_lay_members_says_so(steering_pdf):
    """CoP p: one observed meeting, clinical members only: lay share 0%, ratio undefined,
    and no chart of it."""
    text = steering_pdf("p")
    assert ("No lay members were at the 1 observed meeting of this period, so their share of "
            "the talk cannot be given.") in text
    assert "No chart: no observed meeting with lay members in this period." in text
    assert "not defined: no lay members present" in text


def test_unobserved_cop_says_so(steering_pdf):
    """CoP q: one meeting and no speaking turns: nothing observed, no chart."""
    text = steering_pdf("q")
    assert ("No meeting in this period was observed (no speaking turns were recorded), so lay "
            "members' share of the talk is not known.") in text
    assert "1 meeting, 0 observed" in text


def test_empty_period_gives_a_report_that_says_so(steering_pdf):
    """No meeting of h in 2021: the report says there is nothing to report, with no figures."""
    text = steering_pdf("h", date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31))
    assert "There were no meetings in this period for the CoP chosen" in text
    assert "1 January 2021 to 31 December 2021" in text
    assert "Equity ratio" not in text
