"""Small helpers for comparing query results with hand-worked values."""

from __future__ import annotations

import math


def rounded(rows, places: int = 6):
    """Rows with floats rounded (and NaN as None), so they compare with `==`."""

    def one(value):
        if isinstance(value, float):
            return None if math.isnan(value) else round(value, places)
        return value

    return [tuple(one(v) for v in row) for row in rows]


def fetch(con, sql: str, params=None):
    return rounded(con.execute(sql, params or []).fetchall())
