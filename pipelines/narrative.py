"""Plain-English sentences generated from metric figures, hedged by their interval and n.

Shared by the printable report (page 1, for a lay steering-group member) and the dashboard
pages that open with a few sentences (issue 17). Pure functions: figures in (as the metrics
API returns them: a value, its 95% interval and the number of meetings or respondents
behind it), text out. No Streamlit, no database, no figure worked out here: every number in
a sentence is one the caller passed in, only rounded and put into words.

The hedging rules (docs/report.md, "How the sentences are worded"):
- Below the API's minimum (`MIN_MEETINGS`, 3 meetings, the same rule that withholds the
  interval) a sentence says there are too few meetings to say, and never draws a conclusion.
- A conclusion ("spoke less than their share") is drawn only when the whole 95% interval is
  on one side of the reference (1 = parity for a ratio, 0 for a difference). An interval
  that includes the reference says the data cannot tell the figure apart from it.
- A conclusion is softened ("seem to", "the figures are uncertain") when the interval is
  wide (`WIDE_RATIO` in ratio units) or rests on few meetings (fewer than `FIRM_MEETINGS`,
  the API's threshold for comparing modes).
- Shares are given twice: in words a lay reader can picture ("about 1 in 8") and as a whole
  percentage beside them ("12%").
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from fractions import Fraction

from pipelines.metrics.bootstrap import MIN_MEETINGS
from pipelines.metrics.participation import MIN_MODE_MEETINGS

__all__ = [
    "FIRM_MEETINGS",
    "FIRM_RESPONDENTS",
    "MIN_MEETINGS",
    "WIDE_RATIO",
    "Figure",
    "Halves",
    "Judgement",
    "Side",
    "attendance_sentence",
    "cost_sentence",
    "dates_text",
    "difference_sentence",
    "group_equity_sentence",
    "halves",
    "implementation_time_sentence",
    "judge",
    "lay_share_sentences",
    "load_sentence",
    "mode_sentence",
    "money",
    "one_decimal",
    "one_in",
    "ratio",
    "signed",
    "survey_sentences",
    "trend_sentence",
    "uptake_sentence",
    "value_sentence",
    "voice_coverage_sentence",
    "whole_percent",
]

FIRM_MEETINGS = MIN_MODE_MEETINGS  # fewer meetings than this: a conclusion is worded softly
WIDE_RATIO = 0.5  # an interval wider than this (ratio units; parity = 1) is worded softly
FIRM_RESPONDENTS = 10  # fewer survey respondents than this: "read with care"

# the fractions a lay reader pictures easily: 1 in d (up to 1 in 20), any k in d up to
# fifths (2 in 3, 3 in 5), and all but one in d (up to 9 in 10)
_FRACTIONS = sorted(
    {Fraction(1, d) for d in range(2, 21)}
    | {Fraction(k, d) for d in range(2, 6) for k in range(1, d)}
    | {Fraction(d - 1, d) for d in range(2, 11)}
)
_EXACT = 0.0005  # closer than this to a fraction: no "about"


def _number(value: object) -> float | None:
    """A float, or None for None, NaN, pandas' NA/NaT and anything not a number."""
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _count(value: object) -> int:
    number = _number(value)
    return 0 if number is None else int(number)


@dataclass(frozen=True)
class Figure:
    """A figure as the metrics API gives it: value, 95% interval (None when the API gives
    none) and n, the meetings (or respondents) it rests on."""

    value: float | None
    low: float | None = None
    high: float | None = None
    n: int = 0

    @classmethod
    def of(cls, value: object, low: object = None, high: object = None, n: object = 0) -> Figure:
        """Build one from API values, NaN / NA / None all meaning 'none'."""
        return cls(_number(value), _number(low), _number(high), _count(n))

    @classmethod
    def from_row(cls, row: Mapping, value: str, low: str = "ci_low", high: str = "ci_high",
                 n: str = "meetings_n") -> Figure:
        """From one row of an API frame (a pandas Series or a dict), by column names."""
        return cls.of(row.get(value), row.get(low), row.get(high), row.get(n, 0))

    @property
    def has_interval(self) -> bool:
        return self.low is not None and self.high is not None


