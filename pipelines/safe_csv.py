"""CSV files that are safe to open in a spreadsheet.

A cell such as `=HYPERLINK(...)` or `@SUM(...)` in a CSV runs as a formula when the file is
opened in Excel or LibreOffice ("CSV injection"). Every CSV copdash writes for people goes
through `to_safe_csv`: text cells starting with `=`, `+`, `-`, `@`, tab, carriage return or
line feed get a leading `'`, and so do cells where such a character comes after leading
spaces (a space, a no-break space, ...) or after `'`s, cells starting with the full-width
`＝`, `＋`, `－`, `＠`, and cells starting with `|` or `;` (see docs/security.md for the
sources); every field is quoted; numbers stay numbers (a text cell that
is a plain number such as `-5` or `+44.5` is a number, not a formula, and is left alone so
that a fixed file loads again).
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

__all__ = ["neutralise", "to_safe_csv", "unguard"]

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n",
                    "\uff1d", "\uff0b", "\uff0d", "\uff20",  # full-width = + - @
                    "|", ";")
# Skipped before looking at the first character: leading spaces (Excel and LibreOffice may
# drop them, and what follows then runs) and `'`s (so that a value starting with `'=` is
# guarded too, and taking the guard off again is exact: see `unguard`).
_SKIPPED = " \u00a0\u2007\u202f\u3000'\ufeff"
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(value: object) -> object:
    """One cell: prefix a `'` to text that a spreadsheet would run as a formula."""
    if (isinstance(value, str) and value.lstrip(_SKIPPED).startswith(_DANGEROUS_START)
            and not _PLAIN_NUMBER.match(value.lstrip(_SKIPPED))):
        return "'" + value
    return value


def unguard(value: str) -> str:
    """A value read back from a file `to_safe_csv` wrote: the one `'` it added taken off.

    Exact for every value: `neutralise` adds the `'` only where the rest is guarded, so a
    value whose `'` is its own (`'abc`) is left alone.
    """
    if isinstance(value, str) and value.startswith("'") and neutralise(value[1:]) == value:
        return value[1:]
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
