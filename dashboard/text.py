"""Numbers and changes put into plain words for readers who would rather not read tables.

Pure functions (no Streamlit), so the wording can be tested on its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

__all__ = ["COLUMN_LABELS", "METRIC_LABELS", "MEETING_TYPES", "MEETING_TYPE_LABELS", "Column",
           "TableView", "Tile", "column_for", "figure_labels", "format_cell", "format_value",
           "interval_text",
           "summary_sentences", "table_view"]

MEETING_TYPES = ("cop", "planning", "steering_group", "preparation", "other")
MEETING_TYPE_LABELS = {
    "cop": "CoP meeting",
    "planning": "Planning",
    "steering_group": "Steering group",
    "preparation": "Preparation session",
    "other": "Other",
}


def _missing(value: object) -> bool:
    """None, NaN, pandas' NA and NaT: a value that is not there."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array is a value
        return False


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
    """What changed with the latest meeting, one short sentence per headline figure (whether
    lay members are heard is said, hedged by its interval, in the page's opening)."""
    if last_meeting is None:
        return []
    when = f"{last_meeting:%d %B %Y}".lstrip("0")
    sentences = [f"With the latest meeting ({when}):"]
    for tile in tiles:
        words = _change_words(tile)
        if words is not None:
            sentences.append(words + ".")
    return sentences


def rows_range(offset: int, shown: int, total: int) -> str:
    """Where a page of a long list sits in it: offset 200, 200 shown of 587407 ->
    `rows 201-400 of 587,407` (a page of nothing says `no rows of N`)."""
    if shown <= 0:
        return f"no rows of {total:,}"
    return f"rows {offset + 1:,}-{offset + shown:,} of {total:,}"


# ---------------------------------------------------------------- tables for people
#
# A page's table shows human column labels with units, formatted numbers ("35%", "£1,235",
# "0.66 to 0.88"), blanks as "–" (the column's tooltip says why a cell can be blank) and
# suppression as words; its download keeps the machine names and raw values
# (docs/dashboard.md, "Tables"). Other pages' new columns get a label here, or a fair one
# from their name (see `column_for`).


@dataclass(frozen=True)
class Column:
    """How a column is shown: its label (with the unit), how its values read, and the
    tooltip on its name (what it is; why a cell can be blank). Kind `hidden` columns stay
    in the download only."""

    label: str
    kind: str = "text"
    help: str = ""


def _c(label: str, kind: str = "text", help: str = "") -> Column:  # noqa: A002 (the tooltip)
    return Column(label, kind, help)