class Side(Enum):
    """Where a figure stands against a reference (parity, or no difference)."""

    NO_DATA = "no data"  # no value at all (nothing observed, or undefined)
    TOO_FEW = "too few"  # fewer than MIN_MEETINGS: no conclusion drawn
    NO_INTERVAL = "no interval"  # a value but no interval: no conclusion drawn
    INCLUDES = "includes"  # the interval includes the reference: cannot tell apart
    BELOW = "below"  # the whole interval is below the reference
    ABOVE = "above"  # the whole interval is above the reference


@dataclass(frozen=True)
class Judgement:
    side: Side
    firm: bool  # False: word the conclusion softly (wide interval or few meetings)


def judge(figure: Figure, reference: float, *, min_n: int = MIN_MEETINGS,
          firm_n: int = FIRM_MEETINGS, wide: float = WIDE_RATIO) -> Judgement:
    """Which side of `reference` the figure's 95% interval lies on, and how firmly.

    An interval that touches the reference includes it (low == 1.0 is not "above parity").
    """
    if figure.value is None or figure.n == 0:
        return Judgement(Side.NO_DATA, False)
    if figure.n < min_n:
        return Judgement(Side.TOO_FEW, False)
    if not figure.has_interval:
        return Judgement(Side.NO_INTERVAL, False)
    firm = figure.n >= firm_n and (figure.high - figure.low) <= wide  # type: ignore[operator]
    if figure.high < reference:  # type: ignore[operator]
        return Judgement(Side.BELOW, firm)
    if figure.low > reference:  # type: ignore[operator]
        return Judgement(Side.ABOVE, firm)
    return Judgement(Side.INCLUDES, firm)


# ---------------------------------------------------------------- numbers in words


def whole_percent(share: object) -> str:
    """0.2 -> '20%', 0.125 -> '13%' (half up), None/NaN -> '–'."""
    number = _number(share)
    if number is None:
        return "–"
    return f"{math.floor(number * 100 + 0.5):.0f}%"


def one_in(share: object) -> str:
    """A share as a fraction a lay reader pictures: 0.2 -> '1 in 5', 0.12 -> 'about 1 in 8',
    0.4 -> '2 in 5', 0.5 -> 'half', 0 -> 'none', 1 -> 'all', 0.03 -> 'fewer than 1 in 20'.

    The nearest of the fractions in `_FRACTIONS`, the smaller denominator on a tie; 'about'
    unless it is that fraction to within 0.05 points."""
    number = _number(share)
    if number is None:
        return "–"
    if number <= 0:
        return "none"
    if number >= 1 - _EXACT:
        return "all"
    if number > 0.95:
        return "almost all"
    if number < float(_FRACTIONS[0]) * 0.95:
        return f"fewer than 1 in {_FRACTIONS[0].denominator}"
    nearest = min(_FRACTIONS, key=lambda f: (abs(number - float(f)), f.denominator))
    words = ("half" if nearest == Fraction(1, 2)
             else f"{nearest.numerator} in {nearest.denominator}")
    return words if abs(number - float(nearest)) < _EXACT else f"about {words}"


def _half_up(number: float, places: int) -> str:
    """Rounded as people round (0.625 -> '0.63'), not to the nearest even binary digit."""
    step = Decimal(1).scaleb(-places)
    return str(Decimal(repr(number)).quantize(step, rounding=ROUND_HALF_UP))


def ratio(value: object) -> str:
    """An equity ratio to two decimals: 0.6 -> '0.60', 0.625 -> '0.63'."""
    number = _number(value)
    return "–" if number is None else _half_up(number, 2)


