"""Pure chart functions, checked with small hand-made frames."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from dashboard import charts

D = datetime.date


def _meetings() -> pd.DataFrame:
    # Two in-person meetings then two online ones: the mode changes once.
    return pd.DataFrame({
        "meeting_id": ["m1", "m2", "m3", "m4"],
        "held_on": [D(2019, 2, 1), D(2019, 5, 1), D(2020, 5, 1), D(2020, 8, 1)],
        "mode": ["in_person", "in_person", "online", "online"],
        "gini_talk": [0.3, 0.4, 0.5, 0.45],
        "voice_coverage": [0.8, 0.9, 0.6, 0.7],
    })


def _equity() -> pd.DataFrame:
    return pd.DataFrame({
        "group": ["clinical", "lay", "non_clinical"],
        "equity_ratio": [1.2, 0.6, 1.0],
        "ci_low": [1.0, 0.4, None],
        "ci_high": [1.4, 0.9, None],
        "meetings_n": [4, 4, 2],
        "too_few": [False, False, True],
    })


def _all_figures() -> list:
    groups = pd.DataFrame({
        "meeting_id": ["m1", "m1"], "held_on": [D(2019, 2, 1)] * 2, "mode": ["in_person"] * 2,
        "group": ["lay", "clinical"], "talk_share": [0.2, 0.8], "attendee_share": [0.4, 0.6],
        "equity_ratio": [0.5, 1.33], "attendance_rate": [0.5, 0.75],
    })
    return [
        charts.equity_intervals(_equity(), "Equity"),
        charts.share_scatter(groups, "Shares"),
        charts.meeting_timeline(_meetings(), {"gini_talk": "Gini"}, "Gini", "Gini (0-1)", percent=False),
        charts.group_timeline(groups, "attendance_rate", "Attendance", "Attendance rate (%)"),
        charts.turn_acts(pd.DataFrame({"member_type": ["lay", "lay"], "act": ["question", "challenge"],
                                       "turns_n": [3, 1], "share": [0.75, 0.25]}), "Acts"),
        charts.chat_rate(pd.DataFrame({"mode": ["online"], "member_type": ["lay"], "chat_messages_n": [4],
                                       "attendees_n": [2], "chat_rate": [2.0]}), "Chat"),
        charts.cost_by_category(pd.DataFrame({"category": ["venue"], "amount_gbp": [100.0]}), "Cost"),
        charts.uptake_funnel(pd.DataFrame({"stage": ["proposed", "agreed"], "pairs_n": [4, 2]}), "Funnel"),
    ]


@pytest.mark.parametrize("index", range(8))
def test_every_chart_has_a_title_and_axis_titles(index: int) -> None:
    """Each chart names itself and both axes, so a reader knows what and in which unit."""
    fig = _all_figures()[index]
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text
    assert fig.layout.yaxis.title.text


def test_equity_chart_draws_a_parity_line_at_one() -> None:
    """The equity chart has a dashed vertical line at x = 1."""
    fig = charts.equity_intervals(_equity(), "Equity")
    assert [1] == [shape.x0 for shape in fig.layout.shapes]


def test_equity_chart_interval_arms_match_the_interval() -> None:
    """Lay 0.6 with interval 0.4 to 0.9: arms of 0.3 up and 0.2 down (0.9-0.6, 0.6-0.4)."""
    fig = charts.equity_intervals(_equity(), "Equity")
    lay = next(t for t in fig.data if t.name == "Lay")
    assert pytest.approx([0.3, 0.2]) == [lay.error_x.array[0], lay.error_x.arrayminus[0]]


def test_member_types_keep_their_colour_across_charts() -> None:
    """Lay is vermillion in the equity chart and in the scatter (one colour per type)."""
    equity = charts.equity_intervals(_equity(), "Equity")
    scatter = _all_figures()[1]
    colours = {t.marker.color for f in (equity, scatter) for t in f.data if t.name == "Lay"}
    assert {charts.OKABE_ITO["vermillion"]} == colours


def test_mode_shading_has_one_band_per_run_of_meetings() -> None:
    """In person, in person, online, online: two shaded bands, the second starting between
    1 May 2019 and 1 May 2020: 366 days apart (2020 is a leap year), half is 183 days,
    1 May 2019 + 183 days = 31 Oct 2019."""
    fig = charts.meeting_timeline(_meetings(), {"gini_talk": "Gini"}, "Gini", "Gini", percent=False)
    bands = [s for s in fig.layout.shapes if s.type == "rect"]
    assert 2 == len(bands)
    assert pd.Timestamp("2019-10-31") == pd.Timestamp(bands[1].x0)


def test_uptake_matrix_puts_each_status_in_its_cell() -> None:
    """R1 implemented at Site A, R2 proposed at Site B: the other two cells are empty."""
    frame = pd.DataFrame({"recommendation_id": ["R1", "R2"], "site": ["Site A", "Site B"],
                          "latest_status": ["implemented", "proposed"],
                          "latest_on": [D(2020, 1, 1)] * 2})
    fig = charts.uptake_matrix(frame, "Matrix")
    # STATUS_ORDER: proposed 0, agreed 1, in_progress 2, implemented 3
    assert [[3.0, None], [None, 0.0]] == [[None if pd.isna(v) else v for v in row] for row in fig.data[0].z]


def test_diverging_bars_put_disagreement_left_and_split_the_midpoint() -> None:
    """Shares 1: 20%, 3: 40%, 5: 40% on a 1-5 scale: 1 at -0.2, 3 split -0.2 / +0.2, 5 at +0.4."""
    frame = pd.DataFrame({"item_id": ["q1"] * 3, "text": ["I am heard"] * 3,
                          "member_type": ["lay"] * 3, "value": [1, 3, 5],
                          "label": ["Strongly disagree", "Neither", "Strongly agree"],
                          "share": [0.2, 0.4, 0.4]})
    fig = charts.diverging_items(frame, "Items", midpoint=3)
    assert pytest.approx([-0.2, -0.2, 0.2, 0.4]) == [t.x[0] for t in fig.data]


def _alternating_meetings(months: int) -> pd.DataFrame:
    """Weekly meetings whose mode alternates every meeting, except that each month has one
    more online meeting than in-person ones in odd months (more in-person in even months)."""
    rows = []
    for month in range(months):
        first = pd.Timestamp(2021, 1, 1) + pd.DateOffset(months=month)
        modes = ["online", "in_person", "online"] if month % 2 else ["in_person", "online", "in_person"]
        for week, mode in enumerate(modes):
            rows.append({"meeting_id": f"m{month}-{week}", "held_on": first + pd.Timedelta(days=7 * week),
                         "mode": mode, "gini_talk": 0.3})
    return pd.DataFrame(rows)


def test_mode_shading_falls_back_to_one_band_per_month_when_modes_alternate() -> None:
    """16 months of alternating meetings make 48 one-meeting runs (over the cap of 40), so
    each month is shaded by its usual mode: in-person (even months) and online (odd months)
    alternate month by month, 16 bands, the first covering January 2021."""
    fig = charts.meeting_timeline(_alternating_meetings(16), {"gini_talk": "Gini"}, "Gini", "Gini",
                                  percent=False)
    bands = [s for s in fig.layout.shapes if s.type == "rect"]
    assert 16 == len(bands)
    assert (pd.Timestamp("2021-01-01"), pd.Timestamp("2021-02-01")) == (
        pd.Timestamp(bands[0].x0), pd.Timestamp(bands[0].x1))
    assert charts.MODE_COLOURS["in_person"] == bands[0].fillcolor


def test_mode_shading_merges_months_of_one_mode_into_one_band() -> None:
    """January to May 2021, 21 daily meetings a month alternating in person / online,
    starting in person (11 in person, 10 online): 105 one-meeting runs, over the cap; every
    month is mostly in person, so one band from 1 January to 1 June 2021."""
    rows = [{"meeting_id": f"m{month}-{day}", "held_on": pd.Timestamp(2021, month, 1 + day),
             "mode": "online" if day % 2 else "in_person", "gini_talk": 0.3}
            for month in range(1, 6) for day in range(21)]
    fig = charts.meeting_timeline(pd.DataFrame(rows), {"gini_talk": "Gini"}, "Gini", "Gini",
                                  percent=False)
    bands = [s for s in fig.layout.shapes if s.type == "rect"]
    assert [(pd.Timestamp("2021-01-01"), pd.Timestamp("2021-06-01"))] == [
        (pd.Timestamp(b.x0), pd.Timestamp(b.x1)) for b in bands]


def test_mode_shading_is_left_out_when_even_quarters_alternate() -> None:
    """Quarters alternating between modes for 15 years: 60 quarters, still more than 40
    bands, so nothing is shaded (and no shading legend entry is drawn)."""
    rows = [{"meeting_id": f"q{q}", "held_on": pd.Timestamp(2000, 1, 15) + pd.DateOffset(months=3 * q),
             "mode": "online" if q % 2 else "in_person", "gini_talk": 0.3} for q in range(60)]
    fig = charts.group_timeline(pd.DataFrame(rows).assign(group="lay"), "gini_talk", "Gini", "Gini")
    assert 0 == len([s for s in fig.layout.shapes if s.type == "rect"])
    assert ["Lay"] == [t.name for t in fig.data]


def _two_cops() -> pd.DataFrame:
    """cop1 meets in person twice then online twice; cop2 meets hybrid twice."""
    frame = _meetings().assign(cop_id="cop1", meeting_type="cop")
    cop2 = pd.DataFrame({
        "meeting_id": ["h1", "h2"], "held_on": [D(2019, 3, 1), D(2019, 9, 1)],
        "mode": ["hybrid", "hybrid"], "gini_talk": [0.2, 0.25], "voice_coverage": [0.9, 1.0],
        "cop_id": "cop2", "meeting_type": "cop"})
    return pd.concat([frame, cop2], ignore_index=True)


def _panels(fig) -> int:
    return len([k for k in fig.layout if k.startswith("yaxis")])


def test_several_cops_get_one_panel_each_on_shared_axes() -> None:
    """Two CoPs: two panels (y and y2), their y axes matched to the first, one line per
    CoP (4 and 2 meetings), and each CoP named inside its own panel."""
    fig = charts.meeting_timeline(_two_cops(), {"gini_talk": "Gini"}, "Gini", "Gini", percent=False,
                                  panel_names={"cop1": "Knees", "cop2": "Feet"})
    assert 2 == _panels(fig)
    assert "y" == fig.layout.yaxis2.matches
    lines = [t for t in fig.data if t.name == "Gini"]
    assert [("y", 4), ("y2", 2)] == [(t.yaxis, len(t.x)) for t in lines]
    names = [(a.text, a.yref) for a in fig.layout.annotations if a.name == "panel"]
    assert [("Knees", "y domain"), ("Feet", "y2 domain")] == names


def test_each_cop_panel_is_shaded_by_its_own_modes() -> None:
    """cop1's panel has an in-person and an online band, cop2's one hybrid band: three
    bands, each on its own panel's axes, and the reading note names all three modes."""
    fig = charts.meeting_timeline(_two_cops(), {"gini_talk": "Gini"}, "Gini", "Gini", percent=False)
    bands = [(s.yref, s.name) for s in fig.layout.shapes if s.type == "rect"]
    assert [("y domain", "mode:in_person"), ("y domain", "mode:online"),
            ("y2 domain", "mode:hybrid")] == bands
    assert "Shaded bands show when meetings were in person, online or hybrid." in charts.drawn_notes(fig)
    assert "One panel per CoP, all on the same scales." in charts.drawn_notes(fig)


