"""A file that cannot be read stops the load: non-zero exit, the file named, what to fix,
no traceback, and the database exactly as it was."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipelines.load import load_paths
from tests.load.conftest import MINI, file_digest, write_folder

PROBLEMS = {
    # name: (file name, bytes, words the message must contain)
    "empty": ("members.csv", b"", "empty"),
    "header only": ("members.csv", b"member_id,cop_id,member_type\n", "no rows"),
    "utf-16": ("members.csv", MINI["members.csv"].encode("utf-16"), "UTF-16"),
    "windows-1252": ("members.csv",
                     (MINI["members.csv"] + "M9,C1,lay,Zoë's carer,false\n").encode("cp1252"),
                     "not UTF-8"),
    "semicolons": ("members.csv", MINI["members.csv"].replace(",", ";").encode(), "semicolons"),
    "binary": ("members.csv", b"PK\x03\x04\x00\x00binary", "not a text file"),
    "missing required column": ("members.csv",
                                b"member_id,cop_id,role\nM1,C1,patient\n", "member_type"),
    "not a dataset name": ("people.csv", MINI["members.csv"].encode(), "which dataset"),
    "broken xlsx": ("members.xlsx", b"not really a workbook", "Excel"),
}


@pytest.mark.parametrize("case", sorted(PROBLEMS))
def test_file_problem_leaves_the_database_unchanged(case, mini_folder, db_path, tmp_path):
    """Each kind of unreadable file is reported by name and nothing of the load is written."""
    load_paths([mini_folder], db_path)
    digest = file_digest(db_path)
    name, data, words = PROBLEMS[case]
    folder = write_folder(tmp_path / "next", {"meetings.csv": MINI["meetings.csv"]})
    (folder / name).write_bytes(data)
    paths = [folder] if name != "people.csv" else [folder / "meetings.csv", folder / name]
    report = load_paths(paths, db_path)
    assert not report.ok
    message = " ".join(str(p) for p in report.file_problems)
    assert name in message
    assert words in message
    assert digest == file_digest(db_path)


def test_command_line_says_what_to_fix_without_a_traceback(mini_folder, db_path, tmp_path):
    """`copdash load` on a semicolon file exits non-zero and prints the file and the fix."""
    folder = write_folder(tmp_path / "semi", {"members.csv": MINI["members.csv"].replace(",", ";")})
    result = subprocess.run(
        [sys.executable, "-m", "pipelines", "load", str(folder), "--db", str(db_path)],
        capture_output=True, text=True, check=False)
    assert 1 == result.returncode
    assert "members.csv" in result.stderr
    assert "To fix" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not db_path.exists()
