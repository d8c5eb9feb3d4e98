"""Read a canonical dataset file (CSV, Parquet, XLSX) into a frame of strings.

Every value is kept as the text the user typed ("" for blank), so that a wrong value is
quarantined by its row rather than failing the whole file, and so that the quarantine keeps
the row exactly as it was. Each row carries the line number a user sees in a text editor or
spreadsheet (the header is line 1). Problems with a whole file raise `FileProblem` with
what to do about it.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from pipelines import limits
from pipelines.errors import FileProblem
from pipelines.export_marker import is_copdash_export, unguard_frame

__all__ = ["RawTable", "StagedCsv", "StagedFrame", "picked_rows", "read_header", "read_table_file", "sha256_of", "stage_csv"]

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
    if suffix == ".csv" and is_copdash_export(path):
        frame = unguard_frame(frame)
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


# While a load runs (`scans_kept`): the scans made so far, by the file's identity and its
# size and modification time. A load reads each CSV file's header when it collects the
# files, again when it stages the file and once more to count its lines: one pass over
# the file instead of three (issue 18: 0.5 s of a 1M-turn load). None outside a load, so
# that a file rewritten between two calls is always read again.
_kept_scans: dict[tuple, _Scan] | None = None


@contextlib.contextmanager
def scans_kept() -> Iterator[None]:
    """Reuse a CSV file's scan (hash, line count, checks) within the block, as long as the
    file's size and modification time are unchanged; a failing scan is not kept."""
    global _kept_scans
    outer = _kept_scans
    _kept_scans = {} if outer is None else outer
    try:
        yield
    finally:
        _kept_scans = outer


def _scan_csv(path: Path, name: str) -> _Scan:
    """Hash the file, check it is UTF-8 text and count its lines, 4 MB at a time (or the
    scan made already in `scans_kept`).

    The same checks (and messages) as decoding the whole file would give, without a copy
    of a large file in memory.
    """
    if _kept_scans is None:
        return _scanned(path, name)
    status = path.stat()
    key = (str(path.resolve()), status.st_dev, status.st_ino, status.st_size,
           status.st_mtime_ns, status.st_ctime_ns)
    if key not in _kept_scans:
        _kept_scans[key] = _scanned(path, name)
    return _kept_scans[key]


def _scanned(path: Path, name: str) -> _Scan:
    digest = hashlib.sha256()
    newlines = 0
    carry = b""
    head = b""
    last = b""
    has_content = False
    fields = limits.FieldCheck()
    with path.open("rb") as handle:
        first = True
        while True:
            block = handle.read(_BLOCK)
            if first:
                _check_start(block, name)
                first = False
            if not block:
                break
            if len(head) < 65536:
                head += block[: 65536 - len(head)]
            fields.feed(block)
            digest.update(block)
            has_content = has_content or bool(block.strip())
            data = carry + block
            carry = _check_utf8(data, newlines, name, final=False)
            newlines += data.count(b"\n") - carry.count(b"\n")
            last = block[-1:]
    fields.finish(path)
    _check_field_sizes(fields, head, name)
    if carry:
        _check_utf8(carry, newlines, name, final=True)
    if not has_content:
        raise FileProblem(name, "the file is empty.",
                          "Export the data again with a header row and at least one row.")
    lines = newlines + (0 if last == b"\n" else 1)
    header_text = head.decode("utf-8-sig", errors="ignore")
    return _Scan(sha256=digest.hexdigest(), physical_lines=lines, header_text=header_text)


def _check_field_sizes(fields: limits.FieldCheck, head: bytes, name: str) -> None:
    """Refuse a value longer than `limits.MAX_FIELD_BYTES` (file, line, column, the limit),
    or a header line too long to be column names, before any parser reads the file."""
    header = None
    if fields.found is not None and fields.found[0] > 1:
        text = head.decode("utf-8-sig", errors="ignore")
        header = next(csv.reader(io.StringIO(text, newline="")), None)
    problem = fields.problem(name, header) or fields.header_problem(name)
    if problem is not None:
        raise problem


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


def _allow_long_fields() -> None:
    """The csv module's own limit (128 KB) up to ours: longer values were refused by the scan."""
    if csv.field_size_limit() < limits.MAX_FIELD_BYTES + 1:
        csv.field_size_limit(limits.MAX_FIELD_BYTES + 1)


