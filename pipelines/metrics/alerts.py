"""Alerts: rules a programme manager sets in `copdash.toml` (`[[alerts]]` tables), checked
against the database (the Overview page, `copdash alerts`).

MEMBER-LEVEL DATA: an alert of the rule `lay_member_stopped_coming` names a member
(pseudonymous member_id). Alerts are for the people who run the CoPs.

Rules (docs/metrics.md, "Alerts"):

    [[alerts]]
    rule = "lay_equity_below"          # the lay equity ratio below `below` in each of the
    below = 0.5                        # CoP's latest `meetings` observed meetings with a
    meetings = 2                       # lay attendee (default 2)

    [[alerts]]
    rule = "lay_member_stopped_coming" # a lay member who attended before, is still a
    meetings = 3                       # member, and missed the last `meetings` CoP
                                       # meetings they were expected at (default 3)
    [[alerts]]
    rule = "recommendation_stuck"      # a (recommendation, site) pair at proposed, agreed
    months = 6                         # or in progress for more than `months` months

Every table may also carry `name` (words shown instead of the rule's description). A bad
rule raises `AlertConfigProblem` naming the file, the rule's number and what to write.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.errors import CopdashError
from pipelines.metrics._sql import query
from pipelines.metrics.participation import lay_members
from pipelines.metrics.selection import Selection
from pipelines.metrics.uptake import uptake
from pipelines.settings import PROJECT_ROOT

__all__ = ["ALERT_RULES", "AlertConfigProblem", "AlertRule", "alerts", "load_alert_rules"]

STUCK_STAGES = ("proposed", "agreed", "in_progress")
ALERT_COLUMNS = ["alert", "rule", "cop_id", "subject", "since", "detail"]


class AlertConfigProblem(CopdashError):
    """The `[[alerts]]` tables of the configuration cannot be used (the command line exits
    with status 2)."""


@dataclass(frozen=True)
class AlertRule:
    rule: str
    below: float | None = None
    meetings: int | None = None
    months: int | None = None
    name: str = ""

    def describe(self) -> str:
        """The rule in plain words (its `name` when it has one)."""
        if self.name:
            return self.name
        if self.rule == "lay_equity_below":
            return (f"Lay equity ratio below {self.below:g} in each of the latest "
                    f"{self.meetings} observed meetings")
        if self.rule == "lay_member_stopped_coming":
            return f"A lay member missed the last {self.meetings} CoP meetings"
        return f"A recommendation stuck at one stage for more than {self.months} months"


# rule -> parameter -> (kind, default (None = required), words for the message, example)
ALERT_RULES: dict[str, dict[str, tuple[type, object, str, str]]] = {
    "lay_equity_below": {
        "below": (float, None, "a number above 0", "below = 0.5"),
        "meetings": (int, 2, "a whole number of meetings, 1 or more", "meetings = 2"),
    },
    "lay_member_stopped_coming": {
        "meetings": (int, 3, "a whole number of meetings, 1 or more", "meetings = 3"),
    },
    "recommendation_stuck": {
        "months": (int, None, "a whole number of months, 1 or more", "months = 6"),
    },
}


def _config_path(config_file: str | os.PathLike | None) -> Path:
    """The configuration file, found as `pipelines.settings.get_settings` finds it."""
    path = Path(config_file or os.environ.get("COPDASH_CONFIG", "copdash.toml"))
    if not path.is_absolute() and not path.exists():
        path = PROJECT_ROOT / path
    return path


def _parameter(value: object, kind: type) -> object | None:
    """The value as `kind` when it is one (and positive), else None."""
    if isinstance(value, bool):
        return None
    if kind is int and isinstance(value, int) and value >= 1:
        return value
    if kind is float and isinstance(value, int | float) and value > 0:
        return float(value)
    return None


def _rule(number: int, table: object, where: str) -> tuple[AlertRule | None, list[str]]:
    at = f"{where}, alert {number}"
    if not isinstance(table, dict):
        return None, [f"{at}: write each alert as an [[alerts]] table, such as "
                      '[[alerts]] rule = "lay_equity_below" below = 0.5.']
    rule = table.get("rule")
    known = ", ".join(f'"{name}"' for name in ALERT_RULES)
    if rule not in ALERT_RULES:
        said = "has no rule" if rule is None else f'names the rule "{rule}", which copdash does not know'
        return None, [f"{at} {said}. Write rule = one of {known}."]
    at = f'{at} (rule "{rule}")'
    problems, values = [], {}
    for key in table:
        if key not in ("rule", "name", *ALERT_RULES[rule]):
            allowed = ", ".join(["name", *ALERT_RULES[rule]])
            problems.append(f'{at}: "{key}" is not a setting of this rule (it takes {allowed}).')
    if "name" in table and not isinstance(table["name"], str):
        problems.append(f'{at}: name must be text in quotes, such as name = "Lay voice low".')
    for key, (kind, default, words, example) in ALERT_RULES[rule].items():
        if key not in table:
            if default is None:
                problems.append(f"{at}: {key} is missing. Add it, such as {example}.")
            values[key] = default
            continue
        value = _parameter(table[key], kind)
        if value is None:
            problems.append(f"{at}: {key} must be {words} (it is {table[key]!r}), such as {example}.")
        values[key] = value
    if problems:
        return None, problems
    return AlertRule(rule=rule, name=str(table.get("name", "")), **values), []


def load_alert_rules(config_file: str | os.PathLike | None = None) -> tuple[AlertRule, ...]:
    """The `[[alerts]]` tables of the configuration (none: an empty tuple); raises
    AlertConfigProblem listing every problem in plain words."""
    path = _config_path(config_file)
    if not path.exists():
        return ()
    try:
        with path.open("rb") as handle:
            config = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise AlertConfigProblem(f"{path.name} cannot be read as TOML ({exc}). Fix the line it "
                                 "names, then try again.") from None
    tables = config.get("alerts", [])
    if not isinstance(tables, list):
        raise AlertConfigProblem(f"{path.name}: write alerts as [[alerts]] tables (double "
                                 "brackets), one per rule.")
    rules, problems = [], []
    for number, table in enumerate(tables, start=1):
        rule, found = _rule(number, table, path.name)
        problems.extend(found)
        if rule is not None:
            rules.append(rule)
    if problems:
        raise AlertConfigProblem(" ".join(problems))
    return tuple(rules)


def _equity(con, sel: Selection, rule: AlertRule) -> pd.DataFrame:
    runs = query(con, "lay_equity_runs", {**sel.params(), "recent_n": rule.meetings,
                                          "below": rule.below})
    return pd.DataFrame({
        "cop_id": runs["cop_id"], "subject": runs["meeting_ids"], "since": runs["since"],
        "detail": [f"The lay equity ratio was below {rule.below:g} in each of the latest "
                   f"{rule.meetings} observed meetings ({ids}); the highest was {high:.2f}."
                   for ids, high in zip(runs["meeting_ids"], runs["highest_equity_ratio"],
                                        strict=True)]})


def _day(dates: pd.Series) -> pd.Series:
    """Dates as people write them ("05 March 2024"), one string per row (NaN for a blank
    date). Each distinct date is formatted once and the rows take theirs: formatting every
    row (7,803 stuck pairs at 10M turns, a few hundred distinct dates) was a third of the
    Overview's alerts, and a loop of f-strings slower still."""
    codes, distinct = pd.factorize(pd.to_datetime(dates))  # a blank date: code -1
    text = np.append(np.asarray(distinct.strftime("%d %B %Y"), dtype=object), np.nan)
    return pd.Series(text[codes], index=dates.index, dtype=object)


