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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from pipelines.errors import FileProblem

__all__ = ["RawTable", "read_header", "read_table_file", "sha256_of"]

# Values are Arrow strings (pandas' "str"): no Python object per value, blank = "".
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)

_SAVE_AS_CSV_UTF8 = (
    "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'; in LibreOffice choose "
    "'Text CSV', character set 'Unicode (UTF-8)', field delimiter ','."
)


@dataclass
class RawTable:
    """A file as read: string values, the header as written, one line number per row."""

    source_file: str
    frame: pd.DataFrame
    line_numbers: np.ndarray  # int64, one per row
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
        frame, lines, row_problems, digest = _read_csv(path, name)
    elif suffix == ".parquet":
        frame, lines = _read_parquet(path, name)
        digest = sha256_of(path)
    elif suffix == ".xlsx":
        frame, lines = _read_xlsx(path, name)
        digest = sha256_of(path)
    else:
        raise _unknown_suffix(name, suffix)
    _check_header(frame, name)
    return RawTable(source_file=name, frame=frame, line_numbers=np.asarray(lines, dtype=np.int64),
                    sha256=digest, row_problems=row_problems)


def read_header(path: str | Path, display_name: str | None = None) -> tuple[list[str], str] | None:
    """A CSV file's header and SHA-256 after every file-level check, without reading its rows
    into memory; `None` for other formats (read them whole with `read_table_file`)."""
    path = Path(path)
    name = display_name or str(path)
    if not path.is_file():
        raise FileProblem(name, "the file does not exist or is not a file.")
    if path.suffix.lower() != ".csv":
        return None
    scan = _scan_csv(path, name)
    header = _header_of(scan, name)
    _check_header(pd.DataFrame(columns=header), name)
    return header, scan.sha256


def _unknown_suffix(name: str, suffix: str) -> FileProblem:
    return FileProblem(name, f"files ending in '{suffix}' cannot be loaded.",
                       "Save the data as .csv (UTF-8), .parquet or .xlsx.")


_BLOCK = 1 << 22  # 4 MB: what one pass over a file reads at a time


@dataclass
class _Scan:
    """What one streaming pass over a CSV file learns without holding it in memory."""

    sha256: str
    physical_lines: int  # header included; a last line without "\n" counts
    header_text: str  # the decoded start of the file, enough to hold the header line


def _scan_csv(path: Path, name: str) -> _Scan:
    """Hash the file, check it is UTF-8 text and count its lines, 4 MB at a time.

    The same checks (and messages) as decoding the whole file would give, without a copy
    of a large file in memory.
    """
    digest = hashlib.sha256()
    newlines = 0
    carry = b""
    head = b""
    last = b""
    has_content = False
    with path.open("rb") as handle:
        first = True
        while True:
            block = handle.read(_BLOCK)
            if first:
                _check_start(block, name)
                first = False
            if not block:
                break
            digest.update(block)
            has_content = has_content or bool(block.strip())
            if len(head) < 65536:
                head += block[: 65536 - len(head)]
            data = carry + block
            carry = _check_utf8(data, newlines, name, final=False)
            newlines += data.count(b"\n") - carry.count(b"\n")
            last = block[-1:]
    if carry:
        _check_utf8(carry, newlines, name, final=True)
    if not has_content:
        raise FileProblem(name, "the file is empty.",
                          "Export the data again with a header row and at least one row.")
    lines = newlines + (0 if last == b"\n" else 1)
    header_text = head.decode("utf-8-sig", errors="ignore")
    return _Scan(sha256=digest.hexdigest(), physical_lines=lines, header_text=header_text)


def _check_start(block: bytes, name: str) -> None:
    if block.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(
            name,
            "the file is UTF-16 text (the format of MS Teams attendance reports), not UTF-8 CSV.",
            "For a Teams or Zoom report use `copdash import FILE --meeting ID`; otherwise "
            + _SAVE_AS_CSV_UTF8,
        )
    if b"\x00" in block[:8192]:
        raise FileProblem(name, "this is not a text file (it contains binary data).",
                          "Check that you chose the right file; " + _SAVE_AS_CSV_UTF8)


