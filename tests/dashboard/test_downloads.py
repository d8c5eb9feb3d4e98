"""CSV downloads: every file the dashboard hands out is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime
import io

import pandas as pd
import pytest

from dashboard.downloads import csv_file_name, to_safe_csv


def _parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("\ncmd", "'\ncmd"),
        ("lay", "lay"),
        ("a=b", "a=b"),  # only the first character matters
    ],
)
def test_text_starting_with_a_formula_character_gets_a_quote(raw: str, expected: str) -> None:
    """Text cells that start with = + - @ tab CR or LF get a leading apostrophe, others do not."""
    assert expected == _parse(to_safe_csv(pd.DataFrame({"text": [raw]})))[1][0]


def test_every_field_is_quoted_and_numbers_stay_numbers() -> None:
    """Every field is quoted; a negative number is written as a number, without the apostrophe."""
    frame = pd.DataFrame({"member_type": ["lay"], "difference": [-0.25],
                          "held_on": [datetime.date(2019, 3, 1)]})
    lines = to_safe_csv(frame).decode("utf-8-sig").splitlines()
    assert ['"member_type","difference","held_on"', '"lay","-0.25","2019-03-01"'] == lines


def test_missing_values_are_blank() -> None:
    """A missing number and a missing text are both empty fields."""
    frame = pd.DataFrame({"value": [None], "note": [None]}).astype({"value": float})
    assert ["", ""] == _parse(to_safe_csv(frame))[1]


def test_header_cells_are_neutralised_too() -> None:
    """A column name that starts with = is written with the apostrophe."""
    assert ["'=evil"] == _parse(to_safe_csv(pd.DataFrame({"=evil": [1]})))[0]


def test_file_names_are_plain() -> None:
    """A chart title becomes a lower-case file name with underscores."""
    assert "copdash_equity_ratio_by_member_type_95.csv" == csv_file_name("Equity ratio by member type (95%)")