_NOT_OBSERVED = "Blank (–) when the meeting was not observed (no speaking turns recorded)."
COLUMN_LABELS: dict[str, Column] = {
    # who and where
    "cop_id": _c("CoP", "cop", "The Community of Practice."),
    "member_id": _c("Member", "text", "Pseudonymous member id (names are kept only in the "
                    "alias table)."),
    "meeting_id": _c("Meeting", "text"),
    "role": _c("Role"),
    "member_type": _c("Member type", "group"),
    "group": _c("Group", "group", "The group the row describes; All = everyone together. "
                "Blank (–) for figures of the whole meeting."),
    "site": _c("Site", "text", "Where the recommendation is taken up (a service, a "
               "practice, or the CoP itself)."),
    "mode": _c("How held", "mode", "In person, online or hybrid."),
    "attended_via": _c("Joined", "mode"),
    "meeting_type": _c("Meeting type", "meeting_type"),
    "held_on": _c("Date", "date", "The day the meeting was held."),
    "joined_on": _c("Joined on", "date", "Blank (–) when the member was there from the start."),
    "left_on": _c("Left on", "date", "Blank (–) while still a member."),
    "first_attended_on": _c("First came", "date", "Blank (–) if never present."),
    "last_attended_on": _c("Last came", "date", "Blank (–) if never present."),
    "valid_from": _c("Valid from", "date"),
    "month": _c("Month", "month"),
    # attendance and talk
    "attendees_n": _c("Attendees (people)", "count"),
    "lay_attendees_n": _c("Lay attendees (people)", "count"),
    "expected_n": _c("Expected (people)", "count", "Members whose membership covered the "
                     "meeting date."),
    "meetings_expected_n": _c("Meetings expected at", "count"),
    "meetings_attended_n": _c("Meetings attended", "count"),
    "attendance_rate": _c("Attendance rate (%)", "percent", "Present ÷ expected. Blank (–) "
                          "when nobody was expected."),
    "preparation_attended_n": _c("Preparation sessions attended", "count"),
    "chaired_n": _c("Meetings chaired", "count"),
    "talk_s": _c("Talk time (minutes)", "minutes", "Time speaking aloud. " + _NOT_OBSERVED),
    "turns_n": _c("Turns (count)", "count", "Voice turns. " + _NOT_OBSERVED),
    "talk_share": _c("Share of talk (%)", "percent", "The group's talk time ÷ everyone's. "
                     "Blank (–) when nobody talked or the meeting was not observed."),
    "lay_talk_share": _c("Lay share of talk (%)", "percent", "Lay members' talk time ÷ "
                         "everyone's. " + _NOT_OBSERVED),
    "attendee_share": _c("Share of attendees (%)", "percent"),
    "attendee_share_from": _c("Share of attendees, from (%)", "percent", "The square's "
                              "lower edge: it holds shares from this up to the next square."),
    "talk_share_from": _c("Share of talk, from (%)", "percent", "The square's lower edge: "
                          "it holds shares from this up to the next square."),
    "equity_ratio": _c("Equity ratio (1 = parity)", "ratio", "Share of talk ÷ share of "
                       "attendees: 1 = talks in proportion to presence, below 1 = under-heard. "
                       "Blank (–) when the group had no attendee or nobody talked."),
    "lay_equity_ratio": _c("Lay equity ratio (1 = parity)", "ratio", "Lay share of talk ÷ "
                           "lay share of attendees. " + _NOT_OBSERVED),
    "turn_equity_ratio": _c("Equity ratio by turns (1 = parity)", "ratio", "As the equity "
                            "ratio, counting turns instead of seconds."),
    "gini_talk": _c("Inequality of talk (Gini, 0 to 1)", "ratio", "0 = everyone talked "
                    "equally, near 1 = one person talked. Blank (–) with fewer than 2 "
                    "attendees, nobody talking, or no observation."),
    "voice_coverage": _c("Voice coverage (%)", "percent", "Share of attendees who spoke at "
                         "least once. " + _NOT_OBSERVED),
    "voiced_n": _c("Spoke (people)", "count"),
    "chat_messages_n": _c("Chat messages (count)", "count"),
    "chat_rate": _c("Chat messages per attendee", "decimal"),
    "is_observed": _c("Observed", "bool", "Yes when speaking turns were recorded."),
    "stopped_coming": _c("Stopped coming", "bool", "Attended before, still a member, and "
                         "missed the last three CoP meetings they were expected at."),
    "meetings_n": _c("Meetings (count)", "count"),
    "too_few": _c("Too few meetings for an interval", "bool", "Intervals need at least 3 "
                  "meetings."),
    "act": _c("Kind of turn", "words"),
    "share": _c("Share (%)", "percent"),
    "meeting_attendees_n": _c("Meeting's attendees (people)", "count"),
    "meeting_talk_s": _c("Meeting's talk time (minutes)", "minutes"),
    "meeting_turns_n": _c("Meeting's turns (count)", "count"),
    # figures with intervals
    "metric": _c("Figure", "metric"),
    "value": _c("Value", "decimal"),
    "interval": _c("95% interval", "text", "Blank (–) when there are too few meetings or "
                   "respondents for an interval (at least 3 meetings)."),
    "in_person": _c("In person", "decimal"),
    "online": _c("Online", "decimal"),
    "in_room": _c("In the room", "decimal"),
    "remote": _c("Remote", "decimal"),
    "difference": _c("Difference", "signed"),
    "in_person_n": _c("In-person meetings", "count"),
    "online_n": _c("Online meetings", "count"),
    "warning": _c("Warning", "text", "Blank (–) when there are enough meetings to compare."),
    # surveys
    "instrument_id": _c("Questionnaire", "words"),
    "wave": _c("Wave"),
    "scale": _c("Scale", "words", "Total = the whole questionnaire; otherwise a part of it."),
    "n": _c("Respondents (people)", "count"),
    "mean": _c("Mean score (scale points)", "score", "Blank (–) for hidden groups."),
    "share_agreeing": _c("Agreeing (%)", "percent", "Share scoring above the middle of the "
                         "scale. Blank (–) for hidden groups."),
    "shown": _c("Shown", "text", "Groups with fewer respondents than the threshold are "
                "hidden so that nobody can be identified."),
    "item_id": _c("Item", "words"),
    "text": _c("Wording"),
    "label": _c("Answer"),
    # cost
    "category": _c("Category", "words"),
    "amount_gbp": _c("Amount (£)", "money2"),
    "direct_cost_gbp": _c("Direct cost (£)", "money"),
    "overhead_cost_gbp": _c("Overheads (£)", "money", "Costs not linked to a meeting."),
    "time_cost_gbp": _c("Time cost (£)", "money", "Hours attended × each member's hourly "
                        "rate (0 where no rate was found)."),
    "full_cost_gbp": _c("Full economic cost (£)", "money"),
    "attendee_hours": _c("Attendee hours", "decimal"),
    "cost_per_attendee_hour_gbp": _c("Cost per attendee hour (£)", "money2",
                                     "Blank (–) when no attendee hours were recorded."),
    "hourly_rate_gbp": _c("Hourly rate (£)", "money2"),
    "source": _c("Source of the rate"),
    "attendance_rows": _c("Attendances (count)", "count"),
    "description": _c("Description"),
    "incurred_on": _c("Incurred on", "date"),
    "cost_id": _c("Cost"),
    # uptake
    "recommendation_id": _c("Recommendation"),
    "title": _c("Title"),
    "status": _c("Status", "words"),
    "stage": _c("Stage", "words"),
    "pairs_n": _c("Recommendation × site pairs", "count"),
    "status_on": _c("Status date", "date"),
    "latest_status": _c("Latest status", "words"),
    "latest_on": _c("Latest status date", "date"),
    "first_on": _c("First recorded", "date"),
    "furthest_stage": _c("Furthest stage", "words"),
    "implemented_on": _c("Implemented on", "date", "Blank (–) if not implemented."),
    "days_to_implemented": _c("Days to implementation", "count", "Blank (–) if not "
                              "implemented."),
    "is_dropped": _c("Dropped", "bool"),
    "median_days": _c("Median days", "count"),
    "min_days": _c("Fewest days", "count"),
    "max_days": _c("Most days", "count"),
    # data quality and loads
    "dataset": _c("Dataset"),
    "file": _c("File"),
    "source_file": _c("File"),
    "files_n": _c("Files", "count"),
    "rows_read": _c("Rows read", "count"),
    "rows_loaded": _c("Rows loaded", "count"),
    "rows_quarantined": _c("Rows quarantined", "count"),
    "rows_n": _c("Rows", "count"),
    "last_loaded_at": _c("Last loaded", "datetime"),
    "finished_at": _c("Loaded", "datetime"),
    "result": _c("Result"),
    "rule": _c("Rule broken"),
    "message": _c("What to fix"),
    "line_number": _c("Line", "count", "The file's line (header = line 1)."),
    "raw_row": _c("Row as read"),
    "reason": _c("What to fix"),
    "warnings": _c("Warnings"),
    # machine columns kept for the download only
    "furthest_rank": _c("Furthest stage (rank)", "hidden"),
    "stage_rank": _c("Stage (rank)", "hidden"),
    "batch_id": _c("Load batch", "hidden"),
    "facilitators_included": _c("Facilitators included", "hidden"),
    "attribute": _c("Broken down by", "hidden"),
    # issue 16: digital exclusion, funnel plots, alerts
    "members_n": _c("Members looked at", "count", "Members who came in person before their "
                    "CoP moved online and were members at an online meeting after it."),
    "no_online_n": _c("Came to no online meeting", "count"),
    "far_fewer_n": _c("Came far less online", "count", "Online attendance rate below half "
                      "of the in-person rate before the move."),
    "excluded_n": _c("Stopped or came far less", "count"),
    "excluded_share": _c("Stopped or came far less (%)", "percent"),
    "moved_online_on": _c("Moved online on", "date", "The CoP's first online meeting after "
                          "meeting in person."),
    "in_person_expected_n": _c("In-person meetings before (expected)", "count"),
    "in_person_attended_n": _c("In-person meetings before (attended)", "count"),
    "in_person_rate": _c("Attendance in person before (%)", "percent"),
    "online_expected_n": _c("Online meetings after (expected)", "count"),
    "online_attended_n": _c("Online meetings after (attended)", "count"),
    "online_rate": _c("Attendance online after (%)", "percent"),
    "exclusion_status": _c("After the move", "words"),
    "age_band": _c("Age band"),
    "deprivation_quintile": _c("Deprivation quintile (1 = most deprived)"),
    "talk_hours": _c("Observed talk (hours)", "decimal"),
    "target": _c("Programme's figure", "decimal"),
    "low_95": _c("95% limit, low", "decimal"),
    "high_95": _c("95% limit, high", "decimal"),
    "low_998": _c("99.8% limit, low", "decimal"),
    "high_998": _c("99.8% limit, high", "decimal"),
    "signal": _c("Against the limits", "words"),
    "alert": _c("Alert"),
    "subject": _c("About", "text", "The meetings, member or recommendation the alert is about."),
    "since": _c("Since", "date"),
    "detail": _c("What happened"),
}

