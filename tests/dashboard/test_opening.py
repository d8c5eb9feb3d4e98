"""Each page opens with plain sentences built from the metrics API's own figures by
pipelines.narrative (the words are tested in tests/report/test_narrative_pages.py; here,
that the page says what the API's figures give, on the sample programme)."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import run_page

from pipelines import narrative
from pipelines.load import open_readonly
from pipelines.metrics import (
    Selection,
    date_bounds,
    meeting_averages,
    meeting_counts,
    mode_comparison,
    pooled_equity,
)


def _selection(db: Path, **extra: object) -> Selection:
    with open_readonly(db) as con:
        first, last = date_bounds(con)
    return Selection(date_from=first, date_to=last, **extra)


def _lay(con, sel: Selection) -> dict:
    equity = pooled_equity(con, sel, by="member_type", basis="time")
    return equity[equity["group"] == "lay"].iloc[0].to_dict()


def _figure(row: dict, value: str = "equity_ratio") -> narrative.Figure:
    return narrative.Figure.of(row[value], row["ci_low"], row["ci_high"], row["meetings_n"])


def _paragraphs(page: str, **filters: object) -> list[str]:
    at = run_page(page, **filters)
    assert [] == [e.value for e in at.exception]
    return [m.value for m in at.markdown]


def test_overview_opens_with_attendance_and_whether_lay_members_are_heard(use_sample_db: Path) -> None:
    """The Overview's first paragraph: meetings held and observed with the average
    attendance and its interval, then the lay equity verdict, from the API's figures."""
    sel = _selection(use_sample_db)
    with open_readonly(use_sample_db) as con:
        counts = meeting_counts(con, sel).iloc[0]
        averages = meeting_averages(con, sel)
        attendance = averages[averages["metric"] == "attendance_rate"].iloc[0].to_dict()
        lay = _lay(con, sel)
    expected = " ".join([
        narrative.attendance_sentence(counts["meetings_n"], counts["observed_n"],
                                      _figure(attendance, "value")),
        narrative.group_equity_sentence("Lay members", _figure(lay)),
    ])
    assert expected in _paragraphs("overview")


def test_lay_members_page_opens_as_the_report_does(use_sample_db: Path) -> None:
    """The Lay members page opens with the report's page-1 sentences on lay members' share
    of the room and of the talk (narrative.lay_share_sentences of pooled_equity)."""
    sel = _selection(use_sample_db)
    with open_readonly(use_sample_db) as con:
        lay = _lay(con, sel)
    voice = " ".join(narrative.lay_share_sentences(lay["talk_share"], lay["attendee_share"],
                                                   _figure(lay)))
    assert any(p.startswith(voice) for p in _paragraphs("lay_members"))


def test_one_cop_that_improves_says_so(use_sample_db: Path) -> None:
    """cop1 alone (lay members find their voice): cut at its middle observed meeting, the
    later half's pooled lay equity interval lies wholly above the earlier half's, so the
    page says lay members' share of the talk rose."""
    import datetime
    from dataclasses import replace

    from pipelines.metrics import lay_timeline

    sel = _selection(use_sample_db, cop_ids=("cop1",))
    with open_readonly(use_sample_db) as con:
        dates = lay_timeline(con, sel)["held_on"].dt.date
        cut = narrative.halves(dates)
        earlier = _lay(con, replace(sel, date_to=cut.middle))
        later = _lay(con, replace(sel, date_from=cut.middle + datetime.timedelta(days=1)))
    assert earlier["ci_high"] < later["ci_low"]
    opening = next(p for p in _paragraphs("lay_members", cops=["cop1"])
                   if p.startswith("Lay members made up"))
    assert "Lay members' share of the talk rose" in opening


def test_modes_page_compares_lay_members_and_attendance(use_sample_db: Path) -> None:
    """In person vs online opens with narrative.mode_sentence for the lay equity ratio."""
    sel = _selection(use_sample_db)
    with open_readonly(use_sample_db) as con:
        frame = mode_comparison(con, sel)
    row = frame[(frame["metric"] == "equity_ratio") & (frame["group"] == "lay")].iloc[0]
    expected = narrative.mode_sentence(
        row["in_person"], row["online"],
        narrative.Figure.of(row["difference"], row["ci_low"], row["ci_high"],
                            min(int(row["in_person_n"]), int(row["online_n"]))),
        row["in_person_n"], row["online_n"])
    assert any(p.startswith(expected) for p in _paragraphs("online_vs_in_person"))


@pytest.mark.parametrize(("page", "start"), [
    ("participation", "Lay members talked"),
    ("cost", "Each meeting cost about"),
    ("uptake", "27 recommendations made"),
    ("surveys", "In the Taking part in the CoP survey"),
    ("data_quality", "The last load"),
])
def test_every_figure_page_opens_in_words(use_sample_db: Path, page: str, start: str) -> None:
    """Each page with figures has a paragraph of sentences before its charts (the sample
    programme: 27 recommendation x site pairs; lay members are the least heard group)."""
    assert any(p.startswith(start) for p in _paragraphs(page))