def _header_of(scan: _Scan, name: str) -> list[str]:
    _allow_long_fields()
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
    _allow_long_fields()
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
        problem = (f"the file has only one column ('{limits.excerpt(header[0])}'); copdash expects "
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
    limits.check_xlsx(path, name)  # sizes from the zip's directory, before any XML is parsed
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


# --------------------------------------------------------------------------- staged in DuckDB

_STAGED = "staged_file_rows"
_PARTS = "staged_file_parts"
# What Python's str.strip() removes (str.isspace()), for RE2: trimming a key or finding a
# blank row in DuckDB must agree with the pandas checks, which strip with Python.
_SPACE = r"[\t\n\x{0B}\f\r\x{1C}-\x{1F} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]"
_TRIM = f"^{_SPACE}+|{_SPACE}+$"


_BLANK = f"{_SPACE}*"


def _stripped_sql(column: str) -> str:
    """SQL for a value stripped as `str.strip()` strips it, blank (or NULL) as NULL (needs
    `$trim`). A value that starts and ends with a printable ASCII character has nothing to
    strip: only the others go through the regular expression (a third of the time)."""
    return (f"nullif(case when ord({column}) between 33 and 126 and ord(right({column}, 1)) "
            f"between 33 and 126 then {column} else regexp_replace({column}, $trim, '', 'g') end, '')")


class StagedCsv:
    """A big CSV file's rows held in a DuckDB temporary table instead of in Python.

    DuckDB's CSV reader fills the table (`c0`, `c1`, ...: the values as written, in the
    header's order) in file order, so a row's `rowid` less the first one (`base`: a
    temporary table's rows in a transaction are numbered from a large offset) is its
    position among the lines after the header: its line is that + 2. Blank rows stay in the table and are left
    out of every part. DuckDB spills the table to disk beyond its memory limit, so a file
    bigger than memory is checked part by part: `part(rows)` gives one part as the same
    frame of Arrow strings that `read_table_file` gives for a whole file.
    """

    def __init__(self, con, header: list[str], rows: int, key_columns: list[int]) -> None:
        self.con = con
        self.header = header
        self.n = rows
        self.key_columns = key_columns
        self.base = 0
        self.groups: dict[int, int] = {}  # first row id of a part -> its group
        # Set by the caller: frame -> (frame with canonical columns, warnings), per part;
        # and each canonical column's header position (as `conform` matches them).
        self.conform = None
        self.positions: dict[str, int] = {}
        self.warnings: list[str] = []

    def _not_blank(self) -> str:
        """SQL true on a row that is not blank (needs `$blank`). A row whose first value
        starts with a printable ASCII character (never space) is not blank: only the
        others go through the regular expression over the whole row, which CASE
        evaluates for them alone (issue 18: 0.3 s per million rows, twice per file)."""
        joined = " || ".join(f"coalesce(c{i}, '')" for i in range(len(self.header)))
        return (f"(case when ord(c0) between 33 and 126 then true "
                f"else not regexp_full_match({joined}, $blank) end)")

    def parts(self, count: int) -> list[np.ndarray]:
        """Row ids of each of `count` groups of rows by a hash of their trimmed key (blank
        as missing, as the checks read it), each sorted.

        The table is rewritten once with each row's group (`_g`) and id (`_row`), blank
        rows left out, so that reading one part is a filter on `_g`, not a join. It is
        written in `_g` order, so that DuckDB reads only the row groups of that part (its
        zone maps) instead of the whole table (spilled to disk at 10M rows) once a part.
        """
        keys = ", ".join(_stripped_sql(f"c{i}") for i in self.key_columns)
        values = ", ".join(f"coalesce(c{i}, '') as c{i}" for i in range(len(self.header)))
        self.con.execute(
            f"create or replace temp table {_PARTS} as select (hash({keys}) % $count)::bigint "  # noqa: S608
            f"as _g, rowid - $base as _row, {values} from {_STAGED} where {self._not_blank()} "
            "order by _g, _row",
            {"trim": _TRIM, "blank": _BLANK, "count": count, "base": self.base})
        self.drop_rows()
        found = self.con.execute(f"select _row, _g from {_PARTS}").fetchnumpy()  # noqa: S608
        order = np.lexsort((found["_row"], found["_g"]))
        rows, groups = found["_row"][order].astype(np.int64), found["_g"][order]
        del found, order
        bounds = np.searchsorted(groups, np.arange(count + 1))
        parts = []
        for group, (a, b) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
            if b > a:
                parts.append(rows[a:b])
                self.groups[int(rows[a])] = group
        return parts

    def part(self, rows: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
        """One part given by `parts` (its row ids), in file order, and its line numbers."""
        values = ", ".join(f"c{i}" for i in range(len(self.header)))
        table = self.con.sql(
            f"select _row, {values} from {_PARTS} where _g = $g",  # noqa: S608 - internal names
            params={"g": self.groups[int(rows[0])]}).to_arrow_table()
        ids = table.column("_row").to_numpy()
        if len(ids) > 1 and (np.diff(ids) < 0).any():
            order = np.argsort(ids, kind="stable")
            table, ids = table.take(pa.array(order)), ids[order]
        if len(ids) != len(rows):
            raise RuntimeError(f"part of {len(rows)} rows read back as {len(ids)}")
        lines = ids.astype(np.int64) + 2
        table = table.drop_columns(["_row"])
        table = table.cast(pa.schema([(f"c{i}", pa.large_string()) for i in range(len(self.header))]))
        frame = table.to_pandas(types_mapper={pa.large_string(): _TEXT}.get)
        del table
        frame.columns = self.header
        if self.conform is not None:
            frame, warnings = self.conform(frame)
            self.warnings += [w for w in warnings if w not in self.warnings]
        return frame, lines

    def select_sql(self, expressions: dict[str, str]) -> tuple[str, dict[str, object]]:
        """A query of every row's `_row` and `expressions` (name -> SQL over `text(name)`:
        see `text_sql`), with its parameters; run it once `parts` has staged the rows."""
        listed = "".join(f', {sql} as "{name}"' for name, sql in expressions.items())
        return f"select _row{listed} from {_PARTS}", {"trim": _TRIM}  # noqa: S608 - internal names

    def text_sql(self, name: str) -> str:
        """SQL for a canonical column's value as the checks read it: stripped as Python's
        `str.strip()` strips (`_TRIM`), blank as NULL; NULL for a column the file lacks."""
        if name not in self.positions:
            return "cast(null as varchar)"
        return _stripped_sql(f"c{self.positions[name]}")

    # Read by the SQL engine straight from the staged rows (`contracts.CheckedInDuckDB`),
    # without `parts`: the rows stay in DuckDB, only the quarantined ones come to Python.
    line_sql = "_row + 2"

    def rows_sql(self) -> tuple[str, dict[str, object]]:
        """A query of the rows (blank rows left out): `_row` and the values `c0`, `c1`, ...
        as written (NULL for blank), with its parameters."""
        return (f"select rowid - $base as _row, * from {_STAGED} where {self._not_blank()}",  # noqa: S608
                {"base": self.base, "blank": _BLANK, "trim": _TRIM})

    def raw_sql(self, name: str) -> str:
        """SQL for a canonical column's value as written ("" for blank or a missing column)."""
        if name not in self.positions:
            return "''"
        return f"coalesce(c{self.positions[name]}, '')"

    def filled(self, positions: list[int]) -> set[int]:
        """Which of the header `positions` hold a value that is not blank on some row."""
        if not positions:
            return set()
        listed = ", ".join(f"bool_or({_stripped_sql(f'c{i}')} is not null)" for i in positions)
        found = self.con.execute(f"select {listed} from {_STAGED}", {"trim": _TRIM}).fetchone()  # noqa: S608
        return {i for i, hit in zip(positions, found, strict=True) if hit}

    def drop_rows(self) -> None:
        self.con.execute(f"drop table if exists {_STAGED}")

    def drop(self) -> None:
        self.drop_rows()
        self.con.execute(f"drop table if exists {_PARTS}")


class StagedFrame:
    """A frame of strings (a file read whole, an importer's rows) copied into a DuckDB
    temporary table, read as a `StagedCsv` is read by the SQL engine (`rows_sql`,
    `text_sql`, `raw_sql`): `_row` is the row's position, `_line` its line."""

    line_sql = "_line"

    def __init__(self, con, frame: pd.DataFrame, lines: np.ndarray) -> None:
        from pipelines.duck import copy_into_temp_table

        self.con = con
        self.n = len(frame)
        self.positions = {str(name): i for i, name in enumerate(frame.columns)}
        self.warnings: list[str] = []
        copy_into_temp_table(con, _FRAME_ROWS, pd.DataFrame({
            "_row": np.arange(self.n, dtype=np.int64),
            "_line": np.asarray(lines, dtype=np.int64),
            **{f"c{i}": frame.iloc[:, i].astype("str") for i in range(frame.shape[1])},
        }))

    def rows_sql(self) -> tuple[str, dict[str, object]]:
        return f"select * from {_FRAME_ROWS}", {"trim": _TRIM}  # noqa: S608 - internal name

    def text_sql(self, name: str) -> str:
        if name not in self.positions:
            return "cast(null as varchar)"
        return _stripped_sql(f"c{self.positions[name]}")

    def raw_sql(self, name: str) -> str:
        if name not in self.positions:
            return "''"
        return f"coalesce(c{self.positions[name]}, '')"

    def drop(self) -> None:
        self.con.execute(f"drop table if exists {_FRAME_ROWS}")


def picked_rows(rows, table: str, columns: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows of a `StagedCsv` or `StagedFrame` whose `_row` is in `table` (in `_row`
    order): their `columns` as written, the same frame of Arrow strings `read_table_file`
    gives, and their line numbers."""
    sql, params = rows.rows_sql()
    params = {k: v for k, v in params.items() if f"${k}" in sql}
    listed = "".join(f', {rows.raw_sql(c)} as "c{i}"' for i, c in enumerate(columns))
    arrow = rows.con.sql(
        f"select r._row, {rows.line_sql} as _line{listed} from ({sql}) as r "  # noqa: S608
        f"semi join {table} using (_row) order by r._row", params=params).to_arrow_table()
    lines = arrow.column("_line").to_numpy().astype(np.int64)
    text = arrow.drop_columns(["_row", "_line"]).cast(
        pa.schema([(f"c{i}", pa.large_string()) for i in range(len(columns))]))
    frame = text.to_pandas(types_mapper={pa.large_string(): _TEXT}.get)
    frame.columns = list(columns)
    return frame, lines


_FRAME_ROWS = "staged_frame_rows"


def stage_csv(path: str | Path, con, key_columns: list[int], *, min_rows: int = 0,
              display_name: str | None = None) -> StagedCsv | None:
    """Stage a CSV file's rows into a DuckDB temporary table with DuckDB's CSV reader.

    Taken, like `_read_csv_arrow`, only when every line after the header is exactly one
    row (DuckDB reads as many rows as the file has lines, none with the wrong number of
    values), so that row i is line i + 2; otherwise `None` (nothing staged) and the file
    is read whole with `read_table_file`, which keeps exact lines. `key_columns` are the
    header positions of the primary key's columns. A file of at most `min_rows` lines
    after the header is not staged (`None`). Call after `read_header`, which has checked
    the file (encoding, header).
    """
    import duckdb

    path = Path(path)
    name = display_name or str(path)
    scan = _scan_csv(path, name)
    if scan.physical_lines - 1 <= min_rows or is_copdash_export(path):
        # (copdash's own exports are read whole, so that their formula guard is taken off)
        return None
    header = _header_of(scan, name)
    columns = {f"c{i}": "varchar" for i in range(len(header))}
    try:
        con.execute(
            f"create or replace temp table {_STAGED} as select * from read_csv("  # noqa: S608
            "$path, header = true, delim = ',', quote = '\"', escape = '\"', "
            # A line that is not one row is skipped, not an error (an error inside the
            # load's transaction would abort it): the count below then sends the file to
            # `read_table_file`, which reports such lines.
            "strict_mode = true, null_padding = false, auto_detect = false, "
            "ignore_errors = true, columns = $columns)", {"path": str(path), "columns": columns})
    except duckdb.Error:
        con.execute(f"drop table if exists {_STAGED}")
        return None
    staged = StagedCsv(con, header, 0, key_columns)
    total, kept, base, last = con.execute(
        f"select count(*), count(*) filter (where {staged._not_blank()}), min(rowid), "  # noqa: S608
        f"max(rowid) from {_STAGED}", {"blank": _BLANK}).fetchone()
    if total != scan.physical_lines - 1 or kept == 0 or last - base + 1 != total:
        staged.drop()
        return None
    staged.n, staged.base = kept, base
    return staged