# Short names for a chart's labels (the table gives the long ones).
METRIC_SHORT = {"equity_ratio": "Equity ratio (time)", "turn_equity_ratio": "Equity ratio (turns)",
                "attendance_rate": "Attendance rate", "voice_coverage": "Voice coverage",
                "gini_talk": "Gini of talk"}
# Per-row kinds: in tables with a `metric` column, each row's figures read as that metric.
METRIC_LABELS = {
    "equity_ratio": "Equity ratio (talk time; 1 = parity)",
    "turn_equity_ratio": "Equity ratio (turns; 1 = parity)",
    "attendance_rate": "Attendance rate",
    "voice_coverage": "Voice coverage",
    "gini_talk": "Inequality of talk (Gini)",
}
METRIC_KINDS = {"equity_ratio": "ratio", "turn_equity_ratio": "ratio",
                "attendance_rate": "percent", "voice_coverage": "percent", "gini_talk": "ratio"}
_PER_METRIC = ("value", "in_person", "online", "in_room", "remote")
_DIFFERENCE_KIND = {"percent": "points", "ratio": "signed"}
# The column whose value an interval (ci_low, ci_high) belongs to, first found.
_ESTIMATES = ("equity_ratio", "difference", "mean", "value", "lay_equity_ratio")

_SUFFIX_KINDS = (("_gbp", "money2", " (£)"), ("_n", "count", ""), ("_on", "date", ""),
                 ("_at", "datetime", ""), ("_share", "percent", " (%)"),
                 ("_rate", "percent", " (%)"), ("_s", "minutes", " (minutes)"))


