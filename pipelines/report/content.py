"""What the report says: built from metrics API calls, as text, tables and charts.

`build_report(call, sel, audience=...)` asks a caller for every figure, by the metrics API
function's name, exactly as a dashboard page does (`dashboard.queries.call`, or the CLI's
caller over a read-only connection), and turns the answers into a `Report`: page 1's
plain-English summary for the steering group and, for evaluators, the tables and charts of
every dashboard page for the same selection, the definitions from docs/metrics.md and the
state of the data. Nothing here computes a figure: numbers are only chosen, rounded, put
into words (pipelines.narrative) or drawn (charts.py). Survey cells the API suppresses
print as "fewer than k responses" with no figure, not even their n.

A caller may refuse a call (issue 13's roles: a steering-group user may not read
member-level rows): a refusal raised as PermissionError turns that part of the report into
a sentence saying it is not available to the viewer's role; nothing else is caught.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

from pipelines import narrative
from pipelines.metrics.mode_fairness import side_by_side
from pipelines.metrics.selection import Selection
from pipelines.report import charts
from pipelines.report.access import AUDIENCES, evaluator_allowed
from pipelines.report.definitions import Definition, definitions
from pipelines.report.tables import Col, Table, fmt, label
from pipelines.report.tables import human as _human

__all__ = ["AUDIENCES", "AuditCaller", "Block", "Caller", "Note", "Report", "Section",
           "Summary", "Topic", "build_report", "evaluator_allowed"]

Caller = Callable[..., pd.DataFrame]  # call(name, sel=None, **kwargs): pipelines.metrics.<name>
AuditCaller = Callable[..., object]  # audit(name, **params): pipelines.audit.<name>
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Note:
    """A paragraph between tables; `kind` "warning" for the API's small-n warnings."""

    text: str
    kind: str = "text"


Block = Table | charts.Chart | Note


@dataclass
class Section:
    title: str
    intro: str = ""
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Topic:
    """One question of page 1, answered in sentences, with a chart (or why there is none)."""

    heading: str
    sentences: list[str]
    chart: charts.Chart | None = None
    chart_note: str = ""


@dataclass
class Summary:
    """Page 1: key figures (label, value, the value in words or its interval) and the
    topics' sentences."""

    figures: list[tuple[str, str, str]] = field(default_factory=list)
    meetings: str = ""  # "31 meetings, 20 observed"
    topics: list[Topic] = field(default_factory=list)


@dataclass
class Report:
    title: str
    cops: str  # the CoPs' names, for the page header
    period: str
    audience: str
    made_on: dt.date
    loaded: str  # when the data were last loaded, in words
    summary: Summary
    sections: list[Section] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    empty: str | None = None  # why there is nothing to report, when there is nothing
    k: int = 5


class _Refused(Exception):
    """A call the caller refused (PermissionError), carried to the section that needed it."""


def _ask(call: Caller, name: str, sel: Selection | None = None, **kwargs: object) -> pd.DataFrame:
    try:
        return call(name, sel, **kwargs) if sel is not None else call(name, **kwargs)
    except PermissionError as exc:
        raise _Refused(str(exc)) from exc


def human(frame: pd.DataFrame, columns: list[Col], title: str, how_to_read: str = "") -> Table:
    """tables.human, without the CoP column when the rows are all of one CoP."""
    if "cop_id" in frame.columns and frame["cop_id"].nunique() <= 1:
        columns = [c for c in columns if c.source != "cop_id"]
    return _human(frame, columns, title, how_to_read)


# ---------------------------------------------------------------- words for the header


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _period(sel: Selection, last_held_on: object) -> str:
    last = None if pd.isna(last_held_on) else pd.Timestamp(last_held_on).date()
    if sel.date_from and sel.date_to:
        return f"{_day(sel.date_from)} to {_day(sel.date_to)}"
    if sel.date_from:
        return f"From {_day(sel.date_from)}" + (f" (last meeting {_day(last)})" if last else "")
    if sel.date_to:
        return f"Up to {_day(sel.date_to)}"
    return f"All meetings up to {_day(last)}" if last else "All meetings"


def _cop_names(communities: pd.DataFrame, sel: Selection) -> str:
    names = dict(zip(communities["cop_id"], communities["name"], strict=False))
    if not sel.cop_ids:
        return "All CoPs" if len(names) != 1 else next(iter(names.values()))
    return "; ".join(names.get(cop, cop) for cop in sel.cop_ids)


def _loaded(audit: AuditCaller | None) -> str:
    if audit is None:
        return "unknown"
    freshness = audit("load_freshness")
    if not isinstance(freshness, pd.DataFrame) or freshness.empty:
        return "no load recorded"
    last = pd.Timestamp(freshness["last_loaded_at"].iloc[0])
    return f"{last.day} {last:%B %Y} at {last:%H:%M}"


# ---------------------------------------------------------------- page 1


def _lay_row(equity: pd.DataFrame) -> dict:
    rows = equity[equity["group"] == "lay"]
    return rows.iloc[0].to_dict() if len(rows) else {}


def _halves(timeline: pd.DataFrame, sel: Selection) -> tuple[Selection, Selection, str, str] | None:
    """The selection cut in two at the middle observed meeting (narrative.halves: the
    earlier half ends on the date of meeting n // 2, the later starts the day after). None
    with fewer than two observed meeting dates."""
    cut = narrative.halves(pd.to_datetime(timeline["held_on"]).dt.date)
    if cut is None:
        return None
    earlier = replace(sel, date_to=cut.middle)
    later = replace(sel, date_from=cut.middle + dt.timedelta(days=1))
    return earlier, later, cut.earlier, cut.later


def _equity_detail(figure: narrative.Figure) -> str:
    if figure.n == 0:
        return "no observed meeting"
    if figure.value is None:
        return "not defined: no lay members present"
    if not figure.has_interval:
        return "no interval: too few meetings"
    return f"95% interval {narrative.ratio(figure.low)} to {narrative.ratio(figure.high)}"