def test_a_colour_means_one_series_in_every_panel() -> None:
    """Two columns over two CoPs: each column keeps one colour in both panels, the two
    colours differ, and each appears once in the legend."""
    fig = charts.meeting_timeline(_two_cops(), {"gini_talk": "Gini", "voice_coverage": "Voice"},
                                  "Both", "Share")
    lines = [t for t in fig.data if t.name in ("Gini", "Voice")]
    colours = {t.name: {u.line.color for u in lines if u.name == t.name} for t in lines}
    assert 1 == len(colours["Gini"]) == len(colours["Voice"])
    assert colours["Gini"] != colours["Voice"]
    assert [("Gini", True), ("Voice", True), ("Gini", False), ("Voice", False)] == [
        (t.name, t.showlegend) for t in lines]


def test_other_meeting_types_are_hollow_and_not_joined() -> None:
    """CoP meetings m1 and m3, a steering group m2 between them: the line joins m1 and m3
    only; m2 is a hollow diamond, apart, and the reading note says so."""
    frame = _meetings().iloc[:3].assign(meeting_type=["cop", "steering_group", "cop"])
    fig = charts.meeting_timeline(frame, {"gini_talk": "Gini"}, "Gini", "Gini", percent=False)
    line = next(t for t in fig.data if t.name == "Gini")
    other = next(t for t in fig.data if t.name == "Gini: steering groups")
    assert ("lines+markers", 2) == (line.mode, len(line.x))
    assert ("markers", "diamond-open", 1) == (other.mode, other.marker.symbol, len(other.x))
    assert "Hollow markers are steering groups, shown apart and not joined up." in charts.drawn_notes(fig)


