"""CSV files that are safe to open in a spreadsheet.

A cell such as `=HYPERLINK(...)` or `@SUM(...)` in a CSV runs as a formula when the file is
opened in Excel or LibreOffice ("CSV injection"). Every CSV copdash writes for people goes
through `to_safe_csv`: text cells starting with `=`, `+`, `-`, `@`, tab, carriage return or
line feed get a leading `'`; every field is quoted; numbers stay numbers (a text cell that
is a plain number such as `-5` or `+44.5` is a number, not a formula, and is left alone so
that a fixed file loads again).
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

__all__ = ["neutralise", "to_safe_csv"]

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(value: object) -> object:
    """One cell: prefix a `'` to text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_DANGEROUS_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV bytes (with BOM, so Excel reads accents), every field quoted."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise, na_action="ignore")
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
