"""Issue 16's page sections (digital exclusion, funnel plots, alerts) in Streamlit's AppTest
against the sample programme, and the funnel chart's reading note against what it draws."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from app_helpers import charts_with_notes, run_page

from dashboard import charts_programme
from dashboard.sections.funnel import HOW_TO_READ


def _texts(at, kind: str) -> list[str]:
    return [e.value for e in getattr(at, kind)]


def test_overview_draws_two_funnels_with_their_reading_notes(use_sample_db: Path) -> None:
    """Three CoPs: a funnel for the lay equity ratio and one for voice coverage, each with a
    dashed programme line, dotted and solid limit lines and one dot per CoP, as its note says."""
    at = run_page("overview")
    assert [] == [e.value for e in at.exception]
    funnels = [(f, n) for f, n in charts_with_notes(at) if "limits" in n]
    assert 2 == len(funnels)
    for figure, note in funnels:
        dashes = {t.get("line", {}).get("dash") for t in figure["data"] if "lines" in t.get("mode", "")}
        dots = [t for t in figure["data"] if "markers" in t.get("mode", "")]
        assert {"dash", "dot", "solid"} == dashes
        assert 3 == sum(len(t["x"]) for t in dots)
        assert re.search(r"dashed line", note) and re.search(r"dotted lines", note)


def test_one_cop_funnel_is_a_plain_note(use_sample_db: Path) -> None:
    """cop1 alone: no funnel, a note that one CoP has nothing to compare it with."""
    at = run_page("overview", cops=["cop1"])
    assert [] == [e.value for e in at.exception]
    assert any("only one CoP" in text for text in _texts(at, "info"))
    assert not [n for _, n in charts_with_notes(at) if "limits" in n]


def test_overview_lists_the_alerts_of_the_configuration(use_sample_db: Path) -> None:
    """copdash.toml's rules fire on the sample (cop1-m05 stopped coming): a warning and a table."""
    at = run_page("overview")
    assert any("alert(s) fire" in text for text in _texts(at, "warning"))


def test_a_bad_alert_rule_is_a_plain_error_on_the_overview(use_sample_db: Path, tmp_path,
                                                          monkeypatch) -> None:
    """A rule without its months: the page says so in words and carries on."""
    config = tmp_path / "copdash.toml"
    config.write_text('[[alerts]]\nrule = "recommendation_stuck"\n')
    monkeypatch.setenv("COPDASH_CONFIG", str(config))
    at = run_page("overview")
    assert [] == [e.value for e in at.exception]
    assert any("months is missing" in text for text in _texts(at, "error"))


@pytest.mark.parametrize("page", ["lay_members", "online_vs_in_person"])
def test_exclusion_section_shows_the_breakdown_and_the_cop_without_a_move(
        use_sample_db: Path, page: str) -> None:
    """cop3 (Community mental health CoP) met only online (a note); the breakdown by member
    type is drawn with its reading note."""
    at = run_page(page)
    assert [] == [e.value for e in at.exception]
    assert "Who stopped coming when meetings moved online" in _texts(at, "subheader")
    assert any("Community mental health CoP (synthetic) met only online" in text for text in _texts(at, "info"))
    assert any("Who stopped or came far less after the move online, by member type" == t.proto.alt
               for t in at.dataframe)
    notes = [n for _, n in charts_with_notes(at) if "came in person before" in n]
    assert 1 == len(notes)


