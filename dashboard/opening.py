"""What each page says first: two or three plain sentences from the page's own figures, for
the person the page is for, before any chart (docs/dashboard.md, "Who it is for").

Every figure comes from the metrics API through `queries` (the same cached calls as the
charts below them); every sentence comes from `pipelines.narrative`, hedged as the printed
report is: no conclusion when the 95% interval includes parity (or no difference), softer
words when the interval is wide or the meetings few, nothing said below the API's minimum.
A call the viewer's role may not make (PermissionError, issue 13) gives a sentence saying
so instead of its figure.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from dashboard import queries
from dashboard.charts import group_label
from pipelines import narrative
from pipelines.metrics import Selection

__all__ = ["cost", "data_quality", "lay_members", "modes", "overview", "participation",
           "surveys", "uptake"]

_REFUSED = "Some figures are not available to your role."


def _said(*parts: Callable[[], list[str] | str]) -> list[str]:
    """The sentences of each part, in order; a part the viewer's role may not read says so."""
    sentences: list[str] = []
    for part in parts:
        try:
            said = part()
        except PermissionError:
            said = _REFUSED
        sentences += [said] if isinstance(said, str) else said
    return list(dict.fromkeys(sentences))  # "not available" once, however many parts


def _row(frame: pd.DataFrame, **where: object) -> dict:
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return frame.iloc[0].to_dict() if len(frame) else {}


def _figure(row: dict, value: str = "equity_ratio", n: str = "meetings_n") -> narrative.Figure:
    return narrative.Figure.of(row.get(value), row.get("ci_low"), row.get("ci_high"), row.get(n, 0))


def _lay_equity(sel: Selection) -> dict:
    return _row(queries.call("pooled_equity", sel, by="member_type", basis="time"), group="lay")


def _average(sel: Selection, metric: str) -> narrative.Figure:
    return _figure(_row(queries.call("meeting_averages", sel), metric=metric), "value")


def _attendance(sel: Selection) -> str:
    counts = queries.call("meeting_counts", sel).iloc[0]
    return narrative.attendance_sentence(counts["meetings_n"], counts["observed_n"],
                                         _average(sel, "attendance_rate"))


def overview(sel: Selection) -> list[str]:
    """For programme managers: meetings held and attendance; are lay members heard."""
    return _said(lambda: _attendance(sel),
                 lambda: narrative.group_equity_sentence("Lay members", _figure(_lay_equity(sel))))


def _trend(sel: Selection) -> list[str]:
    timeline = queries.call("lay_timeline", sel)
    if timeline.empty:
        return []
    cut = narrative.halves(pd.to_datetime(timeline["held_on"]).dt.date)
    if cut is None:
        return ["Only one observed meeting date, so there is no trend to show."]
    earlier = _lay_equity(replace(sel, date_to=cut.middle))
    later = _lay_equity(replace(sel, date_from=cut.middle + datetime.timedelta(days=1)))
    return [narrative.trend_sentence(_figure(earlier), _figure(later), cut.earlier, cut.later)]


def lay_members(sel: Selection) -> list[str]:
    """For the steering group: lay members' share of the room and of the talk, whether that
    is fair, and whether it changed (the report's page 1, in the same words)."""
    def voice() -> list[str]:
        lay = _lay_equity(sel)
        return narrative.lay_share_sentences(lay.get("talk_share"), lay.get("attendee_share"),
                                             _figure(lay))
    return _said(voice, lambda: _trend(sel))


def _group_words(group: object, by: str) -> str:
    label = group_label(group)
    if group == "not_recorded":
        return f"Members with no {by.replace('_', ' ')} recorded"
    return {"age_band": f"Members aged {label}",
            "deprivation_quintile": f"Members from quintile {label} areas"}.get(by, f"{label} members")


def participation(sel: Selection, by: str, basis: str) -> list[str]:
    """For everyone: which group is least heard and which most, for the grouping and measure
    chosen; and how many of those present said anything at all."""
    def extremes() -> list[str]:
        equity = queries.call("pooled_equity", sel, by=by, basis=basis).dropna(subset=["equity_ratio"])
        if equity.empty:
            return ["No observed meeting in this selection, so who talks is not known."]
        ordered = equity.sort_values("equity_ratio")
        rows = [ordered.iloc[0]] + ([ordered.iloc[-1]] if len(ordered) > 1 else [])
        return [narrative.group_equity_sentence(_group_words(r["group"], by), _figure(r.to_dict()))
                for r in rows]
    return _said(extremes, lambda: narrative.voice_coverage_sentence(_average(sel, "voice_coverage")))


