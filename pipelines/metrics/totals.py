"""Totals over member-level answers, for viewers who may not see the rows (issue 13).

A steering-group member sees how many meetings lay members chaired, not who chaired them.
Each total is the sum of the member-level function's own column, so the figure is the one
the evaluator's table adds up to, defined once."""

from __future__ import annotations

import pandas as pd

from pipelines.metrics.participation import lay_members
from pipelines.metrics.selection import Selection

__all__ = ["lay_member_totals", "totals_of_lay_members"]


def lay_member_totals(con, sel: Selection) -> pd.DataFrame:
    """One row: lay_members_n, stopped_coming_n, chaired_n, preparation_attended_n (the
    sums of `lay_members`' columns; 0 when the selection has no lay member)."""
    return totals_of_lay_members(lay_members(con, sel))


def totals_of_lay_members(members: pd.DataFrame) -> pd.DataFrame:
    """`lay_member_totals` from `lay_members`' rows already read: a viewer who may see the
    rows gets the totals and the table from one query (a second read of the same rows
    cost 75 to 90 ms of the Lay members page at 10M turns)."""
    stopped = members["stopped_coming"].fillna(False).astype(bool) if len(members) else []
    return pd.DataFrame([{
        "lay_members_n": len(members),
        "stopped_coming_n": int(sum(stopped)),
        "chaired_n": int(members["chaired_n"].sum()) if len(members) else 0,
        "preparation_attended_n": int(members["preparation_attended_n"].sum()) if len(members) else 0,
    }])
