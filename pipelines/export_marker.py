"""Which CSV files copdash itself wrote for fixing, so that their formula guard comes off.

`copdash quarantine --export DIR` writes its files through `safe_csv.to_safe_csv`, which puts
a `'` before any value a spreadsheet would run as a formula. Beside them it writes
`copdash-export.json` (the marker) naming those files. When such a file is loaded again
(fixed or not) each guarded value loses exactly the one `'` the guard added, so that
`=HYPERLINK(...)` is stored as it was, not as `'=HYPERLINK(...)`. A file the marker does not
name (a user's own file, even in the same folder) is read as written: its leading `'` stays.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pipelines.safe_csv import unguard

__all__ = ["MARKER", "is_copdash_export", "unguard_frame", "write_marker"]

MARKER = "copdash-export.json"


def write_marker(folder: Path, files: Iterable[str]) -> Path:
    """Name the files copdash wrote into `folder` (file names only)."""
    path = folder / MARKER
    path.write_text(json.dumps({
        "written_by": "copdash quarantine --export",
        "formula_guard": "'",
        "note": "The files listed were written by copdash with a ' before values that a "
                "spreadsheet would run as formulas; copdash takes that ' off when it loads them.",
        "files": sorted(files),
    }, indent=2) + "\n", encoding="utf-8")
    return path


def is_copdash_export(path: Path) -> bool:
    """Whether the marker beside `path` (a regular file, not a link) names it."""
    marker = Path(path).parent / MARKER
    try:
        if not stat.S_ISREG(marker.lstat().st_mode) or marker.stat().st_size > 1_000_000:
            return False
        names = json.loads(marker.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(names, list) and Path(path).name in names


def unguard_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every value (and column name) with the guard's `'` taken off where it was added."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        marked = values.str.startswith("'", na=False)
        if marked.any():
            out.loc[marked, column] = values[marked].map(unguard)
    out.columns = [unguard(str(c)) for c in out.columns]
    return out