def one_decimal(value: object) -> str:
    """A mean score to one decimal: 5.05 -> '5.1'."""
    number = _number(value)
    return "–" if number is None else _half_up(number, 1)


def signed(value: object) -> str:
    """A difference with its sign: 0.2 -> '+0.20', -0.1 -> '−0.10' (a true minus sign)."""
    number = _number(value)
    if number is None:
        return "–"
    text = _half_up(abs(number), 2)
    return f"+{text}" if number >= 0 else f"−{text}"


def money(value: object) -> str:
    """Pounds, whole: 1234.5 -> '£1,235' (half up, as people round money)."""
    number = _number(value)
    return "–" if number is None else f"£{math.floor(number + 0.5):,.0f}"


def _possessive(words: str) -> str:
    """'lay members' -> "lay members'", 'the group' -> "the group's"."""
    return f"{words}'" if words.endswith("s") else f"{words}'s"


def _meetings(n: int, kind: str = "observed meeting") -> str:
    return f"{n} {kind}{'' if n == 1 else 's'}"


def _interval(figure: Figure, fmt=ratio) -> str:
    return f"95% interval {fmt(figure.low)} to {fmt(figure.high)}"


# ---------------------------------------------------------------- lay members' voice


def lay_share_sentences(talk_share: object, attendee_share: object, equity: Figure,
                        group: str = "Lay members") -> list[str]:
    """Lay members' share of those present against their share of the talk, and whether
    that is a fair share (the pooled equity ratio, judged against parity by its interval).

    `talk_share` and `attendee_share` are the pooled shares of `pooled_equity` (fractions of
    1) over `equity.n` observed meetings. Hand-worked examples: tests/report/test_narrative.py.
    """
    talk, present = _number(talk_share), _number(attendee_share)
    lower = group[0].lower() + group[1:]
    verdict = judge(equity, 1.0)
    if equity.n == 0:
        return [f"No meeting in this period was observed (no speaking turns were recorded), "
                f"so {_possessive(lower)} share of the talk is not known."]
    if present is None or present == 0:
        return [f"No {lower} were at the {_meetings(equity.n)} of this period, so their "
                "share of the talk cannot be given."]
    shares = (f"{group} made up {one_in(present)} of the people at meetings "
              f"({whole_percent(present)}) and spoke for {one_in(talk)} minutes of the "
              f"talking ({whole_percent(talk)}).")
    if verdict.side is Side.TOO_FEW:
        return [shares, f"With only {_meetings(equity.n)} there are too few meetings to say "
                f"whether {lower} get a fair share of the talk (at least {MIN_MEETINGS} are "
                "needed)."]
    if verdict.side is Side.NO_INTERVAL:
        return [shares, f"Equity ratio {ratio(equity.value)} over {_meetings(equity.n)} "
                "(1 would be a fair share); no interval was worked out, so no conclusion is "
                "drawn."]
    figures = (f"equity ratio {ratio(equity.value)}, {_interval(equity)}, "
               f"{_meetings(equity.n)}; 1 would be a fair share")
    if verdict.side is Side.INCLUDES:
        return [shares, f"The data cannot tell this apart from a fair share of the talk "
                f"({figures})."]
    less = verdict.side is Side.BELOW
    direction = "less" if less else "more"
    if verdict.firm:
        return [shares, f"That is {direction} than their share of the room ({figures})."]
    reason = ("few meetings" if equity.n < FIRM_MEETINGS else "a wide interval")
    return [shares, f"That suggests they spoke {direction} than their share of the room, but "
            f"the figures are uncertain ({reason}: {figures})."]


