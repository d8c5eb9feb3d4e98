"""Reading the text of meeting exports: encodings, locale dates, durations, numbers.

Meeting tools write what the exporting computer's locale says: UTF-16 with a BOM (Teams),
`15/04/21, 10:00:00` or `4/15/21, 10:00:00 AM` depending on the region, `1h 27m 51s`.
These helpers read such values without guessing: a date is kept as its parts until the
report as a whole says whether it is day/month or month/day (`decide_date_order`).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass

from pipelines.errors import FileProblem

__all__ = [
    "DMY",
    "MDY",
    "Stamp",
    "decide_date_order",
    "decode_export",
    "format_number",
    "parse_duration_s",
    "parse_stamp",
    "resolve_stamp",
]

DMY = "day/month"
MDY = "month/day"
_ORDERS = (DMY, MDY)

# Spaces that locales put inside times (`10:00 AM` with a narrow no-break space).
_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})

_STAMP = re.compile(
    r"""^\s*(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{1,4}),?\s*(?:T|\s)\s*
    (?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?\s*
    (?P<ampm>[ap]\.?\s?m\.?)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_DURATION_PARTS = re.compile(
    r"^\s*(?:(?P<h>\d+)\s*h(?:ours?|rs?)?)?\s*(?:(?P<m>\d+)\s*m(?:in(?:utes?)?)?)?\s*"
    r"(?:(?P<s>\d+)\s*s(?:ec(?:onds?)?)?)?\s*$",
    re.IGNORECASE,
)
_DURATION_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})\s*$")


def decode_export(data: bytes, source_file: str) -> str:
    """Bytes of an export -> text, from the BOM when there is one (Teams writes UTF-16)."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8):].decode("utf-8")
        head = data[:400]
        if head and head.count(b"\x00") * 3 >= len(head):
            # UTF-16 without a BOM: every other byte of plain text is zero.
            odd_zeros = head[1::2].count(b"\x00")
            return data.decode("utf-16-le" if odd_zeros >= head[0::2].count(b"\x00") else "utf-16-be")
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            source_file,
            f"the file is not readable text (byte {exc.start} is not UTF-8 or UTF-16).",
            "Export the report again from Teams or Zoom without opening and re-saving it, "
            "or save it as 'CSV UTF-8'.",
        ) from None


@dataclass(frozen=True)
class Stamp:
    """A date and time as written, before its day/month order is known."""

    text: str
    first: int
    second: int
    year: int
    hour: int
    minute: int
    sec: int
    iso: bool = False  # written year first (2021-04-15): the order is not in doubt

    def orders(self) -> set[str]:
        """The date orders under which this stamp is a real calendar date and time."""
        return {order for order in _ORDERS if self.resolve(order) is not None}

    def resolve(self, order: str) -> dt.datetime | None:
        """The datetime under `order`, or None when that reading is not a real date."""
        if self.iso or order == DMY:
            day, month, year = self.first, self.second, self.year
        else:
            month, day, year = self.first, self.second, self.year
        try:
            return dt.datetime(year, month, day, self.hour, self.minute, self.sec)
        except ValueError:
            return None


def parse_stamp(text: str) -> Stamp | None:
    """`15/04/21, 10:00:00`, `4/15/21, 7:02:11 PM`, `2021-04-15 10:00:00` -> Stamp; else None."""
    match = _STAMP.match(text.translate(_SPACES))
    if not match:
        return None
    a, b, c = (int(match[k]) for k in "abc")
    hour, minute, sec = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or sec > 59:
        return None
    if len(match["a"]) == 4:  # year first: 2021-04-15
        return Stamp(text.strip(), c, b, a, hour, minute, sec, iso=True)
    if len(match["c"]) not in (2, 4):
        return None
    year = c + 2000 if c < 100 else c
    return Stamp(text.strip(), a, b, year, hour, minute, sec)


def decide_date_order(
    stamps: list[Stamp],
    anchor: Stamp | None,
    held_on: dt.date | None,
    source_file: str,
) -> tuple[list[str], str]:
    """Which day/month order(s) the report's dates can have, and a note saying why.

    Every date of the report must be a real date under the chosen order; among the orders
    left, the one that puts the report's own start (`anchor`, else its earliest date) on
    the meeting's date wins. Two orders are returned when both stay possible (then a value
    that reads differently under them is ambiguous and the caller quarantines it). A
    report that cannot be on the meeting's date under any reading is the wrong file.
    """
    dated = [s for s in stamps if not s.iso]
    if not dated:
        return [DMY], ""
    possible = [order for order in _ORDERS if all(order in s.orders() for s in dated)]
    if not possible:
        unreadable = next((s for s in dated if not s.orders()), None)
        if unreadable is not None:
            problem = f"'{unreadable.text}' is not a real date in either day/month order."
        else:
            dmy = next(s for s in dated if s.orders() == {DMY})
            mdy = next(s for s in dated if s.orders() == {MDY})
            problem = (f"'{dmy.text}' can only be day/month but '{mdy.text}' can only be "
                       "month/day, so the dates cannot all be read the same way.")
        raise FileProblem(
            source_file, problem,
            "Check the dates in the report; export it again if it was edited by hand.",
        )
    anchor = anchor or dated[0]
    if held_on is None:
        return possible, "" if len(possible) == 1 else "no meeting date to decide the date order"
    on_day = [o for o in possible if (d := anchor.resolve(o)) is not None and d.date() == held_on]
    if not on_day:
        readings = sorted({d.date().isoformat() for o in possible if (d := anchor.resolve(o))})
        raise FileProblem(
            source_file,
            f"the report is dated '{anchor.text}' ({' or '.join(readings)}) but the meeting "
            f"was held on {held_on.isoformat()}.",
            "Check that you chose the right meeting for this report, or correct the "
            "meeting's date (held_on) and import again.",
        )
    if len(possible) == 2 and len(on_day) == 1:
        return on_day, f"dates read as {on_day[0]} (the only order that matches the meeting's date)"
    return on_day, f"dates read as {on_day[0]}" if len(on_day) == 1 else ""


def resolve_stamp(stamp: Stamp | None, orders: list[str]) -> dt.datetime | None:
    """The stamp's datetime when every remaining order reads it the same; else None."""
    if stamp is None:
        return None
    values = {stamp.resolve(order) for order in orders}
    return values.pop() if len(values) == 1 else None


def parse_duration_s(text: str) -> float | None:
    """`1h 27m 51s`, `27m 5s`, `45s`, `01:27:51` -> seconds; None when not a duration."""
    text = text.translate(_SPACES).strip()
    if not text:
        return None
    clock = _DURATION_CLOCK.match(text)
    if clock:
        hours = int(clock[1] or 0)
        return float(hours * 3600 + int(clock[2]) * 60 + int(clock[3]))
    match = _DURATION_PARTS.match(text)
    if not match or not any(match.group(k) for k in "hms"):
        return None
    return float(int(match["h"] or 0) * 3600 + int(match["m"] or 0) * 60 + int(match["s"] or 0))


def format_number(value: float, decimals: int = 2) -> str:
    """A number as the loader reads it: `12.5`, `90`, never `1e+03`."""
    text = f"{round(value, decimals):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
