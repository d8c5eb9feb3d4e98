"""Limits on the files copdash reads, and the checks that enforce them.

A hostile or broken file (one huge value, a zip bomb saved as `.xlsx`, a link to a file
outside the folder, hundreds of thousands of broken rows) is refused with a plain
`FileProblem` before it can use much memory or fill the database. Every limit is a named
constant here; the ones a user may need to raise read an environment variable (see
`docs/security.md`, "Limits on files").
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from pathlib import Path

import numpy as np

from pipelines.errors import FileProblem

__all__ = [
    "EXCERPT_CHARS", "MAX_FIELD_BYTES", "MAX_HEADER_BYTES", "MAX_QUARANTINED_ROWS",
    "MAX_XLSX_EXPANDED_BYTES", "MAX_XLSX_RATIO", "MAX_XLSX_ROWS", "FieldCheck", "FieldScan",
    "MAX_EXPORT_BYTES", "check_export", "check_inside", "check_quarantined", "check_xlsx",
    "excerpt", "keep_inside",
]


def _from_env(name: str, default: int) -> int:
    """A whole number from the environment variable `name` (a positive integer), else `default`."""
    text = os.environ.get(name, "").strip().replace("_", "")
    return int(text) if text.isdigit() and int(text) > 0 else default


# One value (field) of a CSV file, in bytes of UTF-8: far above any real value (a long
# free-text comment is a few KB), far below what makes the parsers use gigabytes.
MAX_FIELD_BYTES = _from_env("COPDASH_MAX_FIELD_BYTES", 1_000_000)
# The header line: column names only, read from the first 64 KB of the file.
MAX_HEADER_BYTES = 65_536
# An .xlsx is a zip of XML: its parts may expand to at most this many bytes in total ...
MAX_XLSX_EXPANDED_BYTES = _from_env("COPDASH_MAX_XLSX_BYTES", 200_000_000)
# ... no part may expand more than this many times its compressed size (a real sheet
# compresses 5-30 times; a zip bomb thousands of times) ...
MAX_XLSX_RATIO = _from_env("COPDASH_MAX_XLSX_RATIO", 200)
# ... and a sheet may have at most this many rows (as its `<dimension>` says).
MAX_XLSX_ROWS = _from_env("COPDASH_MAX_XLSX_ROWS", 300_000)
# One file may add at most this many quarantined rows: beyond that it is the wrong file
# or a broken export, and the whole file is refused (nothing of the load is written).
MAX_QUARANTINED_ROWS = _from_env("COPDASH_MAX_QUARANTINED_ROWS", 100_000)
# One meeting export (attendance report, transcript) given to `copdash import` or uploaded:
# a day-long meeting's transcript is a few MB.
MAX_EXPORT_BYTES = _from_env("COPDASH_MAX_EXPORT_BYTES", 50_000_000)
# A file's content is quoted in a message only as the offending value, cut to this length.
EXCERPT_CHARS = 60


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A value quoted in a message: one line, at most `limit` characters (then '…')."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n:,} bytes"


# --------------------------------------------------------------------------- links


def check_inside(path: Path, folder: Path, name: str | None = None) -> None:
    """Refuse a file that is a link, or is reached through one, or lies outside `folder`.

    A symbolic link (`members.csv -> /etc/passwd`) is refused even when it points inside
    the folder: copdash reads the files that are in the folder, nothing else. A regular
    file with more than one hard link may be another file's second name (a hard link made
    to a file elsewhere), so it is refused too.
    """
    name = name or str(path)
    fix = "Copy the file itself into the folder (not a link or shortcut to it) and load again."
    try:
        info = path.lstat()
    except OSError:
        raise FileProblem(name, "the file does not exist or cannot be read.") from None
    if stat.S_ISLNK(info.st_mode):
        raise FileProblem(name, "the file is a link to another file; copdash does not follow links.", fix)
    try:
        inside = path.resolve(strict=True).is_relative_to(folder.resolve(strict=True))
    except OSError:
        inside = False
    if not inside:
        raise FileProblem(name, "the file lies outside the folder being loaded.", fix)
    if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
        raise FileProblem(name, "the file has several names (hard links), so it may be a "
                          "file from elsewhere; copdash does not read it.", fix)


def keep_inside(paths: list[Path], folder: Path, problems: list) -> list[Path]:
    """The paths `check_inside` accepts; a FileProblem in `problems` for each other one."""
    kept = []
    for path in paths:
        try:
            check_inside(path, folder)
        except FileProblem as problem:
            problems.append(problem)
        else:
            kept.append(path)
    return kept


# --------------------------------------------------------------------------- CSV fields

_QUOTE, _COMMA, _NEWLINE = ord('"'), ord(","), ord("\n")


class FieldScan:
    """Finds the first CSV value longer than `MAX_FIELD_BYTES`, block by block.

    Quotes are counted (a `""` inside a quoted value counts twice, so the parity is right):
    a comma or line end outside quotes ends a value. Vectorised with numpy: memory is a
    few times one block, whatever the file's size.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_FIELD_BYTES if limit is None else limit
        self.offset = 0  # bytes before the current block
        self.newlines = 0  # line feeds before the current block
        self.in_quotes = False
        self.field_start = 0  # file offset where the current value starts
        self.start_line = 1  # the line it starts on (a text editor's line)
        self.column = 0  # its position in its row (0 = first)
        self.header_end: int | None = None  # file offset of the header's line end
        self.found: tuple[int, int, int] | None = None  # (line, column, bytes) of the first too long

    def feed(self, block: bytes) -> None:
        if self.found is not None or not block:
            self.offset += len(block)
            return
        data = np.frombuffer(block, dtype=np.uint8)
        quotes = data == _QUOTE
        ends = (data == _COMMA) | (data == _NEWLINE)
        if quotes.any():
            odd = (np.cumsum(quotes, dtype=np.uint8) & 1).astype(bool)
            ends &= odd if self.in_quotes else ~odd
            self.in_quotes = bool(odd[-1]) != self.in_quotes
        elif self.in_quotes:
            ends[:] = False
        positions = np.flatnonzero(ends)
        starts = np.concatenate(([self.field_start - self.offset], positions[:-1] + 1))
        lengths = positions - starts
        row_end = data[positions] == _NEWLINE
        if self.header_end is None and row_end.any():
            self.header_end = self.offset + int(positions[np.argmax(row_end)])
        too_long = np.flatnonzero(lengths > self.limit)
        if too_long.size:
            k = int(too_long[0])
            start = int(starts[k])
            line = (self.start_line if start < 0 else
                    self.newlines + int(np.count_nonzero(data[:start] == _NEWLINE)) + 1)
            self.found = (line, self._column_of(row_end, k), int(lengths[k]))
            return
        self.column = self._column_of(row_end, len(positions))
        if positions.size:
            last = int(positions[-1]) + 1
            self.field_start = self.offset + last
            self.start_line = self.newlines + int(np.count_nonzero(data[:last] == _NEWLINE)) + 1
        self.offset += len(block)
        self.newlines += int(np.count_nonzero(data == _NEWLINE))
        if self.offset - self.field_start > self.limit:  # not ended yet, already too long
            self.found = (self.start_line, self.column, self.offset - self.field_start)

    def finish(self) -> None:
        """The file's end: its last value (no line end after it) is checked too."""
        if self.found is None and self.offset - self.field_start > self.limit:
            self.found = (self.start_line, self.column, self.offset - self.field_start)

    def _column_of(self, row_end: np.ndarray, k: int) -> int:
        """The column of the value that ends at the block's k-th value end."""
        before = np.flatnonzero(row_end[:k])
        return k - int(before[-1]) - 1 if before.size else self.column + k

    def problem(self, name: str, header: list[str] | None) -> FileProblem | None:
        """The FileProblem for the value found (file, line, column, the limit), or None."""
        if self.found is None:
            return None
        line, column, _ = self.found
        fix = (f"Shorten that value (at most {_size(self.limit)}), or check that you chose the "
               "right file; an unclosed quote (\") makes the rest of a file one value. "
               "To allow longer values set COPDASH_MAX_FIELD_BYTES.")
        if line == 1 or header is None:
            return FileProblem(name, f"the header line (line 1), column {column + 1}: a value "
                               f"is longer than {_size(self.limit)}, the most a value may be.", fix)
        where = (f"column '{excerpt(header[column])}'" if column < len(header)
                 else f"column {column + 1}")
        return FileProblem(name, f"line {line}, {where}: the value is longer than "
                           f"{_size(self.limit)}, the most a value may be.", fix)

    def header_problem(self, name: str) -> FileProblem | None:
        """A header line longer than `MAX_HEADER_BYTES` (cannot be column names)."""
        end = self.header_end if self.header_end is not None else self.offset
        if end <= MAX_HEADER_BYTES:
            return None
        return FileProblem(name, f"the first line (the header) is {_size(end)} long; a header "
                           f"of column names is at most {_size(MAX_HEADER_BYTES)}.",
                           "Check that you chose the right file and that its first line holds "
                           "the column names (member_id, cop_id, ...).")


