"""Participation: per-meeting figures, pooled equity with intervals, mode comparisons.

Per-meeting figures come straight from the marts (with the facilitator switch); pooling and
intervals happen here, in numpy, because a cluster bootstrap is not a SQL job.

At 10M turns the selections hold tens of thousands of meetings (200k meeting x group rows),
so the pooled figures avoid pandas sorting and grouping: rows come in meeting order, and
each group or mode is a mask over float arrays converted once (`_arrays`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.metrics import bootstrap as bs
from pipelines.metrics._sql import covers_all, query
from pipelines.metrics.selection import GROUP_ATTRIBUTES, MEMBER_TYPES, Selection
from pipelines.settings import get_settings

__all__ = [
    "meeting_summary",
    "meeting_counts",
    "meeting_counts_by_cop",
    "meeting_group",
    "meeting_share_grid",
    "pooled_equity",
    "meeting_averages",
    "mode_comparison",
    "hybrid_comparison",
    "lay_timeline",
    "turn_acts",
    "chat_by_group",
    "lay_members",
    "latest_changes",
    "data_quality",
    "small_mode_warning",
]

SUMMARY_COLUMNS = [
    "cop_id", "meeting_id", "held_on", "mode", "meeting_type", "duration_min", "chair_member_id",
    "attendees_n", "expected_n", "attendance_rate", "talk_s", "turns_n", "gini_talk",
    "voice_coverage", "chat_messages_n", "chat_rate", "is_observed",
]
GROUP_COLUMNS = [
    "cop_id", "meeting_id", "held_on", "mode", "meeting_type", "group", "attendees_n",
    "expected_n", "attendance_rate", "talk_s", "turns_n", "talk_share", "attendee_share",
    "equity_ratio", "turn_equity_ratio", "voice_coverage", "voiced_n", "chat_messages_n",
    "chat_rate", "meeting_attendees_n", "meeting_talk_s", "meeting_turns_n", "is_observed",
]
AVERAGED = ("attendance_rate", "gini_talk", "voice_coverage")
MIN_MODE_MEETINGS = 5
# lay_members' default number of recent CoP meetings for "stopped coming": the number
# mart_lay_members is built with (pipelines/marts/113_mart_lay_members.sql)
LAY_RECENT_N = 3


def meeting_summary(con, sel: Selection) -> pd.DataFrame:
    """One row per selected meeting: the columns of mart_meeting_summary (+ chair), in
    held_on then meeting_id order. Columns SUMMARY_COLUMNS, in that order (the SQL lists
    them)."""
    return _by_date(_meeting_stats(con, sel))


def meeting_counts(con, sel: Selection) -> pd.DataFrame:
    """One row: meetings_n, observed_n, chair_recorded_n and last_held_on (NaT when there
    is no meeting): the counts the Overview and Lay members pages show, without fetching
    one row per meeting as meeting_summary does."""
    return query(con, "meeting_counts", sel.params())


def meeting_counts_by_cop(con, sel: Selection) -> pd.DataFrame:
    """meeting_counts per CoP: cop_id, meetings_n, observed_n for each CoP with a selected
    meeting, in cop_id order (a page picks the CoPs it draws a panel for from these)."""
    return query(con, "meeting_counts_by_cop", sel.params())


def _meeting_stats(con, sel: Selection) -> pd.DataFrame:
    """meeting_stats.sql's rows in meeting_id order (sorted in the SQL)."""
    return query(con, "meeting_stats", sel.params())


# The meeting marts are stored in meeting_id (then group) order, and observed_group_sums.sql
# relies on it rather than sorting (an ORDER BY there costs about 15 ms at 10M turns): a
# check in Arrow (about 1 ms for 200k rows) confirms the order, and only rows a later load
# left out of it (an incremental load appends the CoPs it rebuilt) are sorted here.


def _sorted(frame: pd.DataFrame, keys: tuple[str, ...]) -> pd.DataFrame:
    """The rows in order of the text columns `keys` (usually already so)."""
    if not _in_order(frame, keys):
        frame = frame.sort_values(list(keys), kind="stable", ignore_index=True)
    return frame


def _in_order(frame: pd.DataFrame, keys: tuple[str, ...]) -> bool:
    """Whether each row is at or after the one before on `keys` (compared in Arrow: a
    pandas check over 200k strings takes 25 ms)."""
    if len(frame) < 2:
        return True
    ordered = None  # row i+1 >= row i on the keys from this one on
    for key in reversed(keys):
        values = pa.array(frame[key].array, type=pa.string())
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        after, before = values[1:], values[:-1]
        if ordered is None:
            ordered = pc.greater_equal(after, before)
        else:
            ordered = pc.or_(pc.greater(after, before),
                             pc.and_(pc.equal(after, before), ordered))
    return pc.all(ordered).as_py() is True