def figure_labels(frame: pd.DataFrame) -> pd.Series:
    """Each row's figure in a few words, with its group, for a chart's labels:
    `equity_ratio`, `lay` -> `Equity ratio (time), lay`; a whole-meeting figure has no group."""
    from dashboard.charts import group_label

    names = frame["metric"].map(lambda m: METRIC_SHORT.get(str(m), str(m).replace("_", " ")))
    groups = frame["group"] if "group" in frame else pd.Series(None, index=frame.index)
    return pd.Series([f"{name}, {group_label(g).lower()}" if not _missing(g) else name
                      for name, g in zip(names, groups, strict=True)], index=frame.index)


def column_for(name: str) -> Column:
    """The column's label and kind: from COLUMN_LABELS, else read from its name (units by
    suffix: `_gbp` pounds, `_n` a count, `_on` a date, `_share`/`_rate` a percentage, `_s`
    seconds shown as minutes), e.g. `venue_cost_gbp` -> `Venue cost (£)`."""
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    for suffix, kind, unit in _SUFFIX_KINDS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return Column(name[: -len(suffix)].replace("_", " ").capitalize() + unit, kind)
    return Column(name.replace("_", " ").capitalize(), "text")


def _words(value: object) -> str:
    from dashboard.charts import plain

    return plain(value)


