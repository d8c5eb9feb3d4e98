"""CSV downloads that are safe to open in a spreadsheet.

A cell such as `=HYPERLINK(...)` typed into a free-text column (a cost description, a
quarantined raw row) would run as a formula when an evaluator opens the download in Excel.
Every CSV the dashboard hands out goes through here. The neutraliser itself is the one the
command line uses (`pipelines.safe_csv`), so a file is made safe the same way whichever
way it leaves copdash: text cells starting with = + - @ tab CR or LF get a leading `'`,
every field is quoted, numbers stay numbers. Streamlit's own table download is switched
off in `.streamlit/config.toml` (`client.disableDataExport`) so no other path exists.
"""

from __future__ import annotations

import re

import pandas as pd

from pipelines.safe_csv import to_safe_csv

__all__ = ["csv_file_name", "to_safe_csv"]


def csv_file_name(title: str) -> str:
    """`Equity ratio by member type` -> `copdash_equity_ratio_by_member_type.csv`."""
    slug = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_") or "data"
    return f"copdash_{slug[:60]}.csv"


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the index, so the file holds exactly the columns the chart used."""
    return frame.reset_index(drop=True)