def test_only_cop_meetings_give_no_hollow_note() -> None:
    """Without other types, nothing hollow is drawn and the note does not mention it."""
    fig = charts.meeting_timeline(_meetings().assign(meeting_type="cop"), {"gini_talk": "Gini"},
                                  "Gini", "Gini", percent=False)
    assert not any("Hollow" in n for n in charts.drawn_notes(fig))
    assert 1 == _panels(fig)


def test_no_bands_no_shading_note() -> None:
    """Quarters alternating between modes for 15 years draw no band, so the note says the
    modes change too often to shade instead of promising bands."""
    rows = [{"meeting_id": f"q{q}", "held_on": pd.Timestamp(2000, 1, 15) + pd.DateOffset(months=3 * q),
             "mode": "online" if q % 2 else "in_person", "gini_talk": 0.3} for q in range(60)]
    notes = charts.drawn_notes(charts.meeting_timeline(pd.DataFrame(rows), {"gini_talk": "Gini"},
                                                       "Gini", "Gini", percent=False))
    assert not any("Shaded" in n for n in notes)
    assert any("change too often to shade" in n for n in notes)


def test_nine_cops_draw_nine_panels() -> None:
    """The chart draws every CoP it is given (the page limits them to MAX_PANELS)."""
    frame = pd.DataFrame({"meeting_id": [f"m{i}" for i in range(9)], "cop_id": [f"cop{i}" for i in range(9)],
                          "held_on": [D(2020, 1, 1 + i) for i in range(9)], "mode": ["online"] * 9,
                          "gini_talk": [0.1 * i for i in range(9)]})
    fig = charts.meeting_timeline(frame, {"gini_talk": "Gini"}, "Gini", "Gini", percent=False)
    assert 9 == _panels(fig)