def _group_words(value: object) -> str:
    from dashboard.charts import group_label

    return "All" if value == "all" else group_label(value)


def _mode_words(value: object) -> str:
    from dashboard.charts import MODE_LABELS

    return MODE_LABELS.get(str(value), _words(value))


def _half_up(number: float, places: int) -> str:
    """Rounded as people round (0.185 -> 0.19, 0.625 -> 0.63), not to binary's nearest
    (which gives 0.18): the same rounding as the report's sentences (pipelines.narrative)."""
    step = Decimal(1).scaleb(-places)
    return str(Decimal(repr(float(number))).quantize(step, rounding=ROUND_HALF_UP))


def _grouped(number: float, places: int) -> str:
    """Half-up rounded with thousands separators: 1234.5 -> 1,235 (0 places)."""
    text = _half_up(abs(number), places)
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}" + (f".{fraction}" if fraction else "")
    return f"-{grouped}" if number < 0 and float(text) != 0 else grouped


def format_cell(value: object, kind: str) -> str:
    """One value as a person reads it; blank (None, NaN) -> `–`.

    Kinds: text, count (1,234), percent (35%), points (+5 points), ratio (0.74), signed
    (+0.19), decimal (2.35), score (3.4), money (£1,235), money2 (£99.46), minutes (a
    number of seconds as minutes, 1 decimal), date (15 Feb 2018), datetime (6 Dec 2026
    13:32), month (Feb 2018), bool (Yes/No), and words: group, mode, meeting_type, metric,
    words (`in_progress` -> `In progress`)."""
    if _missing(value):
        return "–"
    try:
        if kind in ("count", "percent", "points", "ratio", "signed", "decimal", "score",
                    "minutes") or kind.startswith("money"):
            number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if kind == "count":
        return _grouped(number, 0)
    if kind == "percent":
        return f"{_grouped(number * 100, 0)}%"
    if kind == "points":
        return f"{_signed(number * 100, 0)} points"
    if kind == "ratio":
        return _grouped(number, 2)
    if kind == "signed":
        return _signed(number, 2)
    if kind == "decimal":
        return _grouped(number, 2)
    if kind == "score":
        return _grouped(number, 1)
    if kind == "minutes":
        return _grouped(number / 60, 1)
    if kind in ("money", "money2"):
        return f"£{_grouped(number, 0 if kind == 'money' else 2)}"
    if kind in ("date", "datetime", "month"):
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
        pattern = {"date": "%d %b %Y", "datetime": "%d %b %Y %H:%M", "month": "%b %Y"}[kind]
        return stamp.strftime(pattern).lstrip("0")
    if kind == "bool":
        return "Yes" if bool(value) else "No"
    if kind == "group":
        return _group_words(value)
    if kind == "mode":
        return _mode_words(value)
    if kind == "meeting_type":
        return MEETING_TYPE_LABELS.get(str(value), _words(value))
    if kind == "metric":
        return METRIC_LABELS.get(str(value), _words(value))
    if kind == "words":
        return _words(value)
    return str(value)


def _signed(number: float, places: int) -> str:
    """+0.19, −0.17 (a true minus), and 0.00 for what rounds to nothing (never −0.00)."""
    text = _grouped(abs(number), places)
    if float(text.replace(",", "")) == 0:
        return text
    return f"+{text}" if number > 0 else f"−{text}"


def interval_text(low: object, high: object, kind: str) -> str:
    """A 95% interval in words: 0.66 and 0.88 as ratios -> `0.66 to 0.88`; differences of
    rates -> `−7 to +14 points`; blank -> `–`."""
    if _missing(low) or _missing(high):
        return "–"
    if kind == "points":
        return f"{_signed(float(low) * 100, 0)} to {_signed(float(high) * 100, 0)} points"
    return f"{format_cell(low, kind)} to {format_cell(high, kind)}"