def trend_sentence(earlier: Figure, later: Figure, earlier_period: str, later_period: str,
                   group: str = "Lay members") -> str:
    """Whether lay members' equity ratio changed between two parts of the period (each a
    pooled figure with its interval). A rise or fall is said only when the two 95% intervals
    do not overlap (a cautious test: overlapping intervals can still hide a real change,
    which the sentence then says it cannot show)."""
    lower = group[0].lower() + group[1:]
    if earlier.value is None or later.value is None:
        return (f"There are not enough observed meetings in both {earlier_period} and "
                f"{later_period} to say how {_possessive(lower)} share of the talk changed.")
    if min(earlier.n, later.n) < MIN_MEETINGS or not (earlier.has_interval and later.has_interval):
        return (f"The equity ratio was {ratio(earlier.value)} over {earlier_period} "
                f"({_meetings(earlier.n)}) and {ratio(later.value)} over {later_period} "
                f"({_meetings(later.n)}): too few meetings to say whether it changed "
                f"(at least {MIN_MEETINGS} in each part are needed).")
    both = (f"{ratio(earlier.value)} over {earlier_period} ({_interval(earlier)}, "
            f"{_meetings(earlier.n)}) and {ratio(later.value)} over {later_period} "
            f"({_interval(later)}, {_meetings(later.n)})")
    if later.low > earlier.high:  # type: ignore[operator]
        return f"{_possessive(group)} share of the talk rose: the equity ratio was {both}."
    if later.high < earlier.low:  # type: ignore[operator]
        return f"{_possessive(group)} share of the talk fell: the equity ratio was {both}."
    return (f"No clear change over the period: the equity ratio was {both}; the intervals "
            "overlap, so any change may be chance.")


def mode_sentence(in_person: object, online: object, difference: Figure,
                  in_person_n: object, online_n: object, group: str = "Lay members") -> str:
    """In person against online for lay members' equity ratio: the two values, and the
    difference (online − in person) judged against 0 by its interval; warned below
    `MIN_MODE_MEETINGS` meetings of either mode, as the API warns."""
    first, second = _number(in_person), _number(online)
    first_n, second_n = _count(in_person_n), _count(online_n)
    lower = group[0].lower() + group[1:]
    if first_n == 0 and second_n == 0:
        return "No observed meetings were held in person or online in this period."
    if first_n == 0 or second_n == 0:
        only = "online" if first_n == 0 else "in person"
        return (f"Every observed meeting in this period was {only}, so in person and online "
                "cannot be compared.")
    values = (f"equity ratio {ratio(first)} in person ({_meetings(first_n, 'meeting')}), "
              f"{ratio(second)} online ({_meetings(second_n, 'meeting')})")
    if min(first_n, second_n) < MIN_MODE_MEETINGS:
        return (f"{_possessive(group)} {values}: too few meetings to compare the two (at "
                f"least {MIN_MODE_MEETINGS} of each are needed).")
    verdict = judge(difference, 0.0, firm_n=MIN_MODE_MEETINGS)
    gap = f"difference {signed(difference.value)}, {_interval(difference, signed)}"
    if verdict.side in (Side.NO_DATA, Side.TOO_FEW, Side.NO_INTERVAL):
        return f"{_possessive(group)} {values}; no interval was worked out for the difference."
    if verdict.side is Side.INCLUDES:
        return (f"No clear difference between in person and online for {lower}: {values}; "
                f"{gap}, which includes no difference.")
    where = "online" if verdict.side is Side.ABOVE else "in person"
    if verdict.firm:
        return f"{group} had a larger share of the talk, for their numbers, {where}: {values}; {gap}."
    return (f"{group} seem to have had a larger share of the talk, for their numbers, "
            f"{where}, but the figures are uncertain (a wide interval): {values}; {gap}.")


# ---------------------------------------------------------------- surveys