def _summary(call: Caller, sel: Selection, k: int, progress: Callable[[str], None]) -> Summary:
    summary = Summary()
    equity = _ask(call, "pooled_equity", sel, by="member_type", basis="time")
    counts = _ask(call, "meeting_counts", sel).iloc[0]
    lay = _lay_row(equity)
    figure = narrative.Figure.of(lay.get("equity_ratio"), lay.get("ci_low"), lay.get("ci_high"),
                                 lay.get("meetings_n", 0))
    summary.figures = [
        ("Lay share of those present", fmt(lay.get("attendee_share"), "percent"),
         narrative.one_in(lay.get("attendee_share"))),
        ("Lay share of the talk", fmt(lay.get("talk_share"), "percent"),
         narrative.one_in(lay.get("talk_share"))),
        ("Equity ratio (1 = fair)", narrative.ratio(figure.value), _equity_detail(figure)),
    ]
    meetings_n = int(counts["meetings_n"])
    summary.meetings = (f"{fmt(meetings_n, 'count')} meeting{'' if meetings_n == 1 else 's'}, "
                        f"{fmt(counts['observed_n'], 'count')} observed")
    voice = narrative.lay_share_sentences(lay.get("talk_share"), lay.get("attendee_share"), figure)
    summary.topics.append(Topic("Are lay members heard?", voice))
    progress("trend")
    timeline = _ask(call, "lay_timeline", sel)
    trend = []
    halves = _halves(timeline, sel) if len(timeline) else None
    if halves is not None:
        earlier_sel, later_sel, earlier_label, later_label = halves
        parts = [_lay_row(_ask(call, "pooled_equity", part, by="member_type", basis="time"))
                 for part in (earlier_sel, later_sel)]
        earlier, later = (narrative.Figure.of(p.get("equity_ratio"), p.get("ci_low"),
                                              p.get("ci_high"), p.get("meetings_n", 0))
                          for p in parts)
        trend.append(narrative.trend_sentence(earlier, later, earlier_label, later_label))
    elif len(timeline):
        trend.append("Only one observed meeting date, so there is no trend to show.")
    shown = timeline.dropna(subset=["lay_equity_ratio"]) if len(timeline) else timeline
    chart = (charts.lay_equity_by_meeting(shown, "Lay members' equity ratio at each observed "
                                          "meeting") if len(shown) else None)
    summary.topics.append(Topic(
        "Is it changing?", trend or ["No observed meeting in this period, so there is no "
                                     "trend to show."], chart,
        "" if chart else "No chart: no observed meeting with lay members in this period."))
    progress("in person and online")
    modes = _ask(call, "mode_comparison", sel)
    rows = modes[(modes["metric"] == "equity_ratio") & (modes["group"] == "lay")]
    if len(rows):
        row = rows.iloc[0]
        summary.topics.append(Topic("In person and online", [narrative.mode_sentence(
            row["in_person"], row["online"],
            narrative.Figure.of(row["difference"], row["ci_low"], row["ci_high"],
                                min(int(row["in_person_n"]), int(row["online_n"]))),
            row["in_person_n"], row["online_n"])]))
    progress("surveys")
    summary.topics.append(Topic("What members say (surveys)", _survey_headline(call, sel, k)))
    progress("recommendations and cost")
    summary.topics.append(Topic("Recommendations and cost", [_uptake_words(call, sel),
                                                             _cost_words(call, sel)]))
    return summary


def _survey_headline(call: Caller, sel: Selection, k: int) -> list[str]:
    try:
        surveys = _ask(call, "survey_summary", sel, by="member_type")
    except _Refused:
        return ["Survey results are not available to your role."]
    if surveys.empty:
        return ["No survey responses in this period."]
    titles = _ask(call, "instruments")
    titles = titles.set_index("instrument_id") if len(titles) else titles
    sentences = []
    for instrument in sorted(surveys["instrument_id"].unique()):
        rows = surveys[surveys["instrument_id"] == instrument]
        scale = "total" if (rows["scale"] == "total").any() else sorted(rows["scale"].unique())[0]
        rows = rows[rows["scale"] == scale]
        wave = sorted(rows["wave"].astype(str).unique())[-1]
        rows = rows[rows["wave"].astype(str) == wave]
        overall = rows[rows["group"] == "all"]
        lay = rows[rows["group"] == "lay"]
        info = titles.loc[instrument] if instrument in getattr(titles, "index", []) else None
        sentences += narrative.survey_sentences(
            info["title"] if info is not None else instrument, f"latest wave, {wave}",
            overall.iloc[0].to_dict() if len(overall) else None,
            lay.iloc[0].to_dict() if len(lay) else None, k,
            info["scale_min"] if info is not None else None,
            info["scale_max"] if info is not None else None)
    return sentences


def _uptake_words(call: Caller, sel: Selection) -> str:
    funnel = _ask(call, "uptake_funnel", sel).set_index("stage")["pairs_n"]
    status = _ask(call, "uptake_status", sel).set_index("status")["pairs_n"]
    return narrative.uptake_sentence(funnel.get("proposed", 0), status.get("in_progress", 0),
                                     funnel.get("implemented", 0))


def _cost_words(call: Caller, sel: Selection) -> str:
    try:
        totals = _ask(call, "cost_totals", sel).iloc[0]
    except _Refused:
        return "Costs are not available to your role."
    return narrative.cost_sentence(totals["direct_cost_per_meeting_gbp"],
                                   totals["full_cost_per_meeting_gbp"], totals["meetings_n"],
                                   totals["overhead_cost_gbp"])


# ---------------------------------------------------------------- evaluator pages

_EQUITY_COLUMNS = [
    Col("group", "Group", "label"),
    Col("attendee_share", "Share of those present", "percent"),
    Col("talk_share", "Share of talk", "percent"),
    Col("equity_ratio", "Equity ratio", "ratio"),
    Col(("ci_low", "ci_high"), "95% interval", "interval:ratio"),
    Col("meetings_n", "Observed meetings", "count"),
]
_ATTRIBUTES = {"member_type": "member type", "gender": "gender", "age_band": "age band",
               "deprivation_quintile": "deprivation quintile (1 = most deprived)"}