def _check_utf8(data: bytes, newlines_before: int, name: str, *, final: bool) -> bytes:
    """Raise for bytes that are not UTF-8; return an incomplete character cut at the end."""
    try:
        data.decode("utf-8")
        return b""
    except UnicodeDecodeError as exc:
        if not final and exc.reason == "unexpected end of data" and len(data) - exc.start < 4:
            return data[exc.start:]
        line = newlines_before + data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1]
        raise FileProblem(
            name,
            f"the file is not UTF-8 text (byte {bad!r} on line {line}; probably saved as "
            "Windows-1252/ANSI).",
            _SAVE_AS_CSV_UTF8,
        ) from None


def _header_of(scan: _Scan, name: str) -> list[str]:
    reader = csv.reader(io.StringIO(scan.header_text, newline=""), dialect="excel", strict=False)
    try:
        header = next(reader)
    except StopIteration:
        raise FileProblem(name, "the file is empty.") from None
    except csv.Error as exc:
        raise FileProblem(name, f"the header line cannot be read ({exc}).") from None
    if len(header) <= 1:
        _explain_single_column(scan.header_text, header, name)
    return header


def _read_csv(path: Path, name: str) -> tuple[pd.DataFrame, np.ndarray, dict[int, str], str]:
    scan = _scan_csv(path, name)
    header = _header_of(scan, name)
    fast = _read_csv_arrow(path, header, scan)
    if fast is not None:
        frame, lines = fast
        problems: dict[int, str] = {}
    else:
        frame, lines, problems = _read_csv_records(path, header, name)
    if not len(frame):
        raise FileProblem(name, "the file has a header but no rows.",
                          "Add rows under the header, or leave the file out of the load.")
    return frame, lines, problems, scan.sha256


def _read_csv_arrow(path: Path, header: list[str], scan: _Scan) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Fast path: Arrow parses the file into Arrow strings (no Python object per value).

    Taken only when every line after the header is exactly one row (no blank lines, no
    value spanning lines, no line with the wrong number of values), so that row i is
    line i + 2. Otherwise `None`, and the record-by-record reader keeps the exact lines.
    """
    width = len(header)
    names = [f"c{i}" for i in range(width)]
    skipped = 0

    def skip(_row: object) -> str:
        nonlocal skipped
        skipped += 1
        return "skip"

    try:
        table = pa_csv.read_csv(
            path,
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=True,
                                              invalid_row_handler=skip),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if skipped or table.num_rows != scan.physical_lines - 1:
        return None
    lines = np.arange(2, table.num_rows + 2, dtype=np.int64)
    blank = None
    for column in table.columns:
        empty = pc.equal(pc.utf8_trim_whitespace(column), "")
        blank = empty if blank is None else pc.and_(blank, empty)
    if blank is not None and pc.any(blank).as_py():
        keep = pc.invert(blank)
        table = table.filter(keep)
        lines = lines[np.asarray(keep)]
    frame = table.to_pandas(types_mapper={pa.large_string(): _TEXT}.get)
    frame.columns = header
    return frame, lines


def _read_csv_records(path: Path, header: list[str], name: str
                      ) -> tuple[pd.DataFrame, np.ndarray, dict[int, str]]:
    """Record by record with the csv module: exact lines for values spanning lines, blank
    lines skipped, lines with too many values marked."""
    text = path.read_bytes().decode("utf-8-sig")
    # The csv module gives the physical line of each record, which stays right when a
    # quoted field spans several lines.
    reader = csv.reader(io.StringIO(text, newline=""), dialect="excel", strict=False)
    next(reader)
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
    del text
    frame = pd.DataFrame(rows, columns=range(width), dtype=object).astype(_TEXT)
    frame.columns = header
    return frame, np.asarray(lines, dtype=np.int64), problems


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
    return out.astype(_TEXT)


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