def survey_sentences(title: str, wave: object, overall: Mapping | None, lay: Mapping | None,
                     k: int, scale_min: object = None, scale_max: object = None) -> list[str]:
    """The survey headline: the whole instrument's score (`scale` total) for all
    respondents, then for lay members, each a row of `survey_summary` (n, mean, ci_low,
    ci_high, share_agreeing, suppressed). A suppressed row says only that too few answered
    (or that it is hidden so the hidden group cannot be worked out): no figure of it."""
    if overall is None or _count(overall.get("n")) == 0:
        return [f"No one answered the {title} survey in this period."]
    name = f"the {title} survey ({wave})" if wave not in (None, "") else f"the {title} survey"
    if bool(overall.get("suppressed")):
        return [f"Fewer than {k} people answered {name}, so its results are not shown (so "
                "that no one can be identified)."]
    n = _count(overall.get("n"))
    agreeing = _number(overall.get("share_agreeing"))
    scale = ""
    if _number(scale_min) is not None and _number(scale_max) is not None:
        scale = f" on the {_number(scale_min):g} to {_number(scale_max):g} scale"
    mean = Figure.of(overall.get("mean"), overall.get("ci_low"), overall.get("ci_high"), n)
    interval = f" ({_interval(mean, one_decimal)})" if mean.has_interval else ""
    sentences = [f"In {name}, {one_in(agreeing)} of the {n} people who answered agreed "
                 f"({whole_percent(agreeing)}, scoring above the middle of the scale); "
                 f"the mean score was {one_decimal(overall.get('mean'))}{scale}{interval}."]
    if n < FIRM_RESPONDENTS:
        sentences.append(f"With only {n} responses, read this with care.")
    if lay is None or _count(lay.get("n")) == 0:
        sentences.append("No lay member answered.")
    elif bool(lay.get("suppressed")):
        sentences.append(f"Lay members' answers are hidden so that no one can be identified "
                         f"(fewer than {k} answered, or their number could be worked out from "
                         "the total).")
    else:
        lay_n, lay_agreeing = _count(lay.get("n")), _number(lay.get("share_agreeing"))
        sentences.append(f"Of the {lay_n} lay members who answered, {one_in(lay_agreeing)} "
                         f"agreed ({whole_percent(lay_agreeing)}).")
    return sentences


# ---------------------------------------------------------------- uptake and cost


def uptake_sentence(made: object, in_progress: object, implemented: object) -> str:
    """Recommendations made (pairs that reached at least `proposed`), in progress now, and
    implemented (reached implemented or sustained), counting each site separately."""
    made_n, progress_n, done_n = _count(made), _count(in_progress), _count(implemented)
    if made_n == 0:
        return "No recommendations were recorded for this period."
    noun = "recommendation" if made_n == 1 else "recommendations"
    return (f"{made_n} {noun} made (each site counted separately): {progress_n} in progress "
            f"now, {done_n} implemented.")


def cost_sentence(direct_per_meeting: object, full_per_meeting: object, meetings_n: object,
                  overhead_gbp: object = None) -> str:
    """Cost per meeting in money spent (direct cost, overheads included) and counting the
    value of members' time (full economic cost), over the period's meetings."""
    n = _count(meetings_n)
    direct, full = _number(direct_per_meeting), _number(full_per_meeting)
    if n == 0:
        return "No meetings were held in this period, so there is no cost per meeting."
    if not direct and not full:
        return f"No costs were recorded for the {_meetings(n, 'meeting')} of this period."
    overheads = _number(overhead_gbp)
    among = (f", overheads of {money(overheads)} not tied to a meeting included"
             if overheads else "")
    sentence = (f"Each meeting cost about {money(direct)} in money spent (direct costs over "
                f"{_meetings(n, 'meeting')}{among})")
    if full is not None and direct is not None and full > direct:
        sentence += f", or {money(full)} counting the value of members' time"
    return sentence + "."


# ---------------------------------------------------------------- the dashboard's pages
#
# What the dashboard's pages open with beyond the report's sentences (issue 17): each page
# says in two or three sentences what its reader asks first, with the same hedging rules.


@dataclass(frozen=True)
class Halves:
    """A period cut in two at its middle observed meeting: the earlier part ends on
    `middle`, the later starts the day after; each part named by its meetings' dates."""

    middle: dt.date
    earlier: str
    later: str


