"""Turn a failed check into sentences a person can act on.

Messages are built only for failing rows, column by column (pandas string concatenation),
from the check's template in the contract: `{member_id}` is what the file wrote in that
column, `{meeting_cop_id}` a value the contract's prepare query looked up.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._model import Check, Contract, ContractProblem
from ._types import display_text

__all__ = ["RowContext", "render"]

_MAX_LINES_LISTED = 10
_SEPARATORS = re.compile(r"[\s\-]+")


@dataclass
class RowContext:
    """Everything a message may show about the rows of one validated file."""

    contract: Contract
    texts: dict[str, pd.Series]  # canonical column -> stripped text, NA = blank
    values: dict[str, pd.Series]  # typed, text and looked-up columns
    lines: np.ndarray
    quarantined: Mapping[str, Mapping[tuple, str | None]]

    def display(self, name: str, rows: np.ndarray) -> pd.Series:
        if name in self.texts:
            shown = self.texts[name].iloc[rows]
            return _cut(shown.astype("str").fillna("(blank)").reset_index(drop=True))
        if name in self.values:
            return _cut(display_text(self.values[name].iloc[rows]).reset_index(drop=True))
        raise ContractProblem(self.contract.path, f"a message shows {{{name}}}, which is not a column")


def _cut(shown: pd.Series) -> pd.Series:
    """A value is quoted in a message at most `limits.EXCERPT_CHARS` characters long."""
    from pipelines.limits import EXCERPT_CHARS

    long = shown.str.len() > EXCERPT_CHARS
    if not long.any():
        return shown
    return shown.where(~long, shown.str.slice(0, EXCERPT_CHARS - 1) + "\u2026")


def render(check: Check, rows: np.ndarray, context: RowContext) -> pd.Series:
    """One sentence per failing row (without the `line N:` prefix)."""
    out = pd.Series("", index=range(len(rows)), dtype="str")
    for literal, field, _, _ in string.Formatter().parse(check.message):
        if literal:
            out = out + literal
        if field:
            out = out + _field(check, field, rows, context)
    if check.kind == "enum" and check.column:
        out = out + _enum_hints(check, rows, context)
    if check.quarantined_in is not None:
        out = out + _quarantine_hints(check, rows, context)
    return out + "."


def _field(check: Check, name: str, rows: np.ndarray, context: RowContext) -> pd.Series:
    if name == "_length":
        text = context.texts[check.column or ""].iloc[rows]
        return text.str.len().fillna(0).astype(int).astype("str").reset_index(drop=True)
    if name == "_lines":
        return _duplicate_lines(check, rows, context)
    return context.display(name, rows)


def _duplicate_lines(check: Check, rows: np.ndarray, context: RowContext) -> pd.Series:
    columns = list(check.kwargs.get("column_list") or [check.kwargs["column"]])
    keys = pd.DataFrame({c: context.display(c, rows) for c in columns})
    group = keys.groupby(columns, sort=False).ngroup().to_numpy()
    lines = pd.Series(context.lines[rows])

    def listed(values: pd.Series) -> str:
        ordered = sorted(int(v) for v in values)
        shown = ", ".join(str(v) for v in ordered[:_MAX_LINES_LISTED])
        more = len(ordered) - _MAX_LINES_LISTED
        return shown + (f" and {more} more" if more > 0 else "")

    per_group = lines.groupby(group).agg(listed)
    return pd.Series(per_group.reindex(group).to_numpy(), dtype="str")


def _enum_hints(check: Check, rows: np.ndarray, context: RowContext) -> pd.Series:
    prop = context.contract.properties[check.column or ""]
    allowed = {value.lower(): value for value in prop.enum or ()}
    values = context.texts[prop.name].iloc[rows].reset_index(drop=True)
    hints: dict[str, str] = {}
    for value in values.dropna().unique():
        near = _SEPARATORS.sub("_", str(value).strip().lower())
        if near in allowed:
            hints[value] = f"; write it exactly as '{allowed[near]}'"
            continue
        for members, hint in prop.value_hints:
            if str(value).lower() in members:
                hints[value] = "; " + hint.replace("{value}", str(value))
                break
    return values.map(hints).astype("str").fillna("")


def _quarantine_hints(check: Check, rows: np.ndarray, context: RowContext) -> pd.Series:
    dataset, columns = check.quarantined_in or ("", ())
    known = context.quarantined.get(dataset)
    if not known:
        return pd.Series("", index=range(len(rows)), dtype="str")
    texts = [context.texts[c].iloc[rows].to_numpy() for c in columns]
    hints = []
    for key in zip(*texts, strict=True):
        key = tuple(None if (v is None or v is pd.NA or v != v) else str(v) for v in key)
        if key in known:
            where = known[key] or f"the {dataset} file"
            shown = ", ".join(v or "(blank)" for v in key)
            hints.append(
                f"; the {dataset} row for {shown} was itself quarantined in this load "
                f"({where}): fix that row first"
            )
        else:
            hints.append("")
    return pd.Series(hints, dtype="str")