def _participation(call: Caller, sel: Selection) -> Section:
    section = Section("Participation equity", "Who talks, compared with who is in the room, "
                      "over the observed meetings (meetings with at least one recorded voice "
                      "turn). Equity ratio = share of talk ÷ share of those present; 1 is a "
                      "fair share.")
    for by, name in _ATTRIBUTES.items():
        for basis, basis_name in (("time", "talk time"), ("turns", "number of turns")):
            equity = _ask(call, "pooled_equity", sel, by=by, basis=basis)
            if equity.empty or (by != "member_type" and set(equity["group"]) <= {"not_recorded"}):
                continue
            title = f"Equity ratio by {name} ({basis_name})"
            if by == "member_type" and basis == "time":
                section.blocks.append(charts.interval_dots(
                    equity, charts.labels_of(equity["group"]), "equity_ratio", "ci_low",
                    "ci_high", title + ", with 95% intervals", "Equity ratio (1 = fair share)",
                    1.0, charts.member_type_colours(list(equity["group"])),
                    "a dot left of the dashed line means the group talked less than its "
                    "share of the room; the bar is the 95% interval (none below 3 meetings)."))
            section.blocks.append(human(equity, _EQUITY_COLUMNS, title))
    averages = _ask(call, "meeting_averages", sel)
    section.blocks.append(human(averages, [
        Col("metric", "Figure", "label"), Col("value", "Average per meeting", "percent"),
        Col(("ci_low", "ci_high"), "95% interval", "interval:percent"),
        Col("meetings_n", "Meetings", "count")],
        "Attendance, voice coverage and Gini, averaged over meetings",
        "attendance rate over all meetings; voice coverage and Gini (shown as a percentage "
        "of 1) over observed meetings; each meeting weighs the same."))
    try:
        meetings = _ask(call, "meeting_summary", sel)
    except _Refused:
        section.blocks.append(Note("Each meeting's figures are not available to your role."))
        meetings = pd.DataFrame(columns=["is_observed"])
    observed = meetings[meetings["is_observed"].astype(bool)] if len(meetings) else meetings
    if len(observed):
        section.blocks.append(charts.lines_by_meeting(
            observed, {"voice_coverage": "Voice coverage", "gini_talk": "Gini of talk time"},
            "Voice coverage and inequality of talk at each observed meeting",
            "Per cent (Gini 0-1 as %)",
            "voice coverage is the share of attendees who spoke; the Gini is 0 when everyone "
            "talked equally and near 100% when one person did all the talking."))
    if len(meetings):
        section.blocks.append(human(meetings, [
            Col("held_on", "Date", "date"), Col("cop_id", "CoP"),
            Col("meeting_type", "Type", "label"), Col("mode", "Mode", "label"),
            Col("attendees_n", "Attendees", "count"), Col("expected_n", "Expected", "count"),
            Col("attendance_rate", "Attendance rate", "percent"),
            Col("voice_coverage", "Voice coverage", "percent"),
            Col("gini_talk", "Gini", "ratio"), Col("is_observed", "Observed", "yesno")],
            "Each meeting", "facilitators left out; talk figures blank (–) where the "
            "meeting was not observed."))
    acts = _ask(call, "turn_acts", sel)
    if len(acts):
        section.blocks.append(human(acts, [
            Col("member_type", "Member type", "label"), Col("act", "Kind of turn", "label"),
            Col("turns_n", "Turns", "count"), Col("share", "Share of the type's coded turns",
                                                  "percent")],
            "What kind of turns each member type takes"))
    return section


def _modes(call: Caller, sel: Selection) -> Section:
    section = Section("In person versus online", "Each figure for in-person and online "
                      "meetings, the difference (online − in person) and its 95% interval "
                      "(meetings resampled within each mode). Hybrid meetings are compared "
                      "apart, in the room against remote.")
    comparison = _ask(call, "mode_comparison", sel)
    for warning in comparison["warning"].dropna().unique():
        section.blocks.append(Note(warning, "warning"))
    names = [label(m) + (f" ({label(g)})" if isinstance(g, str) else "")
             for m, g in zip(comparison["metric"], comparison["group"], strict=True)]
    if len(comparison) and comparison["difference"].notna().any():
        section.blocks.append(charts.interval_dots(
            comparison, names, "difference", "ci_low", "ci_high",
            "Online minus in person, per figure, with 95% intervals",
            "Difference (online − in person)", 0.0, None,
            "a dot right of the dashed line means the figure is higher online; an interval "
            "that crosses the line means the data cannot tell the two modes apart."))
    if len(comparison):
        section.blocks.append(human(comparison.assign(figure=names), [
            Col("figure", "Figure"), Col("in_person", "In person", "ratio"),
            Col("online", "Online", "ratio"), Col("difference", "Difference", "signed"),
            Col(("ci_low", "ci_high"), "95% interval", "interval:signed"),
            Col("in_person_n", "Meetings in person", "count"),
            Col("online_n", "Meetings online", "count")],
            "In person versus online", "rates and Gini as fractions of 1 (0.25 = 25%)."))
    chat = _ask(call, "chat_by_group", sel)
    if len(chat):
        section.blocks.append(human(chat, [
            Col("mode", "Mode", "label"), Col("member_type", "Member type", "label"),
            Col("chat_messages_n", "Chat messages", "count"),
            Col("attendees_n", "Attendances", "count"),
            Col("chat_rate", "Messages per attendance", "ratio")],
            "Chat messages per attendee, by mode and member type"))
    hybrid = _ask(call, "hybrid_comparison", sel)
    if len(hybrid) and int(hybrid["meetings_n"].fillna(0).max()) > 0:
        for warning in hybrid["warning"].dropna().unique():
            section.blocks.append(Note(warning, "warning"))
        section.blocks.append(human(hybrid, [
            Col("metric", "Figure", "label"), Col("in_room", "In the room", "ratio"),
            Col("remote", "Remote", "ratio"), Col("difference", "Difference", "signed"),
            Col(("ci_low", "ci_high"), "95% interval", "interval:signed"),
            Col("meetings_n", "Hybrid meetings", "count")],
            "Hybrid meetings: in the room versus remote", "difference = remote − in the room."))
    else:
        section.blocks.append(Note("No observed hybrid meetings in this period."))
    return section


def _lay(call: Caller, sel: Selection) -> Section:
    section = Section("Lay members", "Lay members' share of the talk at each observed "
                      "meeting, their attendance, and each lay member's record (pseudonymous "
                      "ids).")
    timeline = _ask(call, "lay_timeline", sel)
    if len(timeline):
        section.blocks.append(human(timeline, [
            Col("held_on", "Date", "date"), Col("cop_id", "CoP"), Col("mode", "Mode", "label"),
            Col("lay_attendees_n", "Lay attendees", "count"),
            Col("lay_talk_share", "Lay share of talk", "percent"),
            Col("lay_equity_ratio", "Lay equity ratio", "ratio")],
            "Lay members at each observed meeting"))
    attendance = _ask(call, "meeting_group", sel, by="member_type", group="lay")
    if len(attendance):
        section.blocks.append(human(attendance, [
            Col("held_on", "Date", "date"), Col("meeting_type", "Type", "label"),
            Col("attendees_n", "Lay attendees", "count"),
            Col("expected_n", "Lay members expected", "count"),
            Col("attendance_rate", "Attendance rate", "percent")],
            "Lay members' attendance at each meeting"))
    try:
        members = _ask(call, "lay_members", sel)
    except _Refused:
        section.blocks.append(Note("Each lay member's record is not available to your role."))
        return section
    if members.empty:
        section.blocks.append(Note("No lay members in this selection."))
        return section
    section.blocks.append(human(members, [
        Col("member_id", "Member"), Col("role", "Role", "label"),
        Col("meetings_expected_n", "Expected", "count"),
        Col("meetings_attended_n", "Attended", "count"),
        Col("attendance_rate", "Rate", "percent"),
        Col("preparation_attended_n", "Preparation", "count"),
        Col("chaired_n", "Chaired", "count"),
        Col("talk_s", "Talk (s)", "count"), Col("stopped_coming", "Stopped", "yesno")],
        "Each lay member", "expected and attended: meetings; rate: attended ÷ expected; "
        "preparation: sessions attended; chaired: meetings chaired; stopped: attended "
        "before, still a member, absent from the last three CoP meetings they were "
        "expected at."))
    return section


