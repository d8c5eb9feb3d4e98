"""The logical types a contract column can have: how text is recognised and converted.

A contract says `logicalType: date` (ODCS); this module says what that means for a value
typed into a spreadsheet. Each type has one regular expression: Great Expectations checks
the text against it (the `<dataset>.<column>.type` rule), and the conversion below only
converts text that matches the same expression, so the check and the conversion cannot
disagree. Digits are ASCII ([0-9], not `\\d`, which in Python also matches other scripts'
digits: "١٢" passed the check and was then stored as blank). Everything here is vectorised
(pandas string methods and casts run on Arrow).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "LOGICAL_TYPES", "LogicalType", "decimals_regex", "display_text", "for_storage", "to_typed",
    "storage_sql", "typed_sql",
]

# A real calendar date, YYYY-MM-DD (leap years included), optionally followed by a midnight
# time as spreadsheets and Parquet writers add it ("2024-03-31 00:00:00").
_DATE = (
    r"^(?:[1-9][0-9]{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|[1-9][0-9](?:0[48]|[2468][048]|[13579][26])-02-29"
    r"|(?:[2468][048]|[13579][26])00-02-29)"
    r"(?:[ T]00:00(?::00(?:\.0+)?)?)?$"
)
# Whole numbers; "3.0" (how a spreadsheet may write 3) counts. At most 9 digits keeps every
# value inside the database's 32-bit integer columns.
_INTEGER = r"^[+-]?[0-9]{1,9}(?:\.0+)?$"
# Plain decimal numbers with a dot, optional exponent; no units, no thousands separators.
_NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,2})?$"
_BOOLEAN = r"^(?i:true|false|yes|no|1|0)$"
# 24-hour HH:MM; a single-digit hour ("9:30") is accepted and stored as "09:30".
_TIME = r"^(?:[01]?[0-9]|2[0-3]):[0-5][0-9]$"

_TRUE = frozenset({"true", "yes", "1"})


@dataclass(frozen=True)
class LogicalType:
    name: str
    regex: str
    problem: str  # completes "<column> '<value>' ..." in a message


LOGICAL_TYPES: dict[str, LogicalType] = {
    "date": LogicalType(
        "date", _DATE, "is not a real date written YYYY-MM-DD (for example 2024-03-31)"
    ),
    "integer": LogicalType("integer", _INTEGER, "is not a whole number (for example 3)"),
    "number": LogicalType(
        "number",
        _NUMBER,
        "is not a number: write digits with a dot for decimals, without units or thousands separators",
    ),
    "boolean": LogicalType(
        "boolean", _BOOLEAN, "is not a yes/no value: use true, false, yes, no, 1 or 0"
    ),
    "time": LogicalType(
        "time", _TIME, "is not a time written HH:MM on the 24-hour clock (for example 09:30)"
    ),
}


def decimals_regex(multiple_of: float) -> tuple[str, int]:
    """The text form of ODCS `multipleOf: 0.01`: at most 2 decimals (trailing zeros allowed).

    Only powers of ten are meaningful for money and rates; anything else is a contract error.
    """
    places = 0
    value = float(multiple_of)
    while places <= 6 and abs(value * 10**places - round(value * 10**places)) > 1e-9:
        places += 1
    if places > 6 or round(value * 10**places) != 1:
        raise ValueError(f"multipleOf {multiple_of} is not a power of ten such as 0.01")
    if places == 0:
        return r"^[+-]?[0-9]+(?:\.0*)?$", 0
    return rf"^[+-]?(?:[0-9]+(?:\.[0-9]{{0,{places}}}0*)?|\.[0-9]{{1,{places}}}0*)$", places


def _matches(text: pd.Series, regex: str) -> pd.Series:
    return text.str.contains(regex, regex=True, na=False).astype(bool)


def to_typed(logical_type: str, text: pd.Series) -> pd.Series:
    """Convert stripped text (missing = NA) to the column's Python/pandas type.

    Text that does not match the type's expression becomes missing; the `.type` rule reports
    it. Integers come back as float64 (what Great Expectations compares); `for_storage`
    turns them into Int64.
    """
    if logical_type == "string":
        return text
    kind = LOGICAL_TYPES[logical_type]
    ok = _matches(text, kind.regex)
    valid = text.where(ok)
    if logical_type == "date":
        return pd.to_datetime(valid.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    if logical_type in ("integer", "number"):
        return _numbers(valid)
    if logical_type == "boolean":
        lowered = valid.str.lower()
        result = pd.Series(pd.NA, index=text.index, dtype="boolean")
        result[ok] = lowered[ok].isin(_TRUE)
        return result
    if logical_type == "time":
        return valid.str.zfill(5)
    raise ValueError(f"unknown logical type {logical_type!r}")


def _numbers(valid: pd.Series) -> pd.Series:
    """Text that matched the number or integer expression, as float64 (missing: NaN).

    Arrow's cast parses the same plain decimals as `pd.to_numeric` (signs, a leading or
    trailing dot, exponents) fifteen times faster: 14 s of a 10M-turn load. The expressions
    spell digits [0-9] (Python's `\\d` also matches other scripts' digits, which neither
    parser reads), so the cast fails only on text no expression lets through; should it,
    `pd.to_numeric` gives the values instead.
    """
    try:
        numbers = pc.cast(pa.array(valid, from_pandas=True), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_numeric(valid, errors="coerce").astype("float64")
    return pd.Series(numbers.to_numpy(zero_copy_only=False), index=valid.index, dtype="float64")


def typed_sql(logical_type: str, text: str) -> tuple[str, dict[str, str]] | None:
    """`to_typed` as DuckDB SQL over `text` (SQL for the stripped text, NULL if blank), with
    its parameters; `None` for a type only Python converts.

    For a big staged file the cross-dataset queries read these values straight from the
    staged rows instead of from a typed copy in Python. The same expression decides what
    converts ([0-9] digits mean RE2 and Python agree), and DuckDB's cast to DOUBLE gives
    the same double as Arrow's and pandas' parsers (correctly rounded).
    """
    if logical_type == "string":
        return text, {}
    name = f"{logical_type}_regex"
    converted = {
        "integer": f"cast({text} as double)",
        "number": f"cast({text} as double)",
        # the first ten characters, as `to_typed` reads them ("2024-03-31 00:00:00")
        "date": f"cast(substr({text}, 1, 10) as date)",
        "boolean": f"lower({text}) in ('true', 'yes', '1')",
        # "9:30" -> "09:30", as `str.zfill(5)` (the expression allows no sign)
        "time": f"lpad({text}, 5, '0')",
    }.get(logical_type)
    if converted is None:
        return None
    return (f"case when regexp_full_match({text}, ${name}) then {converted} end",
            {name: LOGICAL_TYPES[logical_type].regex})


def storage_sql(logical_type: str, typed: str) -> str:
    """`for_storage` as DuckDB SQL over a column typed by `typed_sql`."""
    if logical_type == "integer":
        return f"cast(round({typed}) as bigint)"
    return typed


def for_storage(logical_type: str, typed: pd.Series) -> pd.Series:
    """The dtype the core table receives (`INSERT ... BY NAME SELECT * FROM accepted`)."""
    if logical_type == "integer":
        return typed.round().astype("Int64")
    return typed


def display_text(values: pd.Series) -> pd.Series:
    """Values as a person reads them in a message: 40.0 -> 40, dates as YYYY-MM-DD."""
    if pd.api.types.is_datetime64_any_dtype(values):
        shown = values.dt.strftime("%Y-%m-%d")
    elif pd.api.types.is_bool_dtype(values):
        shown = values.map({True: "yes", False: "no"}, na_action="ignore")
    elif pd.api.types.is_numeric_dtype(values):
        numbers = values.astype("float64").round(6)
        whole = numbers.notna() & (numbers == numbers.round()) & (numbers.abs() < 1e15)
        shown = numbers.astype("str").where(~whole, numbers.where(whole, 0).astype("int64").astype("str"))
        shown = shown.where(numbers.notna())
    else:
        shown = values.map(
            lambda v: v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else str(v),
            na_action="ignore",
        )
    return shown.astype("str").fillna("(blank)")