def test_group_timeline_draws_lay_attendance_per_cop_in_lay_colour() -> None:
    """Lay attendance in two CoPs: one vermillion line per panel, one legend entry."""
    frame = _two_cops().assign(group="lay", attendance_rate=0.5)
    fig = charts.group_timeline(frame, "attendance_rate", "Lay attendance", "Attendance rate (%)")
    lines = [t for t in fig.data if t.name == "Lay"]
    assert [charts.OKABE_ITO["vermillion"]] * 2 == [t.line.color for t in lines]
    assert [True, False] == [t.showlegend for t in lines]


@pytest.mark.parametrize("index", range(8))
def test_legends_sit_at_the_top_of_the_figure(index: int) -> None:
    """Every legend is anchored to the top of the figure (Plotly moves the plot below it),
    so it cannot cover the plot; the title is drawn above the figure by ui.chart."""
    legend = _all_figures()[index].layout.legend
    assert ("container", 1, "top", "h") == (legend.yref, legend.y, legend.yanchor, legend.orientation)


def test_share_scatter_marks_other_meeting_types() -> None:
    """Lay at a CoP meeting and at a steering group: a filled dot and a hollow diamond, and
    the dashed parity diagonal from (0, 0) to (1, 1)."""
    frame = pd.DataFrame({"meeting_id": ["m1", "s1"], "held_on": [D(2019, 2, 1)] * 2,
                          "mode": ["in_person"] * 2, "meeting_type": ["cop", "steering_group"],
                          "group": ["lay", "lay"], "talk_share": [0.2, 0.9],
                          "attendee_share": [0.4, 0.8], "equity_ratio": [0.5, 1.125]})
    fig = charts.share_scatter(frame, "Shares")
    symbols = [(t.name, t.marker.symbol) for t in fig.data if t.mode == "markers"]
    assert [("Lay", "circle"), ("Lay, steering groups", "diamond-open")] == symbols
    diagonal = next(t for t in fig.data if t.mode == "lines")
    assert ((0, 1), (0, 1), "dash") == (tuple(diagonal.x), tuple(diagonal.y), diagonal.line.dash)


def test_cost_categories_get_ten_different_colours() -> None:
    """The ten cost categories in one month: ten bars, ten different colours."""
    categories = list(charts.CATEGORY_COLOURS)
    frame = pd.DataFrame({"month": [D(2020, 1, 1)] * 10, "category": categories, "amount_gbp": [10.0] * 10})
    fig = charts.cost_by_month(frame, "Cost")
    assert 10 == len({t.marker.color for t in fig.data}) == len(fig.data)
    assert "Lay payment" in [t.name for t in fig.data]


def test_cost_by_mode_uses_the_mode_colours_and_words() -> None:
    """In person and online bars in orange and sky blue, labelled in words."""
    frame = pd.DataFrame({"mode": ["online", "in_person"], "cost_per_attendee_hour_gbp": [11.0, 19.0],
                          "meetings_n": [3, 4]})
    fig = charts.by_mode(frame, "cost_per_attendee_hour_gbp", "Cost", "£ per hour", money=True)
    bars = fig.data[0]
    assert ("In person", "Online") == tuple(bars.x)
    assert (charts.OKABE_ITO["orange"], charts.OKABE_ITO["sky_blue"]) == tuple(bars.marker.color)
    assert (19.0, 11.0) == tuple(bars.y)


