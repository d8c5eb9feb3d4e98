"""What a load did: one `FileReport` per file, one `LoadReport` for the load."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.errors import CopdashError

Progress = Callable[[int, int, str], None]


@dataclass
class FileReport:
    """What happened to one file."""

    dataset: str
    source_file: str
    sha256: str = ""
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    status: str = "pending"  # loaded | loaded_with_quarantine | unchanged | checked
    warnings: list[str] = field(default_factory=list)
    # line_number, rule, message of every quarantined row (for the report)
    quarantined: pd.DataFrame | None = None


@dataclass
class LoadReport:
    """What a load (or a dry run) did, in a form the CLI and the dashboard both print."""

    db_path: Path
    dry_run: bool = False
    load_id: str = ""
    files: list[FileReport] = field(default_factory=list)
    file_problems: list[CopdashError] = field(default_factory=list)
    unchanged: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_problems

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    def summary(self) -> str:
        """A plain-language closing line: what happened and what to do next."""
        if self.file_problems:
            lines = [f"Nothing was loaded: {len(self.file_problems)} file(s) cannot be read."]
            lines += [f"- {problem}" for problem in self.file_problems]
            lines.append("Fix the file(s) above and run the load again; the database is unchanged.")
            return "\n".join(lines)
        if self.unchanged:
            return "Nothing to do: every file is unchanged since it was last loaded."
        verb = "would load" if self.dry_run else "loaded"
        text = (f"{len(self.files)} file(s): {self.rows_read} rows read, {self.rows_loaded} "
                f"{verb}, {self.rows_quarantined} quarantined.")
        if self.rows_quarantined:
            text += (" Quarantined rows were not loaded; see them with `copdash quarantine` "
                     "(or the Data quality page), fix them and load the file again.")
        if self.dry_run:
            text += " This was a check only: the database was not changed."
        return text
