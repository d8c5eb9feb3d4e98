"""Shared terminal output for the commands: a progress bar and the load report."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipelines.load import LoadReport

__all__ = ["console", "err_console", "progress_bar", "print_load_report"]

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


@contextlib.contextmanager
def progress_bar(description: str) -> Iterator:
    """A bar on stderr when it is a terminal; silent otherwise (logs stay readable)."""
    if not sys.stderr.isatty():
        yield lambda done, total, message: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=1)

        def update(done: int, total: int, message: str) -> None:
            bar.update(task, completed=done, total=max(total, 1), description=message[:60])

        yield update


def print_load_report(report: LoadReport, *, max_problems: int = 20) -> None:
    """Per-file counts, then every quarantined row's reason (up to a limit), then a summary."""
    if report.files and not report.unchanged:
        table = Table(title="Files", title_justify="left")
        for column in ("dataset", "file", "read", "loaded", "quarantined", "status"):
            table.add_column(column, overflow="fold",
                             justify="right" if column in {"read", "loaded", "quarantined"} else "left")
        for f in report.files:
            table.add_row(f.dataset, f.source_file, str(f.rows_read), str(f.rows_loaded),
                          str(f.rows_quarantined), f.status)
        console.print(table)
    for f in report.files:
        for warning in f.warnings:
            console.print(f"[yellow]warning[/yellow] {warning}")
    shown = 0
    for f in report.files:
        if f.quarantined is None or f.quarantined.empty:
            continue
        for row in f.quarantined.itertuples(index=False):
            if shown == max_problems:
                break
            # The message names the line already ("line 7: ...").
            console.print(f"[red]quarantined[/red] {f.source_file}, {row.message}  "
                          f"[dim]({row.rule})[/dim]", soft_wrap=True)
            shown += 1
    if report.rows_quarantined > shown:
        console.print(f"... and {report.rows_quarantined - shown} more quarantined rows: "
                      "`copdash quarantine` lists them all.")
    target = err_console if report.file_problems else console
    target.print(report.summary(), soft_wrap=True)