def dates_text(first: dt.date, last: dt.date) -> str:
    """A part of a period by its meetings' dates: '21 Feb 2019 to 21 Nov 2019'."""
    return (f"{first.day} {first:%b %Y}" if first == last
            else f"{first.day} {first:%b %Y} to {last.day} {last:%b %Y}")


def halves(dates: Iterable[dt.date]) -> Halves | None:
    """The observed meetings' dates cut in two at meeting n // 2 (by date; the report's
    trend and the Lay members page use the same cut). None with fewer than two dates."""
    days = sorted(set(dates))
    if len(days) < 2:
        return None
    middle = days[len(days) // 2 - 1]
    later = [d for d in days if d > middle]
    return Halves(middle, dates_text(days[0], middle), dates_text(later[0], days[-1]))


def _percent_interval(figure: Figure) -> str:
    return f"95% interval {whole_percent(figure.low)} to {whole_percent(figure.high)}"


def attendance_sentence(meetings_n: object, observed_n: object, attendance: Figure) -> str:
    """How many meetings were held (and observed) and the average share of expected
    members who came, with its interval when there is one."""
    held, observed = _count(meetings_n), _count(observed_n)
    if held == 0:
        return "No meetings were held in this period."
    meetings = (f"{held:,} meeting{'' if held == 1 else 's'} were held"
                if held != 1 else "1 meeting was held")
    seen = f" ({observed:,} of them observed)" if observed else " (none of them observed)"
    if attendance.value is None:
        return f"{meetings}{seen}; no attendance was expected, so there is no attendance rate."
    detail = f", {_percent_interval(attendance)}" if attendance.has_interval else ""
    return (f"{meetings}{seen}. On average {one_in(attendance.value)} of the members expected "
            f"came ({whole_percent(attendance.value)}{detail}).")


def voice_coverage_sentence(coverage: Figure) -> str:
    """The average share of attendees who said something at an observed meeting."""
    if coverage.n == 0 or coverage.value is None:
        return "No meeting was observed, so who spoke is not known."
    detail = f", {_percent_interval(coverage)}" if coverage.has_interval else ""
    everyone = coverage.value >= 1 - 0.0005
    tail = ("everyone present spoke." if everyone else
            "the others came but did not speak.")
    return (f"At the {_meetings(coverage.n)}, on average {one_in(coverage.value)} of those "
            f"present said something ({whole_percent(coverage.value)}{detail}); " + tail)


def group_equity_sentence(group: str, equity: Figure) -> str:
    """Whether one group's talk was in proportion to its presence (its pooled equity ratio
    judged against parity by its interval), for any grouping (gender, age band, ...)."""
    verdict = judge(equity, 1.0)
    if verdict.side is Side.NO_DATA:
        return f"No observed meeting had {group} present, so their share of the talk is not known."
    if verdict.side is Side.TOO_FEW:
        return (f"{group}: with only {_meetings(equity.n)} there are too few meetings to say "
                f"whether their share of the talk is fair (at least {MIN_MEETINGS} are needed).")
    if verdict.side is Side.NO_INTERVAL:
        return (f"{group}: equity ratio {ratio(equity.value)} over {_meetings(equity.n)}; no "
                "interval was worked out, so no conclusion is drawn.")
    figures = f"equity ratio {ratio(equity.value)}, {_interval(equity)}, {_meetings(equity.n)}"
    if verdict.side is Side.INCLUDES:
        return (f"The data cannot tell {_possessive(group)} share of the talk apart from "
                f"their share of the room ({figures}).")
    direction = "less" if verdict.side is Side.BELOW else "more"
    if verdict.firm:
        return f"{group} talked {direction} than their share of the room ({figures})."
    return (f"{group} seem to have talked {direction} than their share of the room, but the "
            f"figures are uncertain ({figures}).")


def difference_sentence(what: str, first_label: str, second_label: str, first: object,
                        second: object, difference: Figure, first_n: object, second_n: object,
                        *, percent: bool = True, min_n: int = FIRM_MEETINGS) -> str:
    """A figure under two conditions (in person / online), the difference (second − first)
    judged against 0 by its interval; below `min_n` meetings of either, no comparison."""
    n1, n2 = _count(first_n), _count(second_n)
    show = whole_percent if percent else ratio
    if n1 == 0 or n2 == 0:
        return f"{what} cannot be compared: there are no {first_label if n1 == 0 else second_label} meetings."
    values = (f"{what} was {show(first)} {first_label} ({_meetings(n1, 'meeting')}) and "
              f"{show(second)} {second_label} ({_meetings(n2, 'meeting')})")
    if min(n1, n2) < min_n:
        return f"{values}: too few meetings to compare the two (at least {min_n} of each)."
    verdict = judge(difference, 0.0, min_n=1)
    if not difference.has_interval or verdict.side in (Side.NO_DATA, Side.NO_INTERVAL):
        return f"{values}; no interval was worked out for the difference."
    if percent:
        points = [None if v is None else v * 100 for v in (difference.value, difference.low,
                                                           difference.high)]
        gap = (f"a difference of {_points(points[0])} points (95% interval {_points(points[1])} "
               f"to {_points(points[2])})")
    else:
        gap = f"a difference of {signed(difference.value)} ({_interval(difference, signed)})"
    if verdict.side is Side.INCLUDES:
        return f"{values}: {gap}, which the data cannot tell apart from no difference."
    where = second_label if verdict.side is Side.ABOVE else first_label
    return f"{values}: {gap}, so it is higher {where}."


def _points(value: float | None) -> str:
    if value is None:
        return "–"
    text = _half_up(abs(value), 0)
    if float(text) == 0:
        return "0"
    return f"+{text}" if value > 0 else f"−{text}"


def value_sentence(per_attendee_hour: object, per_implemented: object, implemented_n: object) -> str:
    """What the money bought: direct cost per attendee hour, and full economic cost per
    implemented recommendation (none implemented: said so, no figure)."""
    hour, each, done = _number(per_attendee_hour), _number(per_implemented), _count(implemented_n)
    first = (f"An hour of a member's attendance cost {_pence(hour)} in money spent."
             if hour is not None else "No attendance hours were recorded, so there is no cost per hour.")
    if done == 0 or each is None:
        return first + " No recommendation was implemented yet, so there is no cost per implemented one."
    noun = "recommendation" if done == 1 else "recommendations"
    return (first + f" Counting members' time, each of the {done} implemented {noun} (each "
            f"site counted separately) cost about {money(each)}.")


def _pence(value: float) -> str:
    return f"£{_half_up(value, 2)}"


def implementation_time_sentence(median_days: object, min_days: object, max_days: object,
                                 pairs_n: object) -> str:
    """How long implementation took, from a pair's first record: median and range."""
    n = _count(pairs_n)
    median = _number(median_days)
    if n == 0 or median is None:
        return "No recommendation has been implemented yet, so there is no time to implementation."
    if n == 1:
        return f"The one implemented recommendation took {median:.0f} days from first record."
    return (f"Half of the {n} implemented took {median:.0f} days or fewer from their first "
            f"record (fastest {_number(min_days):.0f}, slowest {_number(max_days):.0f} days).")


def load_sentence(loaded_at: str, files_n: object, rows_read: object, rows_quarantined: object) -> str:
    """The last load in one sentence, and what to do when rows were quarantined."""
    files, read, held = _count(files_n), _count(rows_read), _count(rows_quarantined)
    head = (f"The last load ({loaded_at}) read {read:,} rows from {files} "
            f"file{'' if files == 1 else 's'}")
    if held == 0:
        return head + ": every row passed its checks and was loaded."
    return (head + f": {held:,} row{'' if held == 1 else 's'} broke a rule and "
            f"{'was' if held == 1 else 'were'} kept aside (quarantined). The list below says "
            "which file and line, and what to fix.")