@dataclass(frozen=True)
class TableView:
    """A frame ready to show: `data` keeps the shown columns' raw values (so a column sorts
    as numbers), `kinds` says how each reads, `columns` gives each its label and tooltip."""

    data: pd.DataFrame
    kinds: dict[str, str]
    columns: dict[str, Column]

    def text(self) -> pd.DataFrame:
        """Every cell as the page shows it (what a reader sees; tests read this)."""
        shown = pd.DataFrame(index=self.data.index)
        for name in self.data.columns:
            shown[self.columns[name].label] = [format_cell(v, self.kinds[name])
                                               for v in self.data[name]]
        return shown


def table_view(frame: pd.DataFrame, columns: Mapping[str, Column] | None = None,
               values: Mapping[str, Mapping[object, str]] | None = None) -> TableView:
    """How `frame` reads on a page (the download keeps `frame` as it is).

    - `ci_low`/`ci_high` become one "95% interval" column (`0.66 to 0.88`), after the
      figure they belong to, in that figure's unit;
    - in a table with a `metric` column each row's figures read in the metric's unit
      (attendance 35%, a ratio 0.74; differences of rates in points);
    - `suppressed` and `note` become one "Shown" column (`Yes`, or `No: fewer than 5
      responses`);
    - `columns` overrides COLUMN_LABELS for this table; `values` names values in words
      (e.g. instrument ids -> titles); `hidden` columns are left out.
    """
    data = frame.copy()
    chosen = {name: (columns or {}).get(name) or column_for(name) for name in data.columns}
    kinds = {name: column.kind for name, column in chosen.items()}
    if "metric" in data:
        metric_kind = data["metric"].map(METRIC_KINDS).fillna("decimal")
        for name in [c for c in (*_PER_METRIC, "difference") if c in data]:
            row_kinds = metric_kind if name != "difference" else metric_kind.map(
                lambda k: _DIFFERENCE_KIND.get(k, "signed"))
            data[name] = [format_cell(v, k) for v, k in zip(data[name], row_kinds, strict=True)]
            kinds[name] = "text"
        if {"ci_low", "ci_high"} <= set(data.columns):
            row_kinds = metric_kind.map(lambda k: _DIFFERENCE_KIND.get(k, "signed")) \
                if "difference" in frame else metric_kind
            data["interval"] = [interval_text(lo, hi, k) for lo, hi, k in
                                zip(frame["ci_low"], frame["ci_high"], row_kinds, strict=True)]
    elif {"ci_low", "ci_high"} <= set(data.columns):
        estimate = next((c for c in _ESTIMATES if c in data), None)
        kind = kinds.get(estimate, "decimal") if estimate else "decimal"
        data["interval"] = [interval_text(lo, hi, kind)
                            for lo, hi in zip(data["ci_low"], data["ci_high"], strict=True)]
    if "interval" in data and {"ci_low", "ci_high"} <= set(frame.columns):
        order = [c for c in data.columns if c not in ("ci_low", "ci_high", "interval")]
        anchor = next((c for c in (*_ESTIMATES,) if c in order), None)
        at = order.index(anchor) + 1 if anchor else len(order)
        data = data[order[:at] + ["interval"] + order[at:]]
        kinds["interval"], chosen["interval"] = "text", column_for("interval")
    if "suppressed" in data:
        notes = data["note"] if "note" in data else pd.Series(None, index=data.index)
        data["shown"] = ["Yes" if not bool(hidden) else
                         f"No: {note}" if not _missing(note) else "No"
                         for hidden, note in zip(data["suppressed"], notes, strict=True)]
        data = data.drop(columns=[c for c in ("suppressed", "note") if c in data])
        kinds["shown"], chosen["shown"] = "text", column_for("shown")
    for name, words in (values or {}).items():
        if name in data:
            data[name] = data[name].map(lambda v, w=words: w.get(v, v))
            kinds[name] = "text" if kinds.get(name) in ("words", "group", "text") else kinds[name]
    for name in data.columns:
        if kinds.get(name) == "cop" or name not in kinds:
            kinds[name] = "text"
        if str(data[name].dtype) == "bool" and kinds[name] == "text":
            kinds[name] = "bool"
    shown = [c for c in data.columns if kinds[c] != "hidden"]
    return TableView(data[shown], {c: kinds[c] for c in shown}, {c: chosen[c] for c in shown})