def _surveys(call: Caller, sel: Selection, k: int) -> Section:
    section = Section("Surveys", f"Scores by wave, member type and scale. Any group with "
                      f"fewer than {k} respondents is hidden (and, where one group is hidden "
                      "and the total shown, the next smallest too), so that no one can be "
                      "identified: hidden groups show no figure at all.")
    summary = _ask(call, "survey_summary", sel, by="member_type")
    if summary.empty:
        section.blocks.append(Note("No survey responses in this period."))
        return section
    titles = _ask(call, "instruments")
    names = dict(zip(titles["instrument_id"], titles["title"], strict=False)) if len(titles) else {}
    for instrument in sorted(summary["instrument_id"].unique()):
        rows = summary[summary["instrument_id"] == instrument]
        section.blocks.append(_score_table(rows, k, names.get(instrument, instrument)))
        items = _ask(call, "survey_item_distribution", sel, instrument_id=instrument)
        shown = items[~items["suppressed"].astype(bool)] if len(items) else items
        if len(shown):
            wide = shown.assign(answer=shown["value"].astype(int).astype(str) + " " + shown["label"]) \
                .pivot_table(index=["item_id", "member_type"], columns="answer", values="share",
                             aggfunc="first").reset_index()
            answers = [c for c in wide.columns if c not in ("item_id", "member_type")]
            section.blocks.append(human(wide, [
                Col("item_id", "Item"), Col("member_type", "Member type", "label"),
                *[Col(a, a, "percent") for a in answers]],
                f"{names.get(instrument, instrument)}: answers per item (share of the type's "
                "respondents)", f"item × member type cells under {k} respondents are left out."))
    return section


_SURVEY_GROUPS = ("all", "lay", "clinical", "non_clinical")


def _score_cell(row: pd.Series, k: int) -> str:
    """One group's score as text; a suppressed cell says only why it is hidden."""
    if bool(row["suppressed"]):
        return f"fewer than {k} responses" if row["n"] < k else "hidden (protects a smaller group)"
    interval = (f" ({fmt(row['ci_low'], 'decimal1')} to {fmt(row['ci_high'], 'decimal1')})"
                if pd.notna(row["ci_low"]) else "")
    return (f"{fmt(row['mean'], 'decimal1')}{interval}; n {fmt(row['n'], 'count')}; "
            f"{fmt(row['share_agreeing'], 'percent')} agree")


def _score_table(rows: pd.DataFrame, k: int, title: str) -> Table:
    """One row per wave and scale, one column per group: mean (95% interval), n, share
    agreeing, or the reason a cell is hidden (no figure of it, not even its n)."""
    groups = [g for g in _SURVEY_GROUPS if g in set(rows["group"])]
    groups += sorted(set(rows["group"]) - set(groups))
    cells = {}
    for (wave, scale), part in rows.groupby(["wave", "scale"], sort=True):
        by_group = {g: _score_cell(r, k) for g, (_, r) in zip(part["group"], part.iterrows(), strict=True)}
        cells[(wave, scale)] = by_group
    frame = pd.DataFrame(
        [{"Wave": wave, "Scale": label(scale), **{label(g): found.get(g, "no responses")
                                                   for g in groups}}
         for (wave, scale), found in cells.items()])
    return Table(f"{title}: mean score (95% interval), respondents and share agreeing", frame,
                 "agree = score above the middle of the scale; a hidden group shows no figure.")


def _cost(call: Caller, sel: Selection) -> Section:
    section = Section("Cost and value", "Direct cost from the finance export; time cost "
                      "values members' hours at the rates below; full economic cost is the "
                      "two together.")
    try:
        totals = _ask(call, "cost_totals", sel)
    except _Refused:
        section.blocks.append(Note("Costs are not available to your role."))
        return section
    row = totals.iloc[0]
    figures = [("Direct cost", row["direct_cost_gbp"], "money"),
               ("of which overheads (no meeting)", row["overhead_cost_gbp"], "money"),
               ("Time cost", row["time_cost_gbp"], "money"),
               ("Full economic cost", row["full_cost_gbp"], "money"),
               ("Meetings", row["meetings_n"], "count"),
               ("Direct cost per meeting", row["direct_cost_per_meeting_gbp"], "money"),
               ("Full economic cost per meeting", row["full_cost_per_meeting_gbp"], "money"),
               ("Attendee hours", row["attendee_hours"], "count"),
               ("Direct cost per attendee hour", row["cost_per_attendee_hour_gbp"], "money2"),
               ("Recommendations implemented", row["implemented_n"], "count"),
               ("Full cost per implemented recommendation", row["cost_per_implemented_gbp"],
                "money")]
    section.blocks.append(Table("Cost figures", pd.DataFrame(
        {"Figure": [f[0] for f in figures], "Value": [fmt(f[1], f[2]) for f in figures]}),
        "", ("Value",)))
    categories = _ask(call, "cost_by_category", sel)
    if len(categories):
        section.blocks.append(charts.bars(
            [f"{label(c)} ({cop})" if len(set(categories["cop_id"])) > 1 else label(c)
             for c, cop in zip(categories["category"], categories["cop_id"], strict=True)],
            list(categories["amount_gbp"].astype(float)), "Direct cost by category",
            "Direct cost (£)", money=True, how_to_read="the longest bar is where most of the "
            "money went."))
    months = _ask(call, "cost_by_month", sel, per_cop=False)
    if len(months):
        section.blocks.append(charts.stacked_by_month(
            months, "Direct cost by month and category", "Direct cost (£)",
            "each bar is one month's spending, split by category (the figures per month and "
            "category: the Cost page's download, or `copdash export`)."))
    meetings = _ask(call, "meeting_cost", sel)
    if len(meetings):
        section.blocks.append(human(meetings, [
            Col("held_on", "Date", "date"), Col("cop_id", "CoP"), Col("mode", "Mode", "label"),
            Col("direct_cost_gbp", "Direct cost", "money"),
            Col("attendee_hours", "Attendee hours", "decimal1"),
            Col("time_cost_gbp", "Time cost", "money"),
            Col("full_cost_gbp", "Full cost", "money")],
            "Cost of each meeting (overheads apart)"))
    modes = _ask(call, "mode_cost", sel)
    if len(modes):
        section.blocks.append(human(modes, [
            Col("mode", "Mode", "label"), Col("meetings_n", "Meetings", "count"),
            Col("direct_cost_gbp", "Meeting-linked direct cost", "money"),
            Col("attendee_hours", "Attendee hours", "decimal1"),
            Col("cost_per_attendee_hour_gbp", "Per attendee hour", "money2")],
            "Direct cost per attendee hour, in person versus online"))
    rates = _ask(call, "time_rates_used", sel)
    if len(rates):
        section.blocks.append(human(rates, [
            Col("member_type", "Member type", "label"), Col("role", "Role", "label"),
            Col("valid_from", "Valid from", "date"),
            Col("hourly_rate_gbp", "Hourly rate", "money2"), Col("source", "Source"),
            Col("attendance_rows", "Attendances", "count")],
            "Rates used to value members' time"))
    missing = _ask(call, "missing_rates", sel)
    if len(missing):
        section.blocks.append(Note(f"{fmt(row['missing_rate_rows'], 'count')} attendance(s) "
                                   "have no hourly rate and count as £0 of time.", "warning"))
        section.blocks.append(human(missing, [
            Col("member_type", "Member type", "label"), Col("role", "Role", "label"),
            Col("held_on", "Meeting date", "date"),
            Col("attendance_rows", "Attendances", "count")], "Attendances without a time rate"))
    return section