def _stopped(con, sel: Selection, rule: AlertRule) -> pd.DataFrame:
    members = lay_members(con, sel, recent_n=rule.meetings)
    stopped = members[members["stopped_coming"].fillna(False).astype(bool)]
    member = stopped["member_id"].astype(object)
    return pd.DataFrame({
        "cop_id": stopped["cop_id"], "subject": stopped["member_id"],
        "since": stopped["last_attended_on"],
        "detail": ("Lay member " + member + " last came on " + _day(stopped["last_attended_on"])
                   + f" and missed the last {rule.meetings} CoP meetings they were expected at."
                   ).tolist()})


def _stuck(con, sel: Selection, rule: AlertRule, today: dt.date | None) -> pd.DataFrame:
    as_of = pd.Timestamp(sel.date_to or today or dt.date.today())
    pairs = uptake(con, sel)
    limit = as_of - pd.DateOffset(months=rule.months)
    stuck = pairs[pairs["latest_status"].isin(STUCK_STAGES)
                  & (pd.to_datetime(pairs["latest_on"]) < limit)]
    recommendation, site = stuck["recommendation_id"].astype(object), stuck["site"].astype(object)
    status = stuck["latest_status"].astype(object).str.replace("_", " ", regex=False)
    return pd.DataFrame({
        "cop_id": stuck["cop_id"],
        "subject": (recommendation + " at " + site).tolist(),
        "since": stuck["latest_on"],
        "detail": (recommendation + " (" + stuck["title"].astype(object) + ") at " + site
                   + " has been " + status + " since " + _day(stuck["latest_on"])
                   + f", more than {rule.months} months before {as_of:%d %B %Y}.").tolist()})


def alerts(con, sel: Selection, rules: tuple[AlertRule, ...] | None = None,
           today: dt.date | None = None) -> pd.DataFrame:
    """MEMBER-LEVEL. One row per alert that fires: alert (the rule in words), rule,
    cop_id, subject (meetings, a member_id, or a recommendation at a site), since (the date
    the condition started), detail (a plain sentence). `rules` default to the
    configuration's (`load_alert_rules`); "stuck" is judged at sel.date_to, else `today`."""
    rules = load_alert_rules() if rules is None else rules
    parts = []
    for rule in rules:
        if rule.rule == "lay_equity_below":
            found = _equity(con, sel, rule)
        elif rule.rule == "lay_member_stopped_coming":
            found = _stopped(con, sel, rule)
        else:
            found = _stuck(con, sel, rule, today)
        parts.append(found.assign(alert=rule.describe(), rule=rule.rule))
    if not parts:
        return pd.DataFrame(columns=ALERT_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame["since"] = pd.to_datetime(frame["since"])
    return frame[ALERT_COLUMNS].reset_index(drop=True)
