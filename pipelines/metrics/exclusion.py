"""Digital exclusion: members who came in person and then stopped, or came far less, once
their CoP moved online.

MEMBER-LEVEL DATA: `digital_exclusion_members` returns one row per named member
(pseudonymous member_id, with age band and deprivation quintile). It is for the people
who run the CoP, not for a published table; `digital_exclusion` is the suppressed
breakdown that can be shown more widely.

Definitions (docs/metrics.md, "Digital exclusion"):
- A CoP **moved online** on the date of its first online meeting held after its first
  in-person meeting (in the selection, whatever its mode filter). A CoP that never met
  online, or never in person before meeting online, has no move: `online_moves` gives it a
  plain note instead.
- The members looked at (the cohort): members who attended at least one in-person meeting
  before the move and were expected at (members on the date of) at least one online meeting
  after it.
- `no_online`: attended no online meeting after the move; `far_fewer`: attended some, but
  their attendance rate at online meetings after the move is below half of their attendance
  rate at in-person meetings before it; `kept_coming`: the others. Excluded = the first two.
- Breakdowns by member type, age band or deprivation quintile are suppressed below the
  minimum group size exactly as survey breakdowns are (`surveys.suppress`), counted in
  cohort members.
"""

from __future__ import annotations

import pandas as pd

from pipelines.metrics._sql import covers_all, query
from pipelines.metrics.selection import Selection
from pipelines.metrics.surveys import TOTAL_GROUP, suppress
from pipelines.settings import get_settings

__all__ = ["EXCLUSION_BREAKDOWNS", "digital_exclusion", "digital_exclusion_members",
           "exclusion_summary", "online_moves"]

EXCLUSION_BREAKDOWNS: tuple[str, ...] = ("member_type", "age_band", "deprivation_quintile")
NOT_RECORDED = "not_recorded"
SUMMARY_COLUMNS = ["group", "members_n", "no_online_n", "far_fewer_n", "excluded_n",
                   "excluded_share", "suppressed", "note"]


def _notes(frame: pd.DataFrame) -> list[str | None]:
    """Per CoP of online_moves.sql's rows, why it has no move (None where it moved): worked
    out column-wise, not row by row (iterrows took 0.16 s for the 10M programme's 3,808 CoPs)."""
    # numpy object arrays: iterating pandas' Arrow-backed text columns costs 6 us a value
    names = [name or cop for name, cop in zip(frame["name"].to_numpy(object),
                                              frame["cop_id"].to_numpy(object), strict=True)]
    moved = frame["moved_online_on"].notna().to_numpy()
    online_n = frame["online_n"].to_numpy(int)
    in_person_n = frame["in_person_n"].to_numpy(int)
    notes: list[str | None] = []
    for name, has_move, online, in_person in zip(names, moved, online_n, in_person_n, strict=True):
        if has_move:
            notes.append(None)
        elif online == 0:
            notes.append(f"{name} held no online meeting in the selection, so there is no "
                         "move online to look at.")
        elif in_person == 0:
            notes.append(f"{name} met only online in the selection: nobody attended in "
                         "person before a move online.")
        else:
            notes.append(f"{name} held no online meeting after its first in-person meeting "
                         "in the selection, so there is no move online to look at.")
    return notes


def online_moves(con, sel: Selection) -> pd.DataFrame:
    """One row per CoP with meetings in the selection: cop_id, name, first_meeting_on,
    moved_online_on (NaT when it did not move online), in_person_n, online_n,
    in_person_before_n, online_after_n, note (plain words where there is no move)."""
    frame = query(con, "online_moves", sel.params())
    frame["note"] = _notes(frame) if len(frame) else []
    return frame


def digital_exclusion_members(con, sel: Selection) -> pd.DataFrame:
    """MEMBER-LEVEL. One row per cohort member (module docstring): cop_id, member_id,
    member_type, age_band, deprivation_quintile, moved_online_on, in_person_expected_n,
    in_person_attended_n, in_person_rate, online_expected_n, online_attended_n,
    online_rate, exclusion_status (no_online, far_fewer, kept_coming)."""
    params = sel.params()
    # a selection of every meeting (the dashboard's first view; the mode filter is not used
    # here) reads the cohort built at load
    name = ("digital_exclusion_members_all" if covers_all(con, params, modes=False)
            else "digital_exclusion_members")
    return query(con, name, params)


def digital_exclusion(con, sel: Selection, by: str = "member_type",
                      k: int | None = None) -> pd.DataFrame:
    """The cohort by one attribute (member_type, age_band or deprivation_quintile): per
    group members_n (cohort members), no_online_n, far_fewer_n, excluded_n, excluded_share,
    then a total row (group "all"); cells of fewer than k members (settings.min_group_size)
    are suppressed, with secondary suppression, as survey breakdowns are (counts NaN,
    suppressed True, note in words)."""
    return exclusion_summary(digital_exclusion_members(con, sel), by, k)


def exclusion_summary(members: pd.DataFrame, by: str = "member_type",
                      k: int | None = None) -> pd.DataFrame:
    """digital_exclusion from the rows of digital_exclusion_members for one selection, so
    that a caller who holds those (the dashboard caches them for the member list) does not
    read the members a second time."""
    if by not in EXCLUSION_BREAKDOWNS:
        raise ValueError(f"by must be one of {EXCLUSION_BREAKDOWNS}, not {by!r}")
    k = get_settings().min_group_size if k is None else int(k)
    if members.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    groups = members[by].astype("string").fillna(NOT_RECORDED)
    counted = pd.DataFrame({
        "group": groups,
        "no_online": (members["exclusion_status"] == "no_online").astype(int),
        "far_fewer": (members["exclusion_status"] == "far_fewer").astype(int),
    })
    cells = counted.groupby("group", sort=True).agg(
        n=("no_online", "size"), no_online_n=("no_online", "sum"),
        far_fewer_n=("far_fewer", "sum")).reset_index()
    total = pd.DataFrame([{"group": TOTAL_GROUP, "n": len(counted),
                           "no_online_n": int(counted["no_online"].sum()),
                           "far_fewer_n": int(counted["far_fewer"].sum())}])
    frame = pd.concat([cells, total], ignore_index=True)
    frame["excluded_n"] = frame["no_online_n"] + frame["far_fewer_n"]
    frame["excluded_share"] = frame["excluded_n"] / frame["n"]
    frame["breakdown"] = by
    frame = suppress(frame, k, ["breakdown"],
                     value_columns=("no_online_n", "far_fewer_n", "excluded_n", "excluded_share"))
    frame["note"] = frame["note"].str.replace("responses", "members", regex=False)
    return frame.rename(columns={"n": "members_n"})[SUMMARY_COLUMNS].reset_index(drop=True)
