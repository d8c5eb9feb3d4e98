"""The canonical datasets (`inputs.md`), in the order a load must process them.

A dataset's rules live in its data contract; this module only says which datasets exist
and in which order they depend on one another, so that a row is always checked against
the rows it refers to (members before meetings' chairs, meetings before attendance, ...).
"""

from __future__ import annotations

__all__ = ["DATASETS", "LOAD_ORDER", "FILE_SUFFIXES", "dataset_for_file"]

# Load order: every dataset comes after the datasets it refers to.
LOAD_ORDER: tuple[str, ...] = (
    "communities",
    "members",
    "meetings",
    "attendance",
    "speaking_turns",
    "survey_responses",
    "costs",
    "time_rates",
    "recommendations",
    "recommendation_status",
    "member_aliases",
)
DATASETS = frozenset(LOAD_ORDER)
FILE_SUFFIXES = (".csv", ".parquet", ".xlsx")


def dataset_for_file(name: str) -> str | None:
    """`members.csv` -> `members`; None when the name is not a canonical dataset."""
    lower = name.lower()
    for suffix in FILE_SUFFIXES:
        if lower.endswith(suffix):
            stem = lower[: -len(suffix)]
            return stem if stem in DATASETS else None
    return None
