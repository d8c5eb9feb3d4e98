"""Shared terminal output for the commands: a progress bar and the load report."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipelines.load import LoadReport

__all__ = ["console", "err_console", "plain", "progress_bar", "print_load_report"]

# No emoji codes (`:x:` in a value stays `:x:`); data values also go through `plain`.
console = Console(highlight=False, emoji=False)
err_console = Console(stderr=True, highlight=False, emoji=False)


def plain(value: object) -> str:
    """A data value (file name, message, ...) printed as written: `[bold]` is not markup."""
    return escape(str(value))


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
            table.add_row(plain(f.dataset), plain(f.source_file), str(f.rows_read),
                          str(f.rows_loaded), str(f.rows_quarantined), plain(f.status))
        console.print(table)
    for f in report.files:
        for warning in f.warnings:
            console.print(f"[yellow]warning[/yellow] {plain(warning)}")
    shown = 0
    for f in report.files:
        if f.quarantined is None or f.quarantined.empty:
            continue
        for row in f.quarantined.itertuples(index=False):
            if shown == max_problems:
                break
            # The message names the line already ("line 7: ...").
            console.print(f"[red]quarantined[/red] {plain(f.source_file)}, {plain(row.message)}  "
                          f"[dim]({plain(row.rule)})[/dim]", soft_wrap=True)
            shown += 1
    if report.rows_quarantined > shown:
        console.print(f"... and {report.rows_quarantined - shown} more quarantined rows: "
                      "`copdash quarantine` lists them all.")
    target = err_console if report.file_problems else console
    target.print(plain(report.summary()), soft_wrap=True)