def _by_date(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in held_on order, keeping their order within a date (a stable sort)."""
    held_on = frame["held_on"].to_numpy()
    if len(frame) > 1 and not (held_on[1:] >= held_on[:-1]).all():
        frame = frame.take(np.argsort(held_on, kind="stable")).reset_index(drop=True)
    return frame


def meeting_group(con, sel: Selection, by: str = "member_type",
                  group: str | None = None) -> pd.DataFrame:
    """One row per selected meeting and group of `by` (zero-filled), with equity ratios, in
    held_on, meeting_id, group order; `group` keeps that group's rows only (the Lay members
    page reads the lay rows: a third of the rows at national scale).

    Columns GROUP_COLUMNS, in that order: the SQL lists them, so no copy is made here."""
    if by not in (*GROUP_ATTRIBUTES, "attended_via"):
        raise ValueError(f"by must be one of {GROUP_ATTRIBUTES}, not {by!r}")
    return query(con, "meeting_group_stats", {**sel.params(), "attribute": by, "group": group})


def meeting_share_grid(con, sel: Selection, by: str = "member_type",
                       step: float = 0.05) -> pd.DataFrame:
    """meeting_group's rows with a share of talk, counted in squares of (share of
    attendees, share of talk) `step` wide: columns group, attendee_share_from,
    talk_share_from (each square's lower edge, 0 to 1) and meetings_n, in that order.

    The Participation page draws these for a large selection: a dot per meeting and group
    is 165,000 dots at 10M turns, which hide one another and take the browser seconds;
    the squares are a few hundred rows and say the same thing (how many meetings fall
    below the line of parity, and how far)."""
    if by not in (*GROUP_ATTRIBUTES, "attended_via"):
        raise ValueError(f"by must be one of {GROUP_ATTRIBUTES}, not {by!r}")
    if not 0 < step <= 1:
        raise ValueError(f"step must be above 0 and at most 1, not {step!r}")
    return query(con, "meeting_share_grid", {**sel.params(), "attribute": by, "step": float(step)})


def _settings() -> tuple[int, int, int]:
    """Resamples, seed, and the meeting count above which intervals are linearised."""
    settings = get_settings()
    return (settings.bootstrap_resamples, settings.bootstrap_seed,
            settings.bootstrap_max_meetings)


def _observed_sums(con, sel: Selection, by: str) -> pd.DataFrame:
    """Observed meetings' rows of meeting_group (only the columns pooling needs), in
    meeting_id order (the order the bootstrap draws meetings in)."""
    if by not in (*GROUP_ATTRIBUTES, "attended_via"):
        raise ValueError(f"by must be one of {GROUP_ATTRIBUTES}, not {by!r}")
    return _sorted(query(con, "observed_group_sums", {**sel.params(), "attribute": by}),
                   ("meeting_id",))


EQUITY_COLUMNS = ("attendees_n", "meeting_attendees_n", "talk_s", "meeting_talk_s",
                  "turns_n", "meeting_turns_n")
Arrays = dict[str, np.ndarray]


def _arrays(frame: pd.DataFrame, columns: tuple[str, ...] = EQUITY_COLUMNS) -> Arrays:
    """The pooled figures' columns as float arrays, converted once per frame."""
    return {column: frame[column].to_numpy(float) for column in columns}


def _take(arrays: Arrays, rows: np.ndarray) -> Arrays:
    """The rows where the boolean mask `rows` is set, order kept (positions, then `take`:
    several times quicker than indexing each column with the mask)."""
    positions = np.flatnonzero(rows)
    return {column: values.take(positions) for column, values in arrays.items()}


def _is(frame: pd.DataFrame, column: str, value: str) -> np.ndarray:
    return (frame[column] == value).to_numpy(bool)


def _basis(basis: str) -> tuple[str, str]:
    return ("talk_s", "meeting_talk_s") if basis == "time" else ("turns_n", "meeting_turns_n")


def _equity_statistic(rows: Arrays, basis: str) -> bs.Statistic:
    """Pooled ratio over the meetings in `rows` (one row per meeting, one group)."""
    talk, total = _basis(basis)
    return bs.pooled_ratio(rows[talk], rows[total], rows["attendees_n"],
                           rows["meeting_attendees_n"])


def pooled_equity(con, sel: Selection, by: str = "member_type", basis: str = "time",
                  intervals: bool = True) -> pd.DataFrame:
    """Pooled equity ratio per group over the observed meetings, with a bootstrap interval.

    A ratio of sums (not a mean of per-meeting ratios): (sum talk_g / sum talk) /
    (sum attendees_g / sum attendees). Columns: group, equity_ratio, ci_low, ci_high,
    meetings_n, too_few, talk_share, attendee_share. intervals=False leaves ci_low and
    ci_high empty (NaN) and skips the bootstrap, for figures shown without an interval.
    """
    if basis not in ("time", "turns"):
        raise ValueError("basis must be 'time' or 'turns'")
    return _pooled_by_group(_observed_sums(con, sel, by), basis, intervals)


def _pooled_by_group(groups: pd.DataFrame, basis: str, intervals: bool = True) -> pd.DataFrame:
    resamples, seed, max_meetings = _settings()
    talk, total = _basis(basis)
    present = set(pd.unique(groups["group"]))
    order = list(MEMBER_TYPES) + sorted(present - set(MEMBER_TYPES))
    arrays = _arrays(groups, ("attendees_n", "meeting_attendees_n", talk, total))
    # rows come in meeting_id order, so each group's rows are too
    parts = {g: _take(arrays, _is(groups, "group", g)) for g in order if g in present}
    shown = list(parts)
    # groups over the same number of meetings share one set of draws (same seed, same n)
    found: dict[object, bs.Estimate] = {}
    for n in sorted({len(parts[g][talk]) for g in shown}):
        same_n = [g for g in shown if len(parts[g][talk]) == n]
        results = bs.estimates([_equity_statistic(parts[g], basis) for g in same_n], n,
                               resamples, seed, intervals=intervals, max_meetings=max_meetings)
        found.update(zip(same_n, results, strict=True))
    rows = []
    for group in shown:
        part, est = parts[group], found[group]
        rows.append({
            "group": group,
            "equity_ratio": est.value,
            "ci_low": est.ci_low,
            "ci_high": est.ci_high,
            "meetings_n": est.meetings_n,
            "too_few": est.too_few,
            "talk_share": _safe_ratio(part[talk].sum(), part[total].sum()),
            "attendee_share": _safe_ratio(part["attendees_n"].sum(),
                                          part["meeting_attendees_n"].sum()),
        })
    columns = ["group", "equity_ratio", "ci_low", "ci_high", "meetings_n", "too_few",
               "talk_share", "attendee_share"]
    return pd.DataFrame(rows, columns=columns)


def _safe_ratio(top: float, bottom: float) -> float:
    return float(top) / float(bottom) if bottom else float("nan")


def _averaged(con, sel: Selection, modes: tuple[str, ...] = ()) -> tuple[Arrays, Arrays]:
    """The AVERAGED columns (float arrays, NaN where blank) and a mask of each of `modes`,
    in meeting_id order (the order the bootstrap draws meetings in): meeting_stats.sql's
    rows, read with only these columns (meeting_averaged.sql)."""
    frame = query(con, "meeting_averaged", sel.params())
    values = {metric: frame[metric].to_numpy(float) for metric in AVERAGED}
    return values, {mode: _is(frame, "mode", mode) for mode in modes}


def _defined(values: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """values (where rows is set) without the blanks, as pandas dropna left them."""
    keep = ~np.isnan(values) if rows is None else rows & ~np.isnan(values)
    return values[keep]


def meeting_averages(con, sel: Selection, intervals: bool = True) -> pd.DataFrame:
    """Attendance rate (all meetings), Gini and voice coverage (observed meetings), each
    averaged over meetings with each meeting weighing the same, with bootstrap intervals
    (intervals=False: values only, ci_low and ci_high NaN, no bootstrap)."""
    resamples, seed, max_meetings = _settings()
    averaged, _ = _averaged(con, sel)
    values = {metric: _defined(averaged[metric]) for metric in AVERAGED}
    found: dict[str, bs.Estimate] = {}
    for n in sorted({len(v) for v in values.values()}):
        same_n = [metric for metric in AVERAGED if len(values[metric]) == n]
        results = bs.estimates([bs.mean_of(values[m]) for m in same_n], n, resamples, seed,
                               intervals=intervals, max_meetings=max_meetings)
        found.update(zip(same_n, results, strict=True))
    rows = [{"metric": metric, "value": found[metric].value, "ci_low": found[metric].ci_low,
             "ci_high": found[metric].ci_high, "meetings_n": found[metric].meetings_n,
             "too_few": found[metric].too_few} for metric in AVERAGED]
    return pd.DataFrame(rows, columns=["metric", "value", "ci_low", "ci_high", "meetings_n",
                                       "too_few"])


def small_mode_warning(first_n: int, second_n: int, first: str, second: str) -> str | None:
    """Plain-language warning when either side has fewer than 5 meetings."""
    if min(first_n, second_n) >= MIN_MODE_MEETINGS:
        return None
    return (f"Only {first_n} {first} and {second_n} {second} meetings: too few to support "
            f"conclusions (at least {MIN_MODE_MEETINGS} of each are needed). Read the "
            "difference as a description of these meetings, not as evidence of an effect.")


def _comparison_rows(items, labels):
    """items: (metric, group, first statistic, first n, second statistic, second n).
    Rows of a comparison; items over the same numbers of meetings share one set of draws."""
    resamples, seed, max_meetings = _settings()
    found = {}
    keys = list(dict.fromkeys((item[3], item[5]) for item in items))
    for first_n, second_n in keys:
        indexes = [i for i, item in enumerate(items) if (item[3], item[5]) == (first_n, second_n)]
        results = bs.differences([(items[i][2], items[i][4]) for i in indexes], first_n,
                                 second_n, resamples, seed, max_meetings=max_meetings)
        found.update(zip(indexes, results, strict=True))
    rows = []
    for index, (metric, group, _first, first_n, _second, second_n) in enumerate(items):
        diff = found[index]
        rows.append({"metric": metric, "group": group, labels[0]: diff.first,
                     labels[1]: diff.second, "difference": diff.difference,
                     "ci_low": diff.ci_low, "ci_high": diff.ci_high,
                     f"{labels[0]}_n": first_n, f"{labels[1]}_n": second_n,
                     "warning": small_mode_warning(first_n, second_n, *labels_text(labels))})
    return rows


def labels_text(labels: tuple[str, str]) -> tuple[str, str]:
    return tuple(label.replace("_", "-") for label in labels)


def mode_comparison(con, sel: Selection) -> pd.DataFrame:
    """In-person versus online: each metric per mode, online - in-person with a bootstrap
    interval (meetings resampled within each mode), meeting counts and a small-n warning.
    Hybrid meetings are compared separately (hybrid_comparison)."""
    labels = ("in_person", "online")
    averaged, modes = _averaged(con, sel, labels)
    groups = _observed_sums(con, sel, "member_type")
    arrays = _arrays(groups)
    in_person, online = _is(groups, "mode", "in_person"), _is(groups, "mode", "online")
    sides = {group: (_take(arrays, _is(groups, "group", group) & in_person),
                     _take(arrays, _is(groups, "group", group) & online))
             for group in MEMBER_TYPES}
    items = []
    for basis, metric in (("time", "equity_ratio"), ("turns", "turn_equity_ratio")):
        for group in MEMBER_TYPES:
            first, second = sides[group]
            items.append((metric, group, _equity_statistic(first, basis), len(first["talk_s"]),
                          _equity_statistic(second, basis), len(second["talk_s"])))
    for metric in AVERAGED:
        first = _defined(averaged[metric], modes["in_person"])
        second = _defined(averaged[metric], modes["online"])
        items.append((metric, None, bs.mean_of(first), len(first), bs.mean_of(second),
                      len(second)))
    columns = ["metric", "group", "in_person", "online", "difference", "ci_low", "ci_high",
               "in_person_n", "online_n", "warning"]
    return pd.DataFrame(_comparison_rows(items, labels), columns=columns)


def hybrid_comparison(con, sel: Selection) -> pd.DataFrame:
    """Within observed hybrid meetings: attendees in the room versus remote.

    Equity ratio of each way of attending (its talk share / its share of attendees, pooled)
    and voice coverage (pooled share who spoke); remote - in room, meetings resampled
    (the same meetings on both sides, so the draw is shared)."""
    resamples, seed, max_meetings = _settings()
    via = _observed_sums(con, sel, "attended_via")
    arrays, hybrid = _arrays(via, (*EQUITY_COLUMNS, "voiced_n")), _is(via, "mode", "hybrid")
    room = _take(arrays, hybrid & _is(via, "group", "in_person"))
    remote = _take(arrays, hybrid & _is(via, "group", "online"))
    n = len(room["talk_s"])
    metrics = {
        "equity_ratio": (_equity_statistic(room, "time"), _equity_statistic(remote, "time")),
        "turn_equity_ratio": (_equity_statistic(room, "turns"),
                              _equity_statistic(remote, "turns")),
        "voice_coverage": (bs.ratio_of_sums(room["voiced_n"], room["attendees_n"]),
                           bs.ratio_of_sums(remote["voiced_n"], remote["attendees_n"])),
    }
    paired = bs.paired_differences(list(metrics.values()), n, resamples, seed,
                                   max_meetings=max_meetings)
    rows = []
    for metric, diff in zip(metrics, paired, strict=True):
        rows.append({"metric": metric, "group": None, "in_room": diff.first,
                     "remote": diff.second, "difference": diff.second - diff.first,
                     "ci_low": diff.ci_low, "ci_high": diff.ci_high, "meetings_n": n,
                     "warning": None if n >= MIN_MODE_MEETINGS else (
                         f"Only {n} observed hybrid meetings: too few to support conclusions "
                         f"(at least {MIN_MODE_MEETINGS} are needed).")})
    columns = ["metric", "group", "in_room", "remote", "difference", "ci_low", "ci_high",
               "meetings_n", "warning"]
    return pd.DataFrame(rows, columns=columns)


def lay_timeline(con, sel: Selection) -> pd.DataFrame:
    """One row per observed meeting: lay members' talk share and equity ratio, with mode."""
    return query(con, "lay_timeline", sel.params())


def turn_acts(con, sel: Selection) -> pd.DataFrame:
    """Voice turns by member type and coded act (`not_coded` where blank), with shares."""
    return query(con, "turn_acts", sel.params())


def chat_by_group(con, sel: Selection) -> pd.DataFrame:
    """Chat messages per attendee, per mode (online and hybrid) and member type."""
    frame = query(con, "chat_by_group", sel.params())
    return frame.astype({"mode": "str", "member_type": "str"})  # text even when empty


def lay_members(con, sel: Selection, recent_n: int = LAY_RECENT_N) -> pd.DataFrame:
    """One row per lay member: meetings expected and attended, attendance rate, first and
    last attended, preparation sessions attended, meetings chaired, talk, and
    stopped_coming (attended before, still a member, absent from the last `recent_n` (3)
    CoP meetings they were expected at; the alerts' rule sets its own number)."""
    params = {**sel.params(), "recent_n": int(recent_n)}
    # a selection of every meeting with the default number (the Lay members page's first
    # view, the Overview's alerts) reads the rows built at load
    name = ("lay_members_all" if recent_n == LAY_RECENT_N and covers_all(con, params)
            else "lay_members")
    return query(con, name, params)


def latest_changes(con, sel: Selection) -> pd.DataFrame:
    """Per CoP and headline metric: the latest meeting's value, the previous meeting's, and
    the change (for overview tiles). Talk metrics compare observed meetings."""
    summary = meeting_summary(con, sel)
    lay = lay_timeline(con, sel)[["meeting_id", "lay_equity_ratio"]]
    summary = summary.merge(lay, on="meeting_id", how="left")
    rows = []
    metrics = ("attendees_n", "attendance_rate", "voice_coverage", "gini_talk",
               "lay_equity_ratio")
    for cop_id, part in summary.groupby("cop_id", sort=True):
        for metric in metrics:
            series = part
            if metric in ("voice_coverage", "gini_talk", "lay_equity_ratio"):
                series = part[part["is_observed"].astype(bool)]
            series = series.sort_values(["held_on", "meeting_id"])
            latest = series.iloc[-1] if len(series) else None
            previous = series.iloc[-2] if len(series) > 1 else None
            value = float(latest[metric]) if latest is not None else float("nan")
            before = float(previous[metric]) if previous is not None else float("nan")
            rows.append({"cop_id": cop_id, "metric": metric,
                         "meeting_id": None if latest is None else latest["meeting_id"],
                         "held_on": None if latest is None else latest["held_on"],
                         "value": value, "previous": before, "change": value - before})
    return pd.DataFrame(rows, columns=["cop_id", "metric", "meeting_id", "held_on", "value",
                                       "previous", "change"])


def data_quality(con, sel: Selection) -> pd.DataFrame:
    """One row per selected meeting: observed or not, attendance rows, present members,
    present rows without times, voice turns, chat messages, turn sources, rows without a rate."""
    return query(con, "data_quality", sel.params())
