"""Every page reads right: each chart's "How to read this" names only what the chart
draws (bands, lines, dots, bars, panels), for one CoP and for all three of the sample
programme; every table on a page shows human labels and dashes for blanks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from app_helpers import PAGES, charts_with_notes, run_page

CHART_PAGES = ["cost", "data_quality", "lay_members", "online_vs_in_person", "participation",
               "surveys", "uptake"]


def _rects(figure: dict) -> list[dict]:
    return [s for s in figure["layout"].get("shapes", []) if s.get("type") == "rect"]


def _traces(figure: dict, kind: str) -> list[dict]:
    return [t for t in figure["data"] if t.get("type", "scatter") == kind]


def _dashed(figure: dict) -> bool:
    shapes = [s for s in figure["layout"].get("shapes", []) if s.get("type") == "line"]
    lines = [t.get("line", {}) for t in _traces(figure, "scatter")]
    return any(s.get("line", {}).get("dash") == "dash" for s in shapes) or any(
        line.get("dash") == "dash" for line in lines)


def _what_is_drawn(figure: dict) -> dict[str, bool]:
    scatter = _traces(figure, "scatter")
    symbols = [t.get("marker", {}).get("symbol") for t in scatter]
    return {
        "bands": any(s.get("name", "").startswith("mode:") for s in _rects(figure)),
        "dashed": _dashed(figure),
        "dotted": any(t.get("line", {}).get("dash") == "dot" for t in scatter),
        "hollow": any(isinstance(s, str) and s.endswith("-open") for s in symbols),
        "panels": len([k for k in figure["layout"] if k.startswith("yaxis")]) > 1,
        "bars": bool(_traces(figure, "bar") or _traces(figure, "funnel") or any(
            t.get(error, {}).get("visible", True) and t.get(error, {}).get("array")
            for t in scatter for error in ("error_x", "error_y"))),
        "dots": any("markers" in t.get("mode", "") for t in scatter if t.get("x") != [None]),
        "lines": any("lines" in t.get("mode", "") for t in scatter),
        "cells": bool(_traces(figure, "heatmap")),
        "centre": any(s.get("type") == "line" for s in figure["layout"].get("shapes", [])),
    }


# words of a reading note -> what they promise is drawn
PROMISES = {
    "bands": r"shaded band|band\b",
    "dashed": r"dashed",
    "dotted": r"dotted",
    "hollow": r"hollow",
    "panels": r"panel per CoP",
    "bars": r"\bbars?\b",
    "dots": r"\bdots?\b|\bpoints?\b",
    "lines": r"\bline\b(?! up)",
    "cells": r"\bcells?\b",
    "centre": r"centre line",
}


@pytest.mark.parametrize("cops", [[], ["cop1"]], ids=["three CoPs", "one CoP"])
@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_reading_note_is_true_of_its_chart(use_sample_db: Path, page: str,
                                                 cops: list[str]) -> None:
    """What a note promises (shaded bands, a dashed line, hollow markers, one panel per CoP,
    bars, dots, lines, cells) is in its figure; and bands, hollow markers and panels that
    are drawn are named in the note."""
    at = run_page(page, cops=cops)
    assert [] == [e.value for e in at.exception]
    found = charts_with_notes(at)
    assert found, f"{page} shows no chart with a reading note"
    for figure, note in found:
        drawn = _what_is_drawn(figure)
        # a dashed or centre line is a reference the chart draws, not a line of data
        data_note = re.sub(r"(dashed|centre) (line|diagonal)", "", note)
        for element, words in PROMISES.items():
            text = data_note if element == "lines" else note
            if re.search(words, text, re.IGNORECASE):
                assert drawn[element], f"{page}: note promises {element}: {note}"
        for element in ("bands", "hollow", "panels"):
            if drawn[element]:
                assert re.search(PROMISES[element], note, re.IGNORECASE), (
                    f"{page}: {element} drawn but not read out: {note}")


def test_one_cop_is_one_panel_and_three_are_three(use_sample_db: Path) -> None:
    """The Lay members' equity chart: one panel for cop1 alone, three for all three CoPs
    (the sample programme has three CoPs with observed CoP meetings)."""
    def panels(cops: list[str]) -> int:
        figure, _ = next(f for f in charts_with_notes(run_page("lay_members", cops=cops))
                         if "equity" in json.dumps(f[0]["data"][0].get("name", "")).lower())
        return len([k for k in figure["layout"] if k.startswith("yaxis")])
    assert (1, 3) == (panels(["cop1"]), panels([]))


def test_per_meeting_charts_start_with_cop_meetings_only(use_sample_db: Path) -> None:
    """The Lay members page's meeting-type filter starts at CoP meetings, and its talk
    chart has no hollow marker (no meeting of another type mixed in) until one is added."""
    at = run_page("lay_members")
    assert ["cop"] == at.multiselect(key="lay_meeting_types").value
    figure, _ = charts_with_notes(at)[0]
    assert not _what_is_drawn(figure)["hollow"]
    at.multiselect(key="lay_meeting_types").set_value(["cop", "steering_group"]).run()
    figure, note = charts_with_notes(at)[0]
    assert _what_is_drawn(figure)["hollow"] and "steering groups" in note


@pytest.mark.parametrize("page", PAGES)
def test_tables_show_human_labels(use_sample_db: Path, page: str) -> None:
    """Every table on every page labels every column in words (no machine name such as
    ci_low or meetings_expected_n) and shows blanks as a dash, never 'None'."""
    at = run_page(page)
    for table in at.dataframe:
        config = json.loads(table.proto.columns or "{}")
        labels = {name: config.get(name, {}).get("label", name) for name in table.value.columns}
        assert [] == [label for label in labels.values() if "_" in label], labels
        assert "–" == table.proto.placeholder