class FieldCheck(FieldScan):
    """The check a CSV file's scan runs: a fast pass that can only suspect a long value,
    then, only for a suspect file, `FieldScan`'s exact pass to find its line and column.

    A value over the limit L has a quoted part or an unquoted part over L/2 (the tests use
    L/2, so they may suspect a value of L/2 to L, which the exact pass then clears). An
    unquoted part holds no comma or line feed at all, so it covers a whole window of L/4
    bytes (windows laid from the block's start) with none, or runs over a block's edge
    (`run`: bytes since the last one). A quoted part is a span from an opening to a closing
    quote, spans joined by a `""` counting as one; only the quotes' positions are listed
    for that. About ten times faster than the exact pass, which lists every value end.
    """

    def __init__(self, limit: int | None = None) -> None:
        super().__init__(limit)
        self.run = 0
        self.suspect = False
        self.open_at = -1  # where the quoted span still open at the block's end started
        self.last_close = -2  # the last closing quote
        self.group_start = -1  # where the last quoted span (with its `""` joins) started

    def feed(self, block: bytes) -> None:
        if self.suspect or not block:
            self.offset += len(block)
            return
        data = np.frombuffer(block, dtype=np.uint8)
        base, size = self.offset, len(data)
        if self.header_end is None:  # exact, for the first block(s) only
            self._find_header_end(data)
        self.offset += size
        self._check_quoted(np.flatnonzero(data == _QUOTE) + base, base + size)
        ends = (data == _COMMA) | (data == _NEWLINE)
        if not ends.any():
            self.run += size
            self.suspect = self.suspect or self.run > self.limit // 2
            return
        window = max(self.limit // 4, 1)
        whole = size // window
        self.suspect = self.suspect or self.run + int(np.argmax(ends)) > self.limit // 2 or bool(
            whole and not ends[: whole * window].reshape(whole, window).any(axis=1).all())
        self.run = int(np.argmax(ends[::-1]))  # bytes after the last comma or line feed

    def _find_header_end(self, data: np.ndarray) -> None:
        quotes = data == _QUOTE
        row_ends = data == _NEWLINE
        if quotes.any():
            odd = (np.cumsum(quotes, dtype=np.uint8) & 1).astype(bool)
            row_ends &= odd if self.in_quotes else ~odd
            self.in_quotes = bool(odd[-1]) != self.in_quotes
        elif self.in_quotes:
            row_ends[:] = False
        if row_ends.any():
            self.header_end = self.offset + int(np.argmax(row_ends))

    def _check_quoted(self, quotes: np.ndarray, end: int) -> None:
        """Quoted spans of the block (quote positions in the file) over the limit."""
        if self.open_at >= 0:
            quotes = np.concatenate(([self.open_at], quotes))
        pairs = len(quotes) // 2
        if pairs:
            opens, closes = quotes[0: 2 * pairs: 2], quotes[1: 2 * pairs: 2]
            joined = np.empty(pairs, dtype=bool)
            joined[0] = opens[0] == self.last_close + 1
            joined[1:] = closes[:-1] + 1 == opens[1:]
            starts = np.where(joined, -1, opens)
            if joined[0]:
                starts[0] = self.group_start
            starts = np.maximum.accumulate(starts)  # positions grow: a forward fill
            if (closes - starts + 1 > self.limit // 2).any():
                self.suspect = True
            self.last_close, self.group_start = int(closes[-1]), int(starts[-1])
        if len(quotes) % 2:
            self.open_at = int(quotes[-1])
            start = self.group_start if self.open_at == self.last_close + 1 else self.open_at
            self.suspect = self.suspect or end - start > self.limit // 2
        else:
            self.open_at = -1

    def finish(self, path: Path | None = None) -> None:  # type: ignore[override]
        """At the file's end: for a suspect file, find the value (or none) exactly."""
        if not self.suspect or path is None:
            return
        exact = FieldScan(self.limit)
        with Path(path).open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 22), b""):
                exact.feed(block)
                if exact.found is not None:
                    break
        exact.finish()
        self.found = exact.found


