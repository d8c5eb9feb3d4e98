"""The issue-16 sections on the sample programme (AppTest): who responds to whom on the
Participation and Lay members pages, the fair comparison on the In person vs online page;
each chart's "How to read this" is true of what its figure draws."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import charts_with_notes, run_page


def _figure(at, words: str) -> tuple[dict, str]:
    return next((f, n) for f, n in charts_with_notes(at) if words in n)


@pytest.mark.parametrize("page", ["participation", "lay_members"])
def test_turn_heat_map_draws_the_cells_its_note_reads(use_sample_db: Path, page: str) -> None:
    """The page shows the heat map without an error; its note speaks of cells, and the
    figure is a 3 x 3 heat map whose cells say the count seen and (expected)."""
    at = run_page(page)
    assert [] == [e.value for e in at.exception]
    figure, note = _figure(at, "random mixing")
    heatmap = figure["data"][0]
    assert ("heatmap", 3, 3, True) == (
        heatmap["type"], len(heatmap["z"]), len(heatmap["z"][0]),
        all("(" in cell for row in heatmap["text"] for cell in row))
    assert "cell" in note


def test_lay_members_page_shows_lay_rows_only(use_sample_db: Path) -> None:
    """The Lay members page's response and answer tables hold lay members' rows only."""
    at = run_page("lay_members")
    types = [set(t.value["member_type"]) for t in at.dataframe
             if {"responded_n"} <= set(t.value.columns) or {"answered_by"} <= set(t.value.columns)]
    assert [{"lay"}, {"lay"}] == types


def test_fair_comparison_draws_dots_bars_and_a_dashed_line(use_sample_db: Path) -> None:
    """The In person vs online page shows the three comparisons as dots with interval bars
    and a dashed line at no difference, as its note says, with the plain explanation."""
    at = run_page("online_vs_in_person")
    assert [] == [e.value for e in at.exception]
    figure, note = _figure(at, "way of comparing the modes")
    trace = figure["data"][0]
    dashed = [s for s in figure["layout"]["shapes"] if s.get("line", {}).get("dash") == "dash"]
    assert (True, True, 1) == ("markers" in trace["mode"], "error_x" in trace, len(dashed))
    assert ("dot" in note, "bar" in note, "dashed" in note) == (True, True, True)
    assert any("within-member difference compares the same people" in m.value
               for m in at.markdown)


def test_fair_comparison_dots_are_the_api_figures(use_sample_db: Path) -> None:
    """The page builds the comparison from its cached parts (mode_comparison,
    within_member, adjusted_mode_effect): its dots are pipelines.metrics.fair_comparison's
    differences for the whole programme, the chart listing them bottom up."""
    import base64

    import duckdb
    import numpy as np

    import pipelines.metrics as metrics

    at = run_page("online_vs_in_person")
    figure, _ = _figure(at, "way of comparing the modes")
    x = figure["data"][0]["x"]  # Plotly's JSON holds a float array as base64 doubles
    drawn = np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]) if isinstance(
        x, dict) else np.asarray(x, dtype=float)
    with duckdb.connect(str(use_sample_db), read_only=True) as con:
        frame = metrics.fair_comparison(con, metrics.Selection(), group="lay")
    expected = frame["difference"].dropna().iloc[::-1]
    assert [round(v, 9) for v in expected] == [round(float(v), 9) for v in drawn]