def _difference(row: dict) -> narrative.Figure:
    """Online − in person with its interval, resting on the fewer meetings of the two modes."""
    return narrative.Figure.of(row["difference"], row["ci_low"], row["ci_high"],
                               min(int(row["in_person_n"] or 0), int(row["online_n"] or 0)))


def modes(sel: Selection) -> list[str]:
    """For programme managers and evaluators: did moving online change lay members' share
    of the talk, and attendance?"""
    def comparison() -> list[str]:
        frame = queries.call("mode_comparison", sel)
        lay = _row(frame, metric="equity_ratio", group="lay")
        said = []
        if lay:
            said.append(narrative.mode_sentence(
                lay["in_person"], lay["online"], _difference(lay), lay["in_person_n"],
                lay["online_n"]))
        rate = frame[frame["metric"] == "attendance_rate"]
        if len(rate):
            row = rate.iloc[0]
            said.append(narrative.difference_sentence(
                "Attendance", "in person", "online", row["in_person"], row["online"],
                _difference(row.to_dict()), row["in_person_n"], row["online_n"]))
        return said or ["No meetings in person or online in this selection."]
    return _said(comparison)


def cost(sel: Selection) -> list[str]:
    """For evaluators: what a meeting costs, and what the money bought."""
    def words() -> list[str]:
        totals = queries.call("cost_totals", sel).iloc[0]
        return [narrative.cost_sentence(totals["direct_cost_per_meeting_gbp"],
                                        totals["full_cost_per_meeting_gbp"], totals["meetings_n"],
                                        totals["overhead_cost_gbp"]),
                narrative.value_sentence(totals["cost_per_attendee_hour_gbp"],
                                         totals["cost_per_implemented_gbp"], totals["implemented_n"])]
    return _said(words)


def uptake(sel: Selection) -> list[str]:
    """For evaluators and steering groups: how many recommendations moved, and how fast."""
    def words() -> list[str]:
        funnel = queries.call("uptake_funnel", sel).set_index("stage")["pairs_n"]
        status = queries.call("uptake_status", sel).set_index("status")["pairs_n"]
        timing = queries.call("time_to_implementation", sel)
        row = timing.iloc[0] if len(timing) else pd.Series(dtype=object)
        return [narrative.uptake_sentence(funnel.get("proposed", 0), status.get("in_progress", 0),
                                          funnel.get("implemented", 0)),
                narrative.implementation_time_sentence(row.get("median_days"), row.get("min_days"),
                                                       row.get("max_days"), row.get("pairs_n", 0))]
    return _said(words)


def surveys(sel: Selection, instrument: str, k: int) -> list[str]:
    """For evaluators and steering groups: the chosen questionnaire's latest wave, whole
    score, for everyone and for lay members (hidden groups said to be hidden, no figure)."""
    def words() -> list[str]:
        rows = queries.call("survey_summary", sel, by="member_type")
        rows = rows[rows["instrument_id"] == instrument]
        if rows.empty:
            return ["No one answered this questionnaire in this selection."]
        scale = "total" if (rows["scale"] == "total").any() else sorted(rows["scale"].unique())[0]
        rows = rows[rows["scale"] == scale]
        wave = sorted(rows["wave"].astype(str).unique())[-1]
        rows = rows[rows["wave"].astype(str) == wave]
        found = queries.call("instruments")
        info = _row(found, instrument_id=instrument) if len(found) else {}
        return narrative.survey_sentences(info.get("title", instrument), f"latest wave, {wave}",
                                          _row(rows, group="all") or None,
                                          _row(rows, group="lay") or None, k,
                                          info.get("scale_min"), info.get("scale_max"))
    return _said(words)


def data_quality() -> list[str]:
    """For whoever keeps the data: what the last load did, and what is left to fix."""
    freshness = queries.audit("load_freshness")
    if not isinstance(freshness, pd.DataFrame) or freshness.empty:
        return []
    last = freshness.iloc[0]
    stamp = pd.Timestamp(last["last_loaded_at"])
    said = [narrative.load_sentence(f"{stamp.day} {stamp:%B %Y} at {stamp:%H:%M}",
                                    last["files_n"], last["rows_read"], last["rows_quarantined"])]
    waiting = int(queries.audit("quarantine_count"))
    if waiting and waiting != int(last["rows_quarantined"]):
        said.append(f"Across all loads, {waiting:,} quarantined row{'' if waiting == 1 else 's'} "
                    "still wait to be fixed.")
    return said
