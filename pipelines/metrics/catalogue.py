"""What exists to select from: CoPs and the span of meeting dates (for widgets)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipelines.metrics._sql import query

__all__ = ["communities", "date_bounds", "instruments"]


def communities(con) -> pd.DataFrame:
    """cop_id, name, started_on, ended_on of every CoP."""
    return query(con, "communities", {})


def date_bounds(con) -> tuple[dt.date | None, dt.date | None]:
    """First and last held_on of any meeting; (None, None) on an empty database."""
    first, last = query(con, "date_bounds", {}).iloc[0]
    return (None if pd.isna(first) else pd.Timestamp(first).date(),
            None if pd.isna(last) else pd.Timestamp(last).date())


def instruments(con) -> pd.DataFrame:
    """instrument_id, title, scale_min, scale_max of every survey instrument."""
    return query(con, "instruments", {})