def _uptake(call: Caller, sel: Selection) -> Section:
    section = Section("Recommendation uptake", "Each recommendation at each site moves "
                      "through proposed, agreed, in progress, implemented and sustained (or is "
                      "dropped); status as of the end of the period.")
    funnel = _ask(call, "uptake_funnel", sel)
    if funnel.empty or int(funnel["pairs_n"].max()) == 0:
        section.blocks.append(Note("No recommendation statuses in this period."))
        return section
    section.blocks.append(charts.bars(
        [label(s) for s in funnel["stage"]], list(funnel["pairs_n"]),
        "Recommendation × site pairs reaching each stage", "Pairs",
        how_to_read="a pair counts at every stage it reached; the narrowing shows where "
        "recommendations stall."))
    status = _ask(call, "uptake_status", sel)
    section.blocks.append(human(status, [Col("status", "Status now", "label"),
                                         Col("pairs_n", "Pairs", "count")],
                                "Pairs by their latest status"))
    timing = _ask(call, "time_to_implementation", sel)
    section.blocks.append(human(timing, [
        Col("pairs_n", "Pairs implemented", "count"), Col("median_days", "Median days", "days"),
        Col("min_days", "Fewest days", "days"), Col("max_days", "Most days", "days")],
        "Time from first record to implementation"))
    pairs = _ask(call, "uptake", sel)
    if len(pairs):
        section.blocks.append(human(pairs, [
            Col("recommendation_id", "Rec."), Col("title", "Recommendation"),
            Col("site", "Site"), Col("latest_status", "Status", "label"),
            Col("latest_on", "Since", "date"),
            Col("days_to_implemented", "Days to implemented", "days")],
            "Each recommendation at each site"))
    decided = _ask(call, "recommendation_meetings", sel)
    if len(decided):
        section.blocks.append(human(decided, [
            Col("recommendation_id", "Rec."), Col("site", "Site"),
            Col("status", "Status", "label"), Col("held_on", "Meeting", "date"),
            Col("mode", "Mode", "label"), Col("attendees_n", "Attendees", "count"),
            Col("lay_talk_share", "Lay share of talk", "percent"),
            Col("lay_equity_ratio", "Lay equity ratio", "ratio")],
            "Where recommendations were decided"))
    return section


def _quality(call: Caller, sel: Selection, audit: AuditCaller | None, loaded: str) -> Section:
    section = Section("Data quality", f"The data were last loaded on {loaded}. Every file is "
                      "checked against its data contract; rows that break a rule are kept "
                      "aside (quarantined) with the reason, never loaded half-way.")
    counts = _ask(call, "meeting_counts", sel).iloc[0]
    section.blocks.append(Note(
        f"{fmt(counts['observed_n'], 'count')} of the {fmt(counts['meetings_n'], 'count')} "
        "meetings in this selection were observed (had speaking turns recorded); talk "
        "figures describe those meetings only."))
    quality = _ask(call, "data_quality", sel)
    unobserved = quality[~quality["is_observed"].astype(bool)] if len(quality) else quality
    if len(unobserved):
        section.blocks.append(human(unobserved, [
            Col("held_on", "Date", "date"), Col("cop_id", "CoP"),
            Col("meeting_type", "Type", "label"), Col("mode", "Mode", "label"),
            Col("present_n", "Present", "count"),
            Col("present_without_times_n", "Present without times", "count")],
            "Meetings without observations"))
    if audit is not None:
        latest = audit("load_freshness")
        if isinstance(latest, pd.DataFrame) and len(latest):
            section.blocks.append(human(latest, [
                Col("last_loaded_at", "Loaded", "date"), Col("files_n", "Files", "count"),
                Col("rows_read", "Rows read", "count"), Col("rows_loaded", "Rows loaded", "count"),
                Col("rows_quarantined", "Rows quarantined", "count")], "The latest load"))
        stored = audit("row_counts")
        if isinstance(stored, pd.DataFrame) and len(stored):
            section.blocks.append(human(stored, [
                Col("dataset", "Dataset"), Col("rows", "Rows stored", "count"),
                Col("quarantined", "Rows in quarantine", "count")],
                "Rows stored and quarantined, per dataset (whole database)",
                "quarantined rows are listed, with the reason, by `copdash quarantine` and on "
                "the Data quality page."))
    return section


# ---------------------------------------------------------------- issue 16: turn-taking, fairness

