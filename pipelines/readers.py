"""Read a canonical dataset file (CSV, Parquet, XLSX) into a frame of strings.

Every value is kept as the text the user typed ("" for blank), so that a wrong value is
quarantined by its row rather than failing the whole file, and so that the quarantine keeps
the row exactly as it was. Each row carries the line number a user sees in a text editor or
spreadsheet (the header is line 1). Problems with a whole file raise `FileProblem` with
what to do about it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.errors import FileProblem

__all__ = ["RawTable", "read_table_file", "sha256_of"]

_SAVE_AS_CSV_UTF8 = (
    "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'; in LibreOffice choose "
    "'Text CSV', character set 'Unicode (UTF-8)', field delimiter ','."
)


@dataclass
class RawTable:
    """A file as read: string values, the header as written, one line number per row."""

    source_file: str
    frame: pd.DataFrame
    line_numbers: list[int]
    sha256: str
    # Rows that cannot be split into the header's columns: position in frame -> message.
    row_problems: dict[int, str] = field(default_factory=dict)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_table_file(path: str | Path, display_name: str | None = None) -> RawTable:
    """Read one file; the reader is chosen by its suffix."""
    path = Path(path)
    name = display_name or str(path)
    if not path.is_file():
        raise FileProblem(name, "the file does not exist or is not a file.")
    suffix = path.suffix.lower()
    row_problems: dict[int, str] = {}
    if suffix == ".csv":
        frame, lines, row_problems = _read_csv(path, name)
    elif suffix == ".parquet":
        frame, lines = _read_parquet(path, name)
    elif suffix == ".xlsx":
        frame, lines = _read_xlsx(path, name)
    else:
        raise FileProblem(name, f"files ending in '{suffix}' cannot be loaded.",
                          "Save the data as .csv (UTF-8), .parquet or .xlsx.")
    _check_header(frame, name)
    return RawTable(source_file=name, frame=frame, line_numbers=lines, sha256=sha256_of(path),
                    row_problems=row_problems)


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise FileProblem(name, "the file is empty.",
                          "Export the data again with a header row and at least one row.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(
            name,
            "the file is UTF-16 text (the format of MS Teams attendance reports), not UTF-8 CSV.",
            "For a Teams or Zoom report use `copdash import FILE --meeting ID`; otherwise "
            + _SAVE_AS_CSV_UTF8,
        )
    if b"\x00" in data[:8192]:
        raise FileProblem(name, "this is not a text file (it contains binary data).",
                          "Check that you chose the right file; " + _SAVE_AS_CSV_UTF8)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1]
        raise FileProblem(
            name,
            f"the file is not UTF-8 text (byte {bad!r} on line {line}; probably saved as "
            "Windows-1252/ANSI).",
            _SAVE_AS_CSV_UTF8,
        ) from None


def _read_csv(path: Path, name: str) -> tuple[pd.DataFrame, list[int], dict[int, str]]:
    text = _decode(path.read_bytes(), name)
    # The csv module gives the physical line of each record, which stays right when a
    # quoted field spans several lines.
    reader = csv.reader(io.StringIO(text, newline=""), dialect="excel", strict=False)
    try:
        header = next(reader)
    except StopIteration:
        raise FileProblem(name, "the file is empty.") from None
    except csv.Error as exc:
        raise FileProblem(name, f"the header line cannot be read ({exc}).") from None
    if len(header) <= 1:
        _explain_single_column(text, header, name)
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: dict[int, str] = {}
    width = len(header)
    try:
        for record in reader:
            if not record or all(cell.strip() == "" for cell in record):
                continue  # blank lines are not rows
            start_line = reader.line_num - _newlines_in(record)
            if len(record) < width:
                record = record + [""] * (width - len(record))
            elif len(record) > width:
                if any(cell.strip() for cell in record[width:]):
                    problems[len(rows)] = (
                        f"this line has {len(record)} values but the header has {width} "
                        "columns; a value that contains a comma must be in double quotes"
                    )
                record = record[:width]
            rows.append(record)
            lines.append(start_line)
    except csv.Error as exc:
        raise FileProblem(name, f"line {reader.line_num} cannot be read as CSV ({exc}).",
                          "Check for an unclosed quote (\") on or before that line.") from None
    if not rows:
        raise FileProblem(name, "the file has a header but no rows.",
                          "Add rows under the header, or leave the file out of the load.")
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    return frame, lines, problems


def _newlines_in(record: list[str]) -> int:
    return sum(cell.count("\n") for cell in record)


def _explain_single_column(text: str, header: list[str], name: str) -> None:
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";\t|")
        found = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}.get(
            dialect.delimiter, repr(dialect.delimiter))
        problem = f"the values are separated by {found}, not commas, so the file reads as one column."
    except csv.Error:
        problem = (f"the file has only one column ({header[0]!r}); copdash expects "
                   "comma-separated columns with a header row.")
    raise FileProblem(name, problem, _SAVE_AS_CSV_UTF8)


def _as_text(value: object) -> str:
    """Typed cells (Parquet, Excel) back to the text a user would have typed."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        if pd.isna(value):
            return ""
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def _stringify(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=range(len(frame)))
    for column in frame.columns:
        out[str(column)] = [_as_text(v) for v in frame[column].tolist()]
    return out.astype(object)


def _read_parquet(path: Path, name: str) -> tuple[pd.DataFrame, list[int]]:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several error types for broken files
        raise FileProblem(name, f"the file cannot be read as Parquet ({exc}).",
                          "Export it again, or save it as CSV (UTF-8).") from None
    if frame.empty:
        raise FileProblem(name, "the file has no rows.")
    # Parquet has no lines: row 1 is reported as line 2, as it would be in a CSV export.
    return _stringify(frame), list(range(2, len(frame) + 2))


def _read_xlsx(path: Path, name: str) -> tuple[pd.DataFrame, list[int]]:
    try:
        frame = pd.read_excel(path, sheet_name=0, header=0, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises several error types for broken files
        raise FileProblem(name, f"the file cannot be read as an Excel workbook ({exc}).",
                          "Open it in Excel and save it again as .xlsx, or save as CSV (UTF-8).") from None
    # pandas drops fully blank rows at the end only; keep the sheet's row numbers (header = 1).
    lines = [int(i) + 2 for i in frame.index]
    blank = frame.isna().all(axis=1)
    frame = frame.loc[~blank]
    lines = [line for line, is_blank in zip(lines, blank.tolist(), strict=True) if not is_blank]
    if frame.empty:
        raise FileProblem(name, "the first sheet has a header but no rows.",
                          "Put the data on the first sheet, header in row 1.")
    frame.columns = ["" if str(c).startswith("Unnamed:") else str(c) for c in frame.columns]
    return _stringify(frame.reset_index(drop=True)), lines


def _check_header(frame: pd.DataFrame, name: str) -> None:
    names = [str(c).strip() for c in frame.columns]
    if all(n == "" for n in names):
        raise FileProblem(name, "the first line has no column names.",
                          "Put the column names (e.g. member_id, cop_id, ...) in the first line.")
