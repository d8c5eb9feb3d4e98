"""API frames as tables for people: chosen columns, human labels with units, values
formatted (percentages as %, intervals as "0.45 to 0.78", blanks as "–").

Formatting only: a value is rounded and put into words, never worked out. Raw machine
columns stay in `copdash export` and the dashboard's CSV downloads.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from pipelines import narrative
from pipelines.palette import MEMBER_TYPE_LABELS, MODE_LABELS

__all__ = ["BLANK", "Col", "Table", "fmt", "human", "label"]

BLANK = "–"
_STATUS_LABELS = {"in_progress": "In progress"}
_METRIC_LABELS = {
    "equity_ratio": "Equity ratio (talk time)",
    "turn_equity_ratio": "Equity ratio (turns)",
    "attendance_rate": "Attendance rate",
    "gini_talk": "Gini of talk time",
    "voice_coverage": "Voice coverage",
}


@dataclass(frozen=True)
class Col:
    """One column of a printed table: the API column (or two, for an interval), its label
    with units, and how its values are written (a kind of `fmt`)."""

    source: str | tuple[str, str]
    label: str
    kind: str = "text"


@dataclass
class Table:
    title: str
    frame: pd.DataFrame  # every value already text
    how_to_read: str = ""
    numeric: tuple[str, ...] = ()  # labels of right-aligned columns


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def label(value: object) -> str:
    """A code as a word: member types, modes, statuses and metrics by name; others with
    underscores turned into spaces."""
    if _missing(value):
        return BLANK
    text = str(value)
    for names in (MEMBER_TYPE_LABELS, MODE_LABELS, _STATUS_LABELS, _METRIC_LABELS):
        if text in names:
            return names[text]
    if text == "all":
        return "All respondents"
    if text == "not_recorded":
        return "Not recorded"
    if "_" in text:
        return text.replace("_", " ").capitalize()
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def fmt(value: object, kind: str) -> str:
    """One value as text. Kinds: text, label, count, percent, ratio, decimal1, money,
    money2, date, month, yesno, days."""
    if kind == "label":
        return label(value)
    if _missing(value):
        return BLANK
    if kind == "count":
        return f"{int(float(value)):,}"  # type: ignore[arg-type]
    if kind == "percent":
        return narrative.whole_percent(value)
    if kind == "ratio":
        return narrative.ratio(value)
    if kind == "signed":
        return narrative.signed(value)
    if kind == "decimal1":
        return narrative.one_decimal(value)
    if kind == "money":
        return narrative.money(value)
    if kind == "money2":
        return f"£{float(value):,.2f}"  # type: ignore[arg-type]
    if kind in ("date", "month"):
        day = pd.Timestamp(value).date() if not isinstance(value, dt.date) else value
        # non-breaking spaces: a date never wraps inside a narrow column
        return f"{day:%b\u00a0%Y}" if kind == "month" else f"{day.day}\u00a0{day:%b\u00a0%Y}"
    if kind == "yesno":
        return "yes" if bool(value) else "no"
    if kind == "days":
        return f"{float(value):,.0f}"  # type: ignore[arg-type]
    return str(value)


def _interval(low: object, high: object, kind: str) -> str:
    if _missing(low) or _missing(high):
        return BLANK
    return f"{fmt(low, kind)} to {fmt(high, kind)}"


def human(frame: pd.DataFrame, columns: Sequence[Col], title: str, how_to_read: str = "") -> Table:
    """The columns of `frame` that `columns` name, labelled and formatted. An interval
    column (`source` a pair of low and high) is written "low to high" in the kind given
    after "interval:" (e.g. "interval:ratio")."""
    out = {}
    numeric = []
    for col in columns:
        kind = col.kind
        if isinstance(col.source, tuple):
            inner = kind.split(":", 1)[1] if ":" in kind else "ratio"
            low, high = col.source
            out[col.label] = [_interval(a, b, inner) for a, b in zip(frame[low], frame[high], strict=True)]
            numeric.append(col.label)
            continue
        out[col.label] = [fmt(v, kind) for v in frame[col.source]]
        if kind not in ("text", "label", "date", "month"):
            numeric.append(col.label)
    return Table(title, pd.DataFrame(out, columns=[c.label for c in columns]), how_to_read,
                 tuple(numeric))