def test_funnel_chart_labels_only_cops_outside_the_998_limits() -> None:
    """Hand frame: A inside, B outside 95% only, C outside 99.8%: one labelled square (C),
    one diamond (B), one circle (A)."""
    cops = pd.DataFrame({"cop_id": ["A", "B", "C"], "value": [1.0, 1.3, 0.2],
                         "n": [10.0, 200.0, 300.0], "signal": ["within", "above_95", "below_998"],
                         "meetings_n": [1, 4, 6], "talk_hours": [0.5, 3.0, 4.0]})
    curve = pd.DataFrame({"n": [5.0, 500.0], "target": [1.0, 1.0], "low_95": [0.1, 0.9],
                          "high_95": [1.9, 1.1], "low_998": [0.0, 0.85], "high_998": [2.4, 1.15]})
    fig = charts_programme.funnel_plot(cops, curve, "t", "x", "y")
    markers = {t.marker.symbol: list(t.x) for t in fig.data if "markers" in t.mode}
    assert {"circle": [10.0], "diamond": [200.0], "square": [300.0]} == markers
    # one name beside C's square: x is log10(300) = 2.477 (a log axis), y its value 0.2
    assert [("C", 2.477, 0.2)] == [(a.text, round(a.x, 3), a.y) for a in fig.layout.annotations]
    assert "dashed line" in HOW_TO_READ and "labelled square" in HOW_TO_READ


def test_funnel_names_lean_towards_the_middle_of_the_plot() -> None:
    """x from 10 to 1000 on a log axis (log10 1 to 3, thirds at 1.67 and 2.33): a dot at 10
    (share 0) has its name to its right (anchored left), at 100 (share 0.5) centred, at 1000
    (share 1) to its left (anchored right); a dot above the programme's figure (1.0) has its
    name under it (anchored at its top), one below over it (anchored at its bottom)."""
    n = pd.Series([10.0, 100.0, 1000.0])
    value = pd.Series([1.5, 0.4, 1.2])
    assert [("left", "top"), ("center", "bottom"), ("right", "top")] == (
        charts_programme.label_anchors(n, value, 1.0, (10.0, 1000.0)))


def test_long_funnel_names_are_wrapped_on_a_white_ground() -> None:
    """A 46-character name beside its square is broken into lines of at most 18 characters
    (LABEL_WIDTH) on a white ground, so it fits a phone and stays readable over the lines:
    "Musculoskeletal" / "Moving Forward CoP" / "(synthetic)" (15, 18 and 11 characters)."""
    cops = pd.DataFrame({"cop_id": ["C"], "value": [0.2], "n": [300.0], "signal": ["below_998"],
                         "meetings_n": [6], "talk_hours": [4.0]})
    curve = pd.DataFrame({"n": [5.0, 500.0], "target": [1.0, 1.0], "low_95": [0.1, 0.9],
                          "high_95": [1.9, 1.1], "low_998": [0.0, 0.85], "high_998": [2.4, 1.15]})
    fig = charts_programme.funnel_plot(
        cops, curve, "t", "x", "y", names={"C": "Musculoskeletal Moving Forward CoP (synthetic)"})
    (name,) = fig.layout.annotations
    assert ("Musculoskeletal<br>Moving Forward CoP<br>(synthetic)", True) == (
        name.text, name.bgcolor.startswith("rgba(255, 255, 255"))


def test_exclusion_bars_are_shares_of_members_and_hidden_groups_have_none() -> None:
    """Lay: 4 members, 1 no online (25%), 1 far fewer (25%); clinical hidden (no bar, named
    in the note); all: 6 members, 2 and 1 (33%, 17%)."""
    frame = pd.DataFrame({"group": ["lay", "clinical", "all"], "members_n": [4, 2, 6],
                          "no_online_n": [1.0, None, 2.0], "far_fewer_n": [1.0, None, 1.0],
                          "suppressed": [False, True, False]})
    fig = charts_programme.exclusion_bars(frame, "t", "Member type")
    no_online, far_fewer = fig.data
    assert ["Lay", "Professional clinical (hidden)", "All members"] == list(no_online.y)
    assert [25.0, 33.3] == [round(x, 1) for x in no_online.x if x == x]
    assert [25.0, 16.7] == [round(x, 1) for x in far_fewer.x if x == x]
    assert "hidden" in " ".join(fig.layout.meta["notes"])
