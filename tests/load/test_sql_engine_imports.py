"""A load with the SQL engine (the default) never imports Great Expectations."""

from __future__ import annotations

import subprocess
import sys

from tests.load.conftest import MINI, write_folder

_PROBE = """
import sys
from pipelines.load import load_paths
report = load_paths([sys.argv[1]], sys.argv[2])
print(report.rows_loaded, "great_expectations" in sys.modules)
"""


def test_a_default_load_does_not_import_great_expectations(tmp_path, db_path):
    # MINI: 1 CoP + 3 members + 2 meetings + 4 attendance rows + 3 turns = 13 rows loaded,
    # and no module of Great Expectations imported by the process that loaded them.
    folder = write_folder(tmp_path / "mini", MINI)
    out = subprocess.run([sys.executable, "-c", _PROBE, str(folder), str(db_path)],
                         capture_output=True, text=True, check=True).stdout.split()
    assert ["13", "False"] == out
