"""The metric definitions printed in the evaluator pages, read from docs/metrics.md.

docs/metrics.md is the one place the definitions are written; the report prints its
sections as they stand (Markdown rendered by markdown-it, which rich already brings), so a
change to a definition reaches the report without a second copy in code. A section the
report asks for and the document lacks is named in the report rather than silently left
out (and a test checks that every section is there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

__all__ = ["DOC", "SECTIONS", "Definition", "definitions"]

DOC = PROJECT_ROOT / "docs" / "metrics.md"

# the sections of docs/metrics.md an evaluator needs beside the figures, in print order
SECTIONS = (
    "Who and what counts",
    "Participation, per meeting",
    "Pooling over several meetings",
    "Who responds to whom",
    "In person versus online",
    "A fair comparison of online and in person",
    "Lay members",
    "Surveys",
    "Cost",
    "Recommendation uptake",
    "Caveats",
    "Digital exclusion",
    "Funnel plots",
)


@dataclass(frozen=True)
class Definition:
    title: str
    html: str  # the section rendered; empty when the document lacks it
    found: bool


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## +(.+?)\s*$", text, flags=re.MULTILINE)
    return {title.strip(): body.strip() for title, body in zip(parts[1::2], parts[2::2], strict=True)}


@cache
def _render(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)


def definitions(doc: Path = DOC) -> list[Definition]:
    """SECTIONS of `doc`, each rendered to HTML (raw HTML in the document is escaped)."""
    try:
        found = _sections(doc.read_text(encoding="utf-8"))
    except OSError:
        found = {}
    return [Definition(title, _render(found[title]) if title in found else "", title in found)
            for title in SECTIONS]
