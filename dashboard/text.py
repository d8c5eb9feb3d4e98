"""Numbers and changes put into plain words for readers who would rather not read tables.

Pure functions (no Streamlit), so the wording can be tested on its own.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

__all__ = ["Tile", "format_value", "summary_sentences", "MEETING_TYPES", "MEETING_TYPE_LABELS"]

MEETING_TYPES = ("cop", "planning", "steering_group", "preparation", "other")
MEETING_TYPE_LABELS = {
    "cop": "CoP meeting",
    "planning": "Planning",
    "steering_group": "Steering group",
    "preparation": "Preparation session",
    "other": "Other",
}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_value(value: object, kind: str) -> str:
    """`kind` is one of count, percent, ratio, money, money2 (pence shown): 0.75 percent -> `75%`."""
    if _missing(value):
        return "–"
    number = float(value)  # type: ignore[arg-type]
    if kind == "percent":
        return f"{number:.0%}"
    if kind == "ratio":
        return f"{number:.2f}"
    if kind == "money":
        return f"£{number:,.0f}"
    if kind == "money2":
        return f"£{number:,.2f}"
    return f"{number:,.0f}"


def format_change(value: object, kind: str) -> str | None:
    """A change for st.metric's delta: percentage points for rates, None when undefined."""
    if _missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    if kind == "percent":
        return f"{number * 100:+.0f} points"
    if kind == "ratio":
        return f"{number:+.2f}"
    if kind == "money":
        return f"{'+' if number >= 0 else '−'}£{abs(number):,.0f}"
    return f"{number:+,.0f}"


@dataclass(frozen=True)
class Tile:
    """One headline figure: its value now and before the latest meeting."""

    label: str
    kind: str
    now: float | None
    before: float | None
    help: str = ""

    @property
    def change(self) -> float | None:
        if _missing(self.now) or _missing(self.before):
            return None
        return float(self.now) - float(self.before)  # type: ignore[arg-type]


def _change_words(tile: Tile) -> str | None:
    change = tile.change
    if change is None:
        return None
    size = abs(change)
    if (tile.kind == "percent" and size < 0.005) or (tile.kind == "ratio" and size < 0.005) or size == 0:
        return f"{tile.label} stayed at {format_value(tile.now, tile.kind)}"
    if tile.kind == "count":
        return f"{tile.label} went from {format_value(tile.before, 'count')} to {format_value(tile.now, 'count')}"
    direction = "rose" if change > 0 else "fell"
    return (f"{tile.label} {direction} from {format_value(tile.before, tile.kind)} "
            f"to {format_value(tile.now, tile.kind)}")


def summary_sentences(tiles: list[Tile], last_meeting: datetime.date | None) -> list[str]:
    """What changed with the latest meeting, one short sentence per headline figure."""
    if last_meeting is None:
        return []
    when = f"{last_meeting:%d %B %Y}".lstrip("0")
    sentences = [f"With the latest meeting ({when}):"]
    for tile in tiles:
        words = _change_words(tile)
        if words is not None:
            sentences.append(words + ".")
    lay = next((t for t in tiles if t.kind == "ratio" and t.now is not None), None)
    if lay is not None and not _missing(lay.now):
        value = float(lay.now)  # type: ignore[arg-type]
        if value < 0.8:
            sentences.append("Lay members talk noticeably less than their share of the room.")
        elif value > 1.2:
            sentences.append("Lay members talk more than their share of the room.")
        else:
            sentences.append("Lay members talk roughly in proportion to their share of the room.")
    return sentences


def rows_range(offset: int, shown: int, total: int) -> str:
    """Where a page of a long list sits in it: offset 200, 200 shown of 587407 ->
    `rows 201-400 of 587,407` (a page of nothing says `no rows of N`)."""
    if shown <= 0:
        return f"no rows of {total:,}"
    return f"rows {offset + 1:,}-{offset + shown:,} of {total:,}"
