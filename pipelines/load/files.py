"""Finding a load's files, checking them before anything is written, and reading each
file's rows in its turn (a big CSV file staged in DuckDB instead)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# The tuning constants and `_load_one` are read through the package (`package.X`), so
# that setting `pipelines.load.PART_ROWS` (as the tests do) reaches this module too.
import pipelines.load as package
from pipelines import limits
from pipelines.datasets import LOAD_ORDER, dataset_for_file
from pipelines.errors import CopdashError, FileProblem
from pipelines.load.report import LoadReport
from pipelines.readers import RawTable, StagedCsv, read_header, read_table_file, stage_csv
from pipelines.settings import get_settings


@dataclass
class _Source:
    """A file to load. A CSV file is checked (encoding, header, columns) before the load
    starts but its rows are read only when its turn comes (`path`), so that one file's
    rows at a time are in memory."""

    dataset: str
    source_file: str
    sha256: str
    table: RawTable | None = None
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)
    # A CSV file of more than PART_ROWS rows, staged in the load's DuckDB (temp table)
    # instead of read into Python: its parts are read from there one at a time.
    staged: StagedCsv | None = None


def _resolve_db(db_path: str | os.PathLike | None) -> Path:
    if db_path is None:
        return get_settings().db_path
    return Path(db_path).resolve()


def _expand(paths: Iterable[str | os.PathLike], report: LoadReport) -> tuple[list[Path], list[Path]]:
    """Folders -> their canonical files (and an `instruments/` subfolder); files as given."""
    files: list[Path] = []
    instrument_dirs: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = limits.keep_inside(sorted(  # links are refused, not followed
                p for p in path.iterdir() if (p.is_file() or p.is_symlink()) and dataset_for_file(p.name)),
                path, report.file_problems)
            if (path / "instruments").is_dir() and limits.keep_inside(
                    [path / "instruments"], path, report.file_problems):
                instrument_dirs.append(path / "instruments")
            if not found and not instrument_dirs:
                report.file_problems.append(FileProblem(
                    str(path), "the folder holds no file named after a dataset.",
                    "Name each file after its dataset: members.csv, meetings.csv, attendance.xlsx, ..."))
            files.extend(found)
        elif path.is_file() or path.is_symlink():
            if not limits.keep_inside([path], path.parent, report.file_problems):
                continue
            if dataset_for_file(path.name) is None:
                report.file_problems.append(FileProblem(
                    str(path), "the file name does not say which dataset it holds.",
                    "Rename it after its dataset (for example members.csv or meetings.xlsx); "
                    f"the datasets are: {', '.join(LOAD_ORDER)}."))
            else:
                files.append(path)
        else:
            report.file_problems.append(FileProblem(str(path), "there is no such file or folder."))
    return files, instrument_dirs


def _read_all(files: list[Path], report: LoadReport) -> list[_Source]:
    """Check every file before anything is written; CSV rows are read later, one file at
    a time (`_rows_of`), other formats now (a workbook is read in one piece anyway)."""
    from pipelines.contracts import conform_columns

    sources = []
    for path in files:
        dataset = dataset_for_file(path.name)
        try:
            header = read_header(path)
            if header is not None:
                columns, digest = header
                conform_columns(dataset, pd.DataFrame(columns=columns), str(path))
                sources.append(_Source(dataset=dataset, source_file=str(path), sha256=digest,
                                       path=path))
                continue
            table = read_table_file(path)
        except FileProblem as problem:
            report.file_problems.append(problem)
            continue
        source = _conform(dataset, table, report)
        if source is not None:
            sources.append(source)
    return sources


def _conform(dataset: str, table: RawTable, report: LoadReport) -> _Source | None:
    try:
        return _conformed(dataset, table)
    except FileProblem as problem:
        report.file_problems.append(problem)
        return None


def _conformed(dataset: str, table: RawTable) -> _Source:
    from pipelines.contracts import conform_columns

    frame, warnings = conform_columns(dataset, table.frame, table.source_file)
    table.frame = frame
    return _Source(dataset=dataset, source_file=table.source_file, sha256=table.sha256,
                   table=table, warnings=list(warnings))


def _rows_of(source: _Source, con, contract, engine: str = "sql") -> _Source:
    """The source with its rows read (a deferred CSV file is read and conformed now).

    A CSV file whose primary key is text is staged into the load's DuckDB instead (see
    `readers.stage_csv`), when its lines prove row i = line i + 2: with the SQL engine
    (which checks the rows there) any such file, with Great Expectations one of more than
    PART_ROWS rows (checked in parts). Otherwise it is read whole.
    """
    if source.table is not None:
        return source
    staged = _staged(source, con, contract, 0 if engine == "sql" else package.PART_ROWS)
    if staged is not None:
        return _Source(dataset=source.dataset, source_file=source.source_file,
                       sha256=source.sha256, path=source.path, staged=staged)
    return _conformed(source.dataset, read_table_file(source.path))


def _staged(source: _Source, con, contract, min_rows: int) -> StagedCsv | None:
    from pipelines.contracts import conform_columns
    from pipelines.contracts._columns import normalise_header

    if source.path.suffix.lower() != ".csv" or not contract.primary_key or any(
            contract.properties[k].logical_type != "string" for k in contract.primary_key):
        return None
    header, _ = read_header(source.path)
    names = [normalise_header(h) for h in header]
    if any(k not in names for k in contract.primary_key):
        return None
    staged = stage_csv(source.path, con, [names.index(k) for k in contract.primary_key],
                       min_rows=min_rows)
    if staged is not None:
        staged.conform = lambda frame: conform_columns(source.dataset, frame, source.source_file)
        # `conform_columns` takes a column's first header (a canonical name given twice
        # was refused before the load started).
        staged.positions = {c: names.index(c) for c in contract.columns if c in names}
        staged.warnings = _header_warnings(staged, source)
    return staged


def _header_warnings(staged: StagedCsv, source: _Source) -> list[str]:
    """What `conform_columns` warns about the whole file (columns not stored), from its
    header and from which of its headerless columns hold a value: the warnings a part
    read by `StagedCsv.part` adds (the same, for a file checked in one part)."""
    from pipelines.contracts import conform_columns
    from pipelines.contracts._columns import normalise_header

    filled = staged.filled([i for i, h in enumerate(staged.header) if not normalise_header(h)])
    sample = pd.DataFrame([["x" if i in filled else "" for i in range(len(staged.header))]],
                          columns=staged.header, dtype="str")
    return conform_columns(source.dataset, sample, source.source_file)[1]


def _read_instruments(dirs: list[Path], report: LoadReport) -> list:
    from pipelines.instruments import load_instruments

    try:
        return load_instruments(extra_dirs=tuple(dirs))
    except CopdashError as problem:
        report.file_problems.append(problem)
        return []