_TURN_HOW_TO_READ = (
    "each cell is the floor passing from the member type on the left to the type along the "
    "top: the number is how often it happened, in brackets how often random mixing would "
    "give. Blue cells happen more often than chance, vermillion cells less, white about as "
    "often; grey hatched cells had nothing expected (a type that never spoke). Facilitators "
    "and small-group work are left out; one person's run of turns counts once.")


def _turn_taking(call: Caller, sel: Selection) -> Section:
    """Who takes the floor after whom against random mixing (heat map and table), the
    share of each type's turns responded to, and who answers questions and challenges."""
    section = Section("Who responds to whom", "The order of the turns of the whole group at "
                      "observed meetings: who takes the floor after whom, against what "
                      "random mixing would give (each type's share of the turns), pooled "
                      "over meetings with 95% intervals (meetings resampled).")
    response, notes = _ask(call, "turn_response_and_notes", sel)
    for note in notes:
        section.blocks.append(Note(note))
    transitions = _ask(call, "turn_transitions", sel)
    meetings = int(transitions["meetings_n"].max()) if len(transitions) else 0
    if meetings == 0:
        if not section.blocks:
            section.blocks.append(Note("No observed meeting had one member take the floor "
                                       "after another, so there are no transitions to count."))
        return section
    section.blocks.append(charts.transition_heatmap(
        transitions, "Who takes the floor after whom: transitions seen (expected by chance)",
        _TURN_HOW_TO_READ + f" n = {_meetings(meetings, 'observed meeting')}."))
    if meetings < 3:
        section.blocks.append(Note(f"Based on {_meetings(meetings)}: too few for a 95% "
                                   "interval (3 are needed).", "warning"))
    section.blocks.append(human(transitions, [
        Col("from_member_type", "Turn taken by", "label"),
        Col("to_member_type", "Next turn taken by", "label"),
        Col("transitions_n", "Seen", "count"),
        Col("expected_n", "Expected by chance", "decimal1"),
        Col("ratio", "Seen ÷ expected", "ratio"),
        Col(("ci_low", "ci_high"), "95% interval", "interval:ratio"),
        Col("meetings_n", "Meetings", "count")],
        "Transitions of the floor, seen and expected by chance",
        "expected = this type's turns handed on × the next type's turns taken ÷ all "
        "transitions, per meeting, summed; seen ÷ expected above 1 means the pair follows "
        "each other more often than chance; – where nothing was expected."))
    lay = response[response["member_type"] == "lay"]
    if len(lay) and pd.notna(lay["response_share"].iloc[0]):
        row = lay.iloc[0]
        interval = (f"95% interval {fmt(row['ci_low'], 'percent')} to "
                    f"{fmt(row['ci_high'], 'percent')}" if pd.notna(row["ci_low"])
                    else "no interval: too few meetings")
        section.blocks.append(Note(
            f"{fmt(row['responded_n'], 'count')} of lay members' "
            f"{fmt(row['turns_with_next_n'], 'count')} turns with a next turn were followed, "
            f"within the next two turns, by someone of another member type: "
            f"{fmt(row['response_share'], 'percent')} ({interval}, "
            f"{_meetings(int(row['meetings_n']))})."))
    elif len(lay):
        section.blocks.append(Note("No lay member's turn had a turn after it, so the share of "
                                   "lay members' turns responded to cannot be given."))
    section.blocks.append(human(response, [
        Col("member_type", "Member type", "label"),
        Col("turns_with_next_n", "Turns with a next turn", "count"),
        Col("responded_n", "Responded to", "count"),
        Col("response_share", "Share responded to", "percent"),
        Col(("ci_low", "ci_high"), "95% interval", "interval:percent"),
        Col("meetings_n", "Meetings", "count")],
        "Turns responded to by another member type",
        "responded to: turn k+1 or k+2 was taken by someone of another member type."))
    answers = _ask(call, "turn_answers", sel)
    if answers.empty:
        section.blocks.append(Note("No question or challenge is coded in these meetings (the "
                                   "act column of speaking_turns.csv), so who answers them "
                                   "cannot be shown."))
        return section
    section.blocks.append(human(answers, [
        Col("member_type", "Asked by", "label"), Col("act", "Kind of turn", "label"),
        Col("answered_by", "Answered by", "label"), Col("turns_n", "Turns", "count"),
        Col("share", "Share of these turns", "percent")],
        "Who answers questions and challenges",
        "answered by: the member type of the next turn of the whole group; none: nobody "
        "took the floor after it."))
    return section


def _meetings(n: int, word: str = "meeting") -> str:
    return f"1 {word}" if n == 1 else f"{fmt(n, 'count')} {word}s"


def _counted(n: object, unit: str) -> str:
    """'16 meetings', '1 member': a count and its unit (plural in the API's n_unit)."""
    return _meetings(int(n), unit[:-1]) if unit.endswith("s") else f"{fmt(n, 'count')} {unit}"


_COMPARISONS = {
    "raw": "Raw: all online v all in-person meetings",
    "within_member": "Within-member: the same people in each mode",
    "adjusted": "Adjusted: same CoP, meeting type, size and time",
}
_WITHIN_METRICS = {"talk_share": "share of talk", "equity_ratio": "equity ratio"}


