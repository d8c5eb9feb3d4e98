"""Reading a CSV file: every row keeps the line a text editor shows (header = line 1),
whichever of the two readers (Arrow, or the csv module for irregular files) is used."""

from __future__ import annotations

from pipelines.load import load_paths
from pipelines.readers import read_table_file
from tests.load.conftest import MINI, file_digest, write_folder

HEADER = "member_id,cop_id,member_type\n"


def _read(tmp_path, text: str):
    path = tmp_path / "members.csv"
    path.write_bytes(text.encode("utf-8"))
    return read_table_file(path)


def test_a_regular_file_keeps_values_and_lines(tmp_path):
    """Each row is the next line; values are kept as typed, spaces included."""
    table = _read(tmp_path, HEADER + "M1, C1 ,lay\nM2,C1,clinical\n")
    # rows on lines 2 and 3; " C1 " untouched (trimming happens in the checks)
    assert [2, 3] == table.line_numbers.tolist()
    assert ["M1", " C1 ", "lay"] == table.frame.iloc[0].tolist()


def test_a_value_spanning_lines_moves_the_next_rows_down(tmp_path):
    """A quoted value over two lines: the row after it is on line 4, not 3."""
    table = _read(tmp_path, HEADER + 'M1,C1,"lay\nmember"\nM2,C1,clinical\n')
    # row 1 starts on line 2 and ends on line 3, row 2 is on line 4
    assert [2, 4] == table.line_numbers.tolist()
    assert "lay\nmember" == table.frame.iloc[0, 2]


def test_blank_lines_are_not_rows(tmp_path):
    """An empty line and a line of only commas are skipped; later rows keep their lines."""
    table = _read(tmp_path, HEADER + "M1,C1,lay\n\n,,\nM2,C1,clinical\n")
    # lines: 2 M1, 3 empty, 4 ",,", 5 M2
    assert [2, 5] == table.line_numbers.tolist()


def test_only_commas_on_a_regular_file_is_not_a_row(tmp_path):
    """A line of commas with the header's width (Arrow path) is skipped too."""
    table = _read(tmp_path, HEADER + "M1,C1,lay\n , ,\nM2,C1,clinical")
    # lines: 2 M1, 3 " , ,", 4 M2 (no newline at the end)
    assert [2, 4] == table.line_numbers.tolist()


def test_a_line_with_too_many_values_is_marked_by_its_row(tmp_path):
    """A row with more values than the header is kept for the quarantine, with its line."""
    table = _read(tmp_path, HEADER + "M1,C1,lay\nM2,C1,clinical,extra\n")
    # the second row (position 1) is on line 3
    assert [1] == list(table.row_problems)
    assert [2, 3] == table.line_numbers.tolist()


def test_a_file_unreadable_past_its_header_stops_the_load(mini_folder, db_path, tmp_path):
    """A header-only file is found when its rows are read: nothing of the load is written."""
    load_paths([mini_folder], db_path)
    digest = file_digest(db_path)
    folder = write_folder(tmp_path / "next", {"meetings.csv": MINI["meetings.csv"],
                                              "members.csv": HEADER + "\n\n"})
    report = load_paths([folder], db_path)
    assert not report.ok
    assert "no rows" in " ".join(str(p) for p in report.file_problems)
    assert digest == file_digest(db_path)
