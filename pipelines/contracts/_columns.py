"""Match a file's headers to a dataset's canonical columns (no Great Expectations here)."""

from __future__ import annotations

import re

import pandas as pd

from pipelines.errors import FileProblem

from ._model import load_contracts

__all__ = ["conform_columns", "normalise_header"]

_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_header(header: object) -> str:
    """`' Member ID '` -> `member_id`: trimmed, lower case, spaces and hyphens as `_`."""
    text = str(header).replace("\ufeff", "").strip().lower()
    return _SEPARATORS.sub("_", text)


def conform_columns(
    dataset: str, frame: pd.DataFrame, source_file: str
) -> tuple[pd.DataFrame, list[str]]:
    """Rename headers to the canonical names, add missing optional columns, drop extras.

    Returns the frame with exactly the contract's columns in canonical order, and warnings
    about columns that were not stored. Raises `FileProblem` for a missing required column
    or a column given twice.
    """
    contract = load_contracts()[dataset]
    canonical = set(contract.columns)
    warnings: list[str] = []
    seen: dict[str, str] = {}
    positions: dict[str, int] = {}
    for position, original in enumerate(frame.columns):
        key = normalise_header(original)
        shown = str(original).strip()
        if not key:
            values = frame.iloc[:, position]
            if (values.notna() & (values.astype("str").str.strip() != "")).any():
                warnings.append(
                    f"{source_file}: a column without a header (column {position + 1}) "
                    f"is not part of {dataset} and was not stored"
                )
            continue
        if key in seen:
            if key in canonical:
                raise FileProblem(
                    source_file,
                    f"the column {key} appears twice (headers '{seen[key]}' and '{shown}').",
                    "Keep one of the two columns and delete or rename the other.",
                )
            continue
        seen[key] = shown
        if key in canonical:
            positions[key] = position
        else:
            warnings.append(
                f"{source_file}: column '{shown}' is not part of {dataset} and was not stored"
            )
    missing = [name for name in contract.required_columns if name not in positions]
    if missing:
        found = ", ".join(str(c).strip() for c in frame.columns) or "none"
        plural = len(missing) > 1
        raise FileProblem(
            source_file,
            f"the required column{'s' if plural else ''} {', '.join(missing)} "
            f"{'are' if plural else 'is'} missing (columns found: {found}).",
            f"Add {'them' if plural else 'it'} to the header row. The columns of {dataset} "
            f"are {', '.join(contract.columns)}; required: {', '.join(contract.required_columns)}.",
        )
    columns = {}
    for name in contract.columns:
        if name in positions:
            columns[name] = frame.iloc[:, positions[name]]
        else:
            columns[name] = pd.Series("", index=frame.index, dtype="str")
    return pd.DataFrame(columns, index=frame.index), warnings