def _fair(call: Caller, sel: Selection) -> Section:
    """Raw, within-member and adjusted online - in person differences in lay members'
    equity ratio side by side, with the reason they differ; the within-member table."""
    section = Section("A fair comparison of online and in person", "The raw difference "
                      "mixes the mode with who came, which CoP met, the kind and size of "
                      "meeting and the time (a move online during Covid-19). Two fairer "
                      "figures stand beside it: the same members in each mode, and an "
                      "estimate adjusted for the CoP, meeting type, group size and time.")
    within_all = _ask(call, "within_member", sel)
    # fair_comparison from its parts, so a caching caller (the dashboard) works each out once
    frame = side_by_side(_ask(call, "mode_comparison", sel), within_all,
                         _ask(call, "adjusted_mode_effect", sel, group="lay"), "lay")
    names = [_COMPARISONS.get(c, label(c)) for c in frame["comparison"]]
    for note in frame["note"].dropna().unique():
        section.blocks.append(Note(note, "warning"))
    known = frame["difference"].notna()
    if not known.any():
        section.blocks.append(Note("Lay members' equity ratio cannot be compared between in "
                                   "person and online in this selection: none of the three "
                                   "comparisons could be worked out (the notes above say why)."))
    else:
        section.blocks.append(Note(str(frame["explanation"].iloc[0])))
        shown = frame[known].reset_index(drop=True)
        section.blocks.append(charts.interval_dots(
            shown, [f"{_COMPARISONS.get(c, label(c))} (n = {_counted(n, unit)})"
                    for c, n, unit in zip(shown["comparison"], shown["n"], shown["n_unit"],
                                          strict=True)],
            "difference", "ci_low", "ci_high",
            "Lay equity ratio, online minus in person: three ways of comparing",
            "Online − in person (equity ratio)", 0.0, None,
            "each dot is one way of comparing the modes; a dot right of the dashed line means "
            "lay members had a larger share of the talk online. The bar is the 95% interval; "
            "a bar crossing the dashed line means the data cannot tell the modes apart."))
    section.blocks.append(human(frame.assign(
        figure=names, based_on=[_counted(n, u) for n, u in
                                zip(frame["n"], frame["n_unit"], strict=True)]), [
        Col("figure", "Comparison"), Col("difference", "Online − in person", "signed"),
        Col(("ci_low", "ci_high"), "95% interval", "interval:signed"),
        Col("based_on", "Based on")],
        "Lay equity ratio, online minus in person, three ways",
        "raw: the In person versus online section's difference; within-member: the mean of "
        "each member's own difference (95% t interval); adjusted: a model's estimate with "
        "the CoP as a random effect, or CoPs as fixed effects where the notes say so."))
    within = within_all[within_all["members_n"] > 0]
    if within.empty:
        return section
    for metric, title in _WITHIN_METRICS.items():
        rows = within[within["metric"] == metric]
        if rows.empty:
            continue
        rows = rows.assign(group=["All members" if g == "all" else label(g)
                                  for g in rows["group"]], note=rows["note"].fillna(""))
        section.blocks.append(human(rows, [
            Col("group", "Group"), Col("members_n", "Members in both modes", "count"),
            Col("in_person", "In person", "ratio"), Col("online", "Online", "ratio"),
            Col("difference", "Online − in person", "signed"),
            Col(("ci_low", "ci_high"), "95% interval", "interval:signed"),
            Col("note", "Note")],
            f"The same members in each mode: {title}",
            "members who attended observed meetings of both modes; the mean of their figures "
            "in each mode (shares as fractions of 1: 0.25 = 25%) and of their own "
            "differences, online − in person, with a 95% t interval."))
    return section


# ---------------------------------------------------------------- issue 16: exclusion, funnels

_SIGNAL_WORDS = {"within": "inside", "above_95": "above 95%", "below_95": "below 95%",
                 "above_998": "above 99.8%", "below_998": "below 99.8%"}
_FUNNEL_METRICS = {"lay_equity_ratio": ("Lay equity ratio", "ratio"),
                   "voice_coverage": ("Voice coverage", "percent")}
_FUNNEL_AXES = {"lay_equity_ratio": ("Observed talk (voice turns)", "Lay equity ratio"),
                "voice_coverage": ("Attendances at observed meetings", "Voice coverage")}
_FUNNEL_HOW_TO_READ = (
    "each mark is one CoP: its figure (up) against the amount of observed data behind it "
    "(across, on a log scale). The dashed line is the programme's figure; the dotted lines "
    "are the 95% limits and the solid lines the 99.8% limits. The limits narrow as data "
    "grows, so a small CoP far from the dashed line may be chance; a CoP outside the solid "
    "lines (a named square) is unlikely to be, and worth a conversation.")
_FUNNEL_UNITS = {"lay_equity_ratio": "Voice turns", "voice_coverage": "Attendances"}
_FUNNEL_TABLE_MAX = 30  # more CoPs than this: those inside the 95% limits are counted, not listed
_MOVE_NOTES_MAX = 5  # more CoPs without a move online than this: one sentence for them all
_EXCLUSION_BREAKDOWNS = {"member_type": "member type", "age_band": "age band",
                         "deprivation_quintile": "deprivation quintile (1 = most deprived)"}


def _hidden_because(note: object) -> str:
    """The API's suppression note as a sentence: 'Hidden: fewer than 5 members', 'Hidden so
    that a group ... cannot be worked out from the total'."""
    text = str(note)
    return text[:1].upper() + text[1:] if text.startswith("hidden") else f"Hidden: {text}"


def _exclusion_table(summary: pd.DataFrame, name: str, k: int) -> Table:
    """One breakdown of digital_exclusion; a suppressed group shows no figure, not even its
    number of members, only why it is hidden."""
    hidden = summary["suppressed"].fillna(False).astype(bool)
    shown = summary.assign(
        group=["All members" if g == "all" else label(g) for g in summary["group"]],
        members_n=summary["members_n"].where(~hidden),
        note=[_hidden_because(n) if h else "" for n, h in zip(summary["note"], hidden, strict=True)])
    return human(shown, [
        Col("group", "Group"), Col("members_n", "Members", "count"),
        Col("no_online_n", "No online meeting", "count"),
        Col("far_fewer_n", "Far fewer", "count"),
        Col("excluded_share", "Share", "percent"), Col("note", "Note")],
        f"Digital exclusion by {name}",
        f"members: came in person before the move and were members after it; far fewer: "
        f"online attendance rate below half the in-person one; share: both together, of the "
        f"members; groups of fewer than {k} members are hidden (and one more where the total "
        f"would give a hidden group away), with no figure at all.")