# --------------------------------------------------------------------------- xlsx

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')


def check_export(name: str, data: bytes) -> None:
    """Refuse a meeting export over `MAX_EXPORT_BYTES`, or a .docx that is a zip bomb."""
    if len(data) > MAX_EXPORT_BYTES:
        raise FileProblem(name, f"the file is {_size(len(data))}; a meeting export may be at most "
                          f"{_size(MAX_EXPORT_BYTES)}.",
                          "Check that you chose the right file. To allow bigger exports set "
                          "COPDASH_MAX_EXPORT_BYTES.")
    if data.startswith(b"PK\x03\x04"):
        check_xlsx(io.BytesIO(data), name, what="document")


def check_xlsx(path, name: str, *, what: str = "workbook") -> None:
    """Refuse a workbook whose zip expands too much, before any XML is parsed.

    Reads only the zip's directory (sizes) and the first 4 KB of each sheet (its
    `<dimension ref="A1:F845794">`, where the row count is written). `path` may be a file
    object (a .docx held in memory: `what="document"`).
    """
    fix = (f"Save the data as CSV (UTF-8), which has no such limit, or split the {what}. "
           f"To allow bigger {what}s set COPDASH_MAX_XLSX_BYTES, COPDASH_MAX_XLSX_RATIO or "
           "COPDASH_MAX_XLSX_ROWS.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise FileProblem(name, "the file is not an Excel workbook (.xlsx is a zip archive).",
                          "Open it in Excel and save it again as .xlsx, or save as CSV (UTF-8).") from None
    with archive:
        parts = archive.infolist()
        expanded = sum(p.file_size for p in parts)
        if expanded > MAX_XLSX_EXPANDED_BYTES:
            raise FileProblem(name, f"the {what} expands to {_size(expanded)}; at most "
                              f"{_size(MAX_XLSX_EXPANDED_BYTES)} is read.", fix)
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > 1_000_000 and ratio > MAX_XLSX_RATIO:
                raise FileProblem(name, f"a part of the {what} ({excerpt(part.filename)}) expands "
                                  f"{ratio:,.0f} times its stored size (at most {MAX_XLSX_RATIO}); "
                                  "it looks like a zip bomb.", fix)
        for part in parts:
            if not (part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")):
                continue
            with archive.open(part) as handle:
                head = handle.read(4096)
            found = _DIMENSION.search(head)
            if found and int(found.group(1)) > MAX_XLSX_ROWS:
                raise FileProblem(name, f"a sheet has {int(found.group(1)):,} rows; at most "
                                  f"{MAX_XLSX_ROWS:,} rows are read from a workbook.", fix)


# --------------------------------------------------------------------------- quarantine


def check_quarantined(source_file: str, rows: int, parts=None) -> None:
    """Refuse a file once its quarantined rows pass `MAX_QUARANTINED_ROWS`; `parts` (the
    generator of checked parts being read) is closed first, while its connection is open."""
    if rows > MAX_QUARANTINED_ROWS:
        if parts is not None and hasattr(parts, "close"):
            parts.close()
        raise FileProblem(
            source_file,
            f"more than {MAX_QUARANTINED_ROWS:,} of its rows break the data contract, so the "
            "file was not loaded (nothing of this load was written).",
            "Check that it is the right file for its dataset and that its columns are in the "
            "canonical layout (`copdash validate` lists the first problems). To accept more "
            "quarantined rows set COPDASH_MAX_QUARANTINED_ROWS.")