def test_equity_chart_draws_no_bar_without_an_interval() -> None:
    """Professional non-clinical has no interval (2 meetings): its error bar is hidden, the
    others' are shown, as the reading note says ("none when fewer than 3 meetings")."""
    fig = charts.equity_intervals(_equity(), "Equity")
    assert {"Professional clinical": True, "Lay": True, "Professional non-clinical": False} == {
        t.name: t.error_x.visible for t in fig.data}


def test_turn_kinds_read_in_order_with_fixed_colours() -> None:
    """Questions come before statements, 'not_coded' reads 'Not coded', and question is
    vermillion whichever kinds are present."""
    frame = pd.DataFrame({"member_type": ["lay"] * 3, "act": ["statement", "not_coded", "question"],
                          "turns_n": [5, 1, 2], "share": [0.625, 0.125, 0.25]})
    fig = charts.turn_acts(frame, "Acts")
    assert ["Question", "Statement", "Not coded"] == [t.name for t in fig.data]
    assert charts.OKABE_ITO["vermillion"] == fig.data[0].marker.color


def _comparison(difference: list[float], low: list[float], high: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"comparison": ["raw", "within_member", "adjusted"],
                         "difference": difference, "ci_low": low, "ci_high": high,
                         "n": [40, 6, 40], "n_unit": ["meetings", "members", "meetings"]})


def test_no_difference_label_sits_above_the_plot() -> None:
    """The dashed line's label is in the top margin (y = 1 of the plot's height, anchored at
    its bottom), not inside the plot where it covered the top row's dot at 390 px."""
    from dashboard import charts_fairness

    fig = charts_fairness.fair_comparison(
        _comparison([0.1, 0.5, 0.2], [-0.1, 0.2, -0.1], [0.3, 0.9, 0.4]), "t", "x")
    (label,) = fig.layout.annotations
    assert ("no difference", "paper", 1, "bottom") == (label.text, label.yref, label.y,
                                                        label.yanchor)


@pytest.mark.parametrize(("difference", "low", "high", "anchor"), [
    # span -0.1 .. 0.9: 0 at 0.1 / 1.0 = 10% across (left third): the label to the right
    ([0.1, 0.5, 0.2], [-0.1, 0.2, -0.1], [0.3, 0.9, 0.4], "left"),
    # span -0.05 .. 0.01: 0 at 0.05 / 0.06 = 83% across (right third): to the left
    ([-0.005, -0.02, -0.02], [-0.02, -0.05, -0.05], [0.005, 0.01, 0.01], "right"),
    # span -1 .. 1: 0 half-way: centred on the line
    ([0.5, -0.5, 0.0], [0.0, -1.0, -0.5], [1.0, 0.0, 0.5], "center"),
])
def test_no_difference_label_leans_away_from_the_nearer_edge(difference, low, high,
                                                             anchor) -> None:
    """The label's xanchor follows where 0 falls in the x range of the dots and bars."""
    from dashboard import charts_fairness

    fig = charts_fairness.fair_comparison(_comparison(difference, low, high), "t", "x")
    assert anchor == fig.layout.annotations[0].xanchor


def test_share_grid_draws_each_count_in_its_square_one_panel_per_group():
    """Squares 50% wide: lay's 3 meetings at (0-50% of the room, 50-100% of the talk) are
    the top-left square of its panel (row 1 = talk from 50%, column 0 = attendees from 0%);
    the other squares are blank, not 0; the notes say the panels are groups, not CoPs."""
    frame = pd.DataFrame({"group": ["lay", "clinical"], "attendee_share_from": [0.0, 0.5],
                          "talk_share_from": [0.5, 0.0], "meetings_n": [3, 2]})
    fig = charts.share_grid(frame, "Shares", step=0.5)
    heatmaps = {t.name: t.z for t in fig.data if t.type == "heatmap"}
    assert ["Lay", "Professional clinical"] == list(heatmaps)
    lay = heatmaps["Lay"]
    assert 3 == lay[1][0]
    assert all(pd.isna(lay[r][c]) for r, c in ((0, 0), (0, 1), (1, 1)))
    assert 2 == heatmaps["Professional clinical"][0][1]
    assert "One panel per group, all on the same scales." in charts.drawn_notes(fig)