def _programme(call: Caller, sel: Selection, k: int) -> Section:
    """Digital exclusion after a move online (suppressed breakdown; the member list for
    roles that may read member-level rows) and each CoP against the funnel's limits."""
    section = Section("Digital exclusion and CoPs side by side",
                      "Members who came in person and then to no online meeting, or far "
                      "fewer, once their CoP moved online; and each CoP's lay equity ratio "
                      "and voice coverage against the programme's, with 95% and 99.8% "
                      "control limits for the amount of data behind it.")
    moves = _ask(call, "online_moves", sel)
    unmoved = moves[moves["note"].notna()] if len(moves) else moves
    if len(unmoved) > _MOVE_NOTES_MAX:  # a programme of many CoPs: one sentence, not one each
        named = (": " + ", ".join(str(c) for c in unmoved["cop_id"])
                 if len(unmoved) <= 3 * _MOVE_NOTES_MAX else "")
        section.blocks.append(Note(
            f"{fmt(len(unmoved), 'count')} of the {fmt(len(moves), 'count')} CoPs did not "
            f"move online in this selection (they met only in person, only online, or online "
            f"only before meeting in person), so they have no one to look at here{named}."))
    else:
        for note in unmoved["note"] if len(unmoved) else []:
            section.blocks.append(Note(note))
    looked_at = False
    for by, name in _EXCLUSION_BREAKDOWNS.items():
        summary = _ask(call, "digital_exclusion", sel, by=by, k=k)
        if summary.empty:
            break  # nobody to look at: the same for every breakdown
        looked_at = True
        section.blocks.append(_exclusion_table(summary, name, k))
    if not looked_at:
        section.blocks.append(Note("No member came in person before a move online in this "
                                   "selection, so there is no one to compare."))
    else:
        try:
            members = _ask(call, "digital_exclusion_members", sel)
        except _Refused:
            section.blocks.append(Note("Each member's record is not available to your role."))
        else:
            excluded = members[members["exclusion_status"] != "kept_coming"]
            if len(excluded):
                section.blocks.append(human(excluded, [
                    Col("member_id", "Member"), Col("cop_id", "CoP"),
                    Col("member_type", "Type", "label"),
                    Col("in_person_rate", "In person before", "percent"),
                    Col("online_rate", "Online after", "percent"),
                    Col("exclusion_status", "After the move", "label")],
                    "Members who stopped or came far less after the move online",
                    "rates: meetings attended ÷ meetings expected (member-level data)."))
    funnel = _ask(call, "cop_funnel", sel)
    if funnel.empty:
        section.blocks.append(Note("No observed meetings: no CoP to compare."))
        return section
    if funnel["cop_id"].nunique() < 2:
        section.blocks.append(Note(str(funnel["note"].dropna().iloc[0])))
        return section
    curve = _ask(call, "funnel_curve", sel)
    for metric, (title, kind) in _FUNNEL_METRICS.items():
        rows = funnel[funnel["metric"] == metric]
        if rows["value"].isna().all():
            section.blocks.append(Note("No lay member attended the observed meetings of any "
                                       "CoP in the selection, so there is no lay equity ratio "
                                       "to compare."))
            continue
        x_label, y_label = _FUNNEL_AXES[metric]
        section.blocks.append(charts.funnel_plot(
            rows, curve[curve["metric"] == metric], f"{title} of each CoP against the amount "
            "of data behind it", x_label, y_label, percent=kind == "percent",
            how_to_read=_FUNNEL_HOW_TO_READ))
        rows = rows.assign(signal=rows["signal"].map(_SIGNAL_WORDS))
        listed = rows
        if len(rows) > _FUNNEL_TABLE_MAX:
            listed = rows[rows["signal"] != _SIGNAL_WORDS["within"]]
            inside = (f"All {fmt(len(rows), 'count')} CoPs are" if listed.empty else
                      f"{fmt(len(rows) - len(listed), 'count')} of the "
                      f"{fmt(len(rows), 'count')} CoPs are")
            section.blocks.append(Note(
                f"{inside} inside the 95% limits for the {title.lower()}"
                + ("" if listed.empty else " and are not listed below")
                + " (the Overview page's download lists every CoP)."))
            if listed.empty:
                continue
        # tables.human itself: the CoP column stays when only one CoP is listed
        section.blocks.append(_human(listed, [
            Col("cop_id", "CoP"), Col("value", title, kind),
            Col("n", _FUNNEL_UNITS[metric], "count"),
            Col("target", "Programme", kind), Col(("low_95", "high_95"), "95% limits",
                                                  f"interval:{kind}"),
            Col(("low_998", "high_998"), "99.8% limits", f"interval:{kind}"),
            Col("signal", "Against the limits")],
            f"{title} of each CoP against the funnel's limits",
            f"{_FUNNEL_UNITS[metric].lower()} at the CoP's observed meetings; the limits are "
            "those for that amount of data."))
    return section


# ---------------------------------------------------------------- the whole report


def build_report(call: Caller, sel: Selection, *, audience: str = "steering",
                 audit: AuditCaller | None = None, k: int | None = None,
                 progress: Progress | None = None, today: dt.date | None = None) -> Report:
    """The report for `sel` (its CoPs and dates), for `audience` (steering: page 1 only;
    evaluator: page 1 and the evaluator pages), every figure asked of `call`.

    `audit(name, **params)` reads the load audit (pipelines.audit: load_freshness,
    row_counts); `k` is the survey suppression threshold (settings.min_group_size);
    `progress(done, total, message)` is called as parts are ready."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}")
    if k is None:
        from pipelines.settings import get_settings

        k = get_settings().min_group_size
    parts = ["summary", "trend", "in person and online", "surveys", "recommendations and cost"]
    if audience == "evaluator":
        parts += ["participation", "who responds to whom", "in person versus online",
                  "a fair comparison", "lay members", "surveys", "cost", "uptake",
                  "data quality", "exclusion and CoPs side by side"]
    total, done = len(parts), [0]

    def step(message: str) -> None:
        if progress is not None:
            progress(done[0], total, message)
        done[0] += 1

    step("summary")
    communities = _ask(call, "communities")
    counts = _ask(call, "meeting_counts", sel).iloc[0]
    loaded = _loaded(audit)
    report = Report(
        title="Are lay members heard?",
        cops=_cop_names(communities, sel), period=_period(sel, counts["last_held_on"]),
        audience=audience, made_on=today or dt.date.today(), loaded=loaded,
        summary=Summary(), k=k)
    if int(counts["meetings_n"]) == 0:
        report.empty = ("There were no meetings in this period for the CoP chosen, so there "
                        "is nothing to report. Check the dates (the period is by meeting "
                        "date) or load the meetings with `copdash load FOLDER`.")
        if progress is not None:
            progress(total, total, "done")
        return report
    report.summary = _summary(call, sel, k, step)
    if audience == "evaluator":
        builders = [("participation", lambda: _participation(call, sel)),
                    ("who responds to whom", lambda: _turn_taking(call, sel)),
                    ("in person versus online", lambda: _modes(call, sel)),
                    ("a fair comparison", lambda: _fair(call, sel)),
                    ("lay members", lambda: _lay(call, sel)),
                    ("surveys", lambda: _surveys(call, sel, k)),
                    ("cost", lambda: _cost(call, sel)),
                    ("uptake", lambda: _uptake(call, sel)),
                    ("data quality", lambda: _quality(call, sel, audit, loaded)),
                    ("exclusion and CoPs side by side", lambda: _programme(call, sel, k))]
        for message, build in builders:
            step(message)
            try:
                report.sections.append(build())
            except _Refused:
                report.sections.append(Section(message.capitalize(), "Not available to "
                                               "your role."))
        report.definitions = definitions()
    if progress is not None:
        progress(total, total, "done")
    return report
