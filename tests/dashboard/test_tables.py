"""Tables for people: labels with units, formatted values, intervals, suppression in words
(dashboard.text.table_view), checked on small hand-made frames."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from dashboard.text import COLUMN_LABELS, column_for, format_cell, interval_text, table_view


@pytest.mark.parametrize(("value", "kind", "expected"), [
    (0.3548, "percent", "35%"),          # 35.48% to a whole percent
    (1234.4, "count", "1,234"),
    (0.7412, "ratio", "0.74"),
    (0.185, "signed", "+0.19"),          # half up, as people round (binary would give +0.18)
    (-0.1209, "signed", "−0.12"),        # a true minus sign
    (-0.004, "signed", "0.00"),          # rounds to nothing: no sign, never −0.00
    (0.05, "points", "+5 points"),       # a difference of rates, 0.05 = 5 points
    (149708.2, "money", "£149,708"),
    (99.456, "money2", "£99.46"),
    (5706.0, "minutes", "95.1"),          # 5706 s / 60 = 95.1 minutes
    (3.45, "score", "3.5"),              # half up again
    (-1234.5, "count", "-1,235"),
    (datetime.date(2018, 2, 15), "date", "15 Feb 2018"),
    (pd.Timestamp("2026-12-06 13:32:10"), "datetime", "6 Dec 2026 13:32"),
    (pd.Timestamp("2019-03-01"), "month", "Mar 2019"),
    (True, "bool", "Yes"),
    ("in_person", "mode", "In person"),
    ("non_clinical", "group", "Professional non-clinical"),
    ("all", "group", "All"),
    ("steering_group", "meeting_type", "Steering group"),
    ("lay_payment", "words", "Lay payment"),
    (None, "percent", "–"),
    (float("nan"), "ratio", "–"),
    (pd.NaT, "date", "–"),
])
def test_a_value_reads_as_people_write_it(value: object, kind: str, expected: str) -> None:
    """Each kind of value as it reads on a page; a blank is an en dash."""
    assert expected == format_cell(value, kind)


def test_an_interval_reads_low_to_high_in_the_figure_unit() -> None:
    """0.66 and 0.88 as ratios; −0.07 and +0.14 as a difference of rates (points); a
    missing end gives a dash."""
    assert "0.66 to 0.88" == interval_text(0.66, 0.88, "ratio")
    assert "−7 to +14 points" == interval_text(-0.07, 0.14, "points")
    assert "–" == interval_text(None, 0.88, "ratio")


def test_intervals_become_one_column_after_their_figure() -> None:
    """Equity ratio 0.6 with interval 0.4 to 0.9: ci_low and ci_high are replaced by one
    '95% interval' column right after the ratio; the labels carry the unit."""
    frame = pd.DataFrame({"group": ["lay"], "equity_ratio": [0.6], "ci_low": [0.4],
                          "ci_high": [0.9], "meetings_n": [4], "too_few": [False]})
    text = table_view(frame).text()
    assert ["Group", "Equity ratio (1 = parity)", "95% interval", "Meetings (count)",
            "Too few meetings for an interval"] == list(text.columns)
    assert ["Lay", "0.60", "0.40 to 0.90", "4", "No"] == text.iloc[0].tolist()


def test_each_row_of_a_comparison_reads_in_its_own_unit() -> None:
    """Mode comparison: the lay equity ratio row in ratio units (0.45, 0.55, +0.10, interval
    −0.12 to +0.30); the attendance row in percentages and points (43%, 37%, −6 points,
    −22 to +10 points); a whole-meeting figure has no group (a dash)."""
    frame = pd.DataFrame({
        "metric": ["equity_ratio", "attendance_rate"], "group": ["lay", None],
        "in_person": [0.45, 0.4323], "online": [0.55, 0.3687], "difference": [0.10, -0.0636],
        "ci_low": [-0.12, -0.2229], "ci_high": [0.30, 0.1005], "in_person_n": [16, 22],
        "online_n": [31, 41], "warning": [None, None]})
    text = table_view(frame).text()
    assert ["Equity ratio (talk time; 1 = parity)", "Lay", "0.45", "0.55", "+0.10",
            "−0.12 to +0.30", "16", "31", "–"] == text.iloc[0].tolist()
    assert ["Attendance rate", "–", "43%", "37%", "−6 points", "−22 to +10 points", "22", "41",
            "–"] == text.iloc[1].tolist()


def test_suppression_reads_as_words() -> None:
    """A group hidden below the threshold: no 'suppressed' checkbox and no note column, but
    'Shown: No: fewer than 5 responses'; its mean is a dash; a shown group says Yes."""
    frame = pd.DataFrame({"instrument_id": ["q", "q"], "wave": ["2018-Q2"] * 2,
                          "group": ["clinical", "lay"], "scale": ["total"] * 2, "n": [4, 5],
                          "mean": [None, 2.4667], "ci_low": [None, 1.839], "ci_high": [None, 3.0944],
                          "share_agreeing": [None, 0.2], "suppressed": [True, False],
                          "note": ["fewer than 5 responses", None]})
    text = table_view(frame, values={"instrument_id": {"q": "Taking part in the CoP"}}).text()
    assert "Suppressed" not in text.columns and "Note" not in text.columns
    assert ["Taking part in the CoP", "2018-Q2", "Professional clinical", "Total", "4", "–", "–",
            "–", "No: fewer than 5 responses"] == text.iloc[0].tolist()
    assert ["2.5", "1.8 to 3.1", "20%", "Yes"] == text.iloc[1].tolist()[5:]


def test_sorting_keeps_the_numbers() -> None:
    """The shown data keep the raw numbers (a column sorts 35% before 100%): only the text
    is formatted."""
    view = table_view(pd.DataFrame({"attendance_rate": [1.0, 0.3548]}))
    assert [1.0, 0.3548] == view.data["attendance_rate"].tolist()
    assert ["100%", "35%"] == view.text()["Attendance rate (%)"].tolist()


def test_machine_columns_stay_in_the_download_only() -> None:
    """batch_id and furthest_rank are not shown on the page."""
    frame = pd.DataFrame({"recommendation_id": ["R1"], "furthest_rank": [4], "batch_id": ["b"]})
    assert ["Recommendation"] == list(table_view(frame).text().columns)


def test_a_new_column_gets_a_fair_label_from_its_name() -> None:
    """Columns nobody labelled yet read by their suffix: venue_cost_gbp -> 'Venue cost (£)'
    in pounds, heatmap_cells_n -> a count, dropout_share -> a percentage."""
    assert ("Venue cost (£)", "money2") == (column_for("venue_cost_gbp").label, column_for("venue_cost_gbp").kind)
    assert "count" == column_for("heatmap_cells_n").kind
    assert ("Dropout (%)", "percent") == (column_for("dropout_share").label, column_for("dropout_share").kind)


def test_no_label_is_a_machine_name() -> None:
    """Every label in the dictionary is words: no underscore, no bare 'ci_'."""
    assert [] == [name for name, column in COLUMN_LABELS.items() if "_" in column.label]


def _long_table_page(rows: int, columns: int) -> None:  # pragma: no cover - runs in AppTest
    import pandas as pd

    from dashboard import ui

    frame = pd.DataFrame({f"figure_{i}": range(rows) for i in range(columns)})
    ui.show_table(frame, "A long table", "long")


@pytest.mark.parametrize(("rows", "columns", "shown"), [
    # 10,000 rows of 2 columns: the page's cap, 1,000 rows
    (10_000, 2, 1_000),
    # 1,500 rows of 300 columns: 1,000 rows would be 300,000 cells, past pandas' Styler
    # limit of 262,144: 262,144 // 300 = 873 rows (873 x 300 = 261,900 cells)
    (1_500, 300, 873),
])
def test_a_long_table_shows_its_first_rows_and_says_so(rows: int, columns: int,
                                                       shown: int) -> None:
    """A big programme's tables (a row per meeting and member type) render their first rows
    with a sentence saying how many there are, instead of a page error; the download keeps
    them all."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_long_table_page, kwargs={"rows": rows, "columns": columns})
    at.run(timeout=60)
    assert not at.exception
    assert shown == len(at.dataframe[0].value)
    assert f"Showing the first {shown:,} of {rows:,} rows; the download below holds them all." \
        == at.caption[0].value


def test_a_short_table_shows_every_row_without_a_note() -> None:
    """12 rows of 3 columns are under every limit: all 12 shown, no sentence above them."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_long_table_page, kwargs={"rows": 12, "columns": 3})
    at.run(timeout=60)
    assert 12 == len(at.dataframe[0].value)
    assert not at.caption
