"""Quarantined rows a page at a time (`pipelines.audit`), as the Data quality page reads
them, while `copdash quarantine` still lists and exports every row.

The database is sample_data/bad loaded through the real pipeline: 21 quarantined rows,
each documented with its file, line and rule in sample_data/bad/README.md. In (dataset,
file, line) order they are:

     1-4   attendance.csv        lines 6, 7, 14, 16
     5-8   costs.csv             lines 4, 5, 6, 7
     9-11  meetings.csv          lines 5, 6, 7
    12-13  members.csv           lines 6, 7
    14-18  speaking_turns.csv    lines 7, 8, 9, 12, 14
    19-21  survey_responses.csv  lines 4, 7, 8
"""

from __future__ import annotations

import collections
import csv
import io
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.audit import (
    quarantine_count,
    quarantine_fixing_rows,
    quarantine_for_fixing,
    quarantine_rows,
)
from pipelines.cli import main
from pipelines.contracts import load_contracts
from pipelines.load import load_paths
from pipelines.settings import PROJECT_ROOT
from tests.load.conftest import MINI, write_folder

BAD = PROJECT_ROOT / "sample_data" / "bad"


@pytest.fixture(scope="module")
def bad_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sample_data/bad loaded into a fresh database through `load_paths`."""
    db = tmp_path_factory.mktemp("bad") / "cop.duckdb"
    report = load_paths([BAD], db)
    assert 21 == report.rows_quarantined, report.summary()
    return db


@pytest.fixture
def con(bad_db: Path):
    with duckdb.connect(str(bad_db), read_only=True) as connection:
        yield connection


def _places(rows: pd.DataFrame) -> list[tuple[str, int]]:
    return [(Path(f).name, int(n)) for f, n in zip(rows["source_file"], rows["line_number"], strict=True)]


def _readme_rule_counts() -> collections.Counter:
    """Rule -> planted rows, from the README's table (the last column is the rule)."""
    section = (BAD / "README.md").read_text(encoding="utf-8").split("## Planted rows", 1)[1]
    section = section.split("\n## ", 1)[0]
    rules = [line.strip().strip("|").split("|")[-1].strip()
             for line in section.splitlines() if line.startswith("| ") and ".csv" in line]
    return collections.Counter(rules)


def test_page_two_of_five_rows_is_rows_six_to_ten(con) -> None:
    """Page 2 of size 5 holds rows 6-10 in (dataset, file, line) order: rows 6-8 are
    costs.csv lines 5, 6, 7 (row 5 is costs line 4), rows 9-10 meetings.csv lines 5, 6."""
    page = quarantine_rows(con, limit=5, offset=5)
    expected = [("costs.csv", 5), ("costs.csv", 6), ("costs.csv", 7),
                ("meetings.csv", 5), ("meetings.csv", 6)]
    assert expected == _places(page)


def test_count_is_21_and_the_pages_cover_every_row_once(con) -> None:
    """21 rows; pages of 5 hold 5, 5, 5, 5 and 1 rows (4 × 5 + 1 = 21) and, put together,
    are exactly the full list, in the same order."""
    assert 21 == quarantine_count(con)
    pages = [quarantine_rows(con, limit=5, offset=offset) for offset in range(0, 25, 5)]
    assert [5, 5, 5, 5, 1] == [len(p) for p in pages]
    everything = quarantine_rows(con)
    assert 21 == len(everything)
    assert _places(everything) == _places(pd.concat(pages))


def test_a_page_past_the_end_is_empty(con) -> None:
    """Offset 25 is past the 21 rows: an empty page, not an error."""
    assert 0 == len(quarantine_rows(con, limit=5, offset=25))


def test_each_rule_filter_gives_the_readme_count(con) -> None:
    """Filtering by a rule counts and lists the rows the README plants for it: 2 for
    costs.primary_key.unique (costs.csv lines 6 and 7), 1 for each of the other 19 rules."""
    expected = _readme_rule_counts()
    assert 2 == expected["costs.primary_key.unique"]
    assert 21 == sum(expected.values())
    for rule, planted in expected.items():
        assert planted == quarantine_count(con, rule=rule), rule
        assert planted == len(quarantine_rows(con, rule=rule, limit=200)), rule
    assert [("costs.csv", 6), ("costs.csv", 7)] == _places(
        quarantine_rows(con, rule="costs.primary_key.unique", limit=200))


def test_dataset_and_file_filters(con) -> None:
    """speaking_turns has 5 quarantined rows (lines 7, 8, 9, 12, 14); its second page of 2
    is lines 9 and 12. Filtering by the costs file gives its 4 rows."""
    assert 5 == quarantine_count(con, dataset="speaking_turns")
    page = quarantine_rows(con, dataset="speaking_turns", limit=2, offset=2)
    assert [("speaking_turns.csv", 9), ("speaking_turns.csv", 12)] == _places(page)
    costs_file = str(quarantine_rows(con, dataset="costs")["source_file"].iloc[0])
    assert 4 == quarantine_count(con, source_file=costs_file)
    assert 0 == quarantine_count(con, dataset="members", source_file=costs_file)


def test_a_row_that_broke_two_rules_is_found_by_either(tmp_path: Path) -> None:
    """members.csv line 5 `M4,C1,patient,patient,Y` breaks member_type (enum) and
    is_facilitator (yes/no): one quarantined row, listed under either rule."""
    files = {**MINI, "members.csv": MINI["members.csv"] + "M4,C1,patient,patient,Y\n"}
    db = tmp_path / "cop.duckdb"
    assert 1 == load_paths([write_folder(tmp_path / "mini", files)], db).rows_quarantined
    with duckdb.connect(str(db), read_only=True) as connection:
        assert 1 == quarantine_count(connection)
        for rule in ("members.member_type.enum", "members.is_facilitator.type"):
            assert 1 == quarantine_count(connection, rule=rule)
            assert [("members.csv", 5)] == _places(quarantine_rows(connection, rule=rule, limit=10))
        assert 0 == quarantine_count(connection, rule="members.member_type")  # whole names only


def test_fixing_rows_are_the_canonical_columns_plus_the_reason(con) -> None:
    """The costs rows for fixing: the contract's columns as read, then reason, file and line;
    costs.csv line 4's amount is still `£1,200.50` so it can be corrected in place."""
    frame = quarantine_fixing_rows(con, "costs")
    columns = list(load_contracts()["costs"].columns)
    assert [*columns, "reason", "source_file", "line_number"] == list(frame.columns)
    assert [4, 5, 6, 7] == frame["line_number"].tolist()
    assert "£1,200.50" == frame.loc[frame["line_number"] == 4, "amount_gbp"].iloc[0]
    assert frame["reason"].str.startswith("line ").all()


def test_fixing_files_cover_every_dataset_with_quarantined_rows(con) -> None:
    """One frame per dataset with quarantined rows: 4 + 4 + 3 + 2 + 5 + 3 = 21 rows."""
    frames = quarantine_for_fixing(con)
    expected = {"attendance": 4, "costs": 4, "meetings": 3, "members": 2,
                "speaking_turns": 5, "survey_responses": 3}
    assert expected == {name: len(frame) for name, frame in frames.items()}


def test_cli_still_lists_every_row(bad_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`copdash quarantine` lists all 21 rows (no paging), one line each, then the total."""
    assert 0 == main(["quarantine", "--db", str(bad_db)])
    printed = capsys.readouterr().out
    assert "21 quarantined rows." in printed
    assert 21 == sum(1 for line in printed.splitlines() if ", line " in line)


def test_cli_export_still_writes_every_row(bad_db: Path, tmp_path: Path) -> None:
    """`copdash quarantine --export` writes costs.csv with the 4 costs rows, in the
    canonical layout with the reason, ready to fix and load again."""
    assert 0 == main(["quarantine", "--db", str(bad_db), "--export", str(tmp_path)])
    assert {"attendance.csv", "costs.csv", "meetings.csv", "members.csv",
            "speaking_turns.csv", "survey_responses.csv", "copdash-export.json"} == {
                p.name for p in tmp_path.iterdir()}
    text = (tmp_path / "costs.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert 4 == len(rows)
    assert [*load_contracts()["costs"].columns, "reason", "source_file", "line_number"] == list(rows[0])


def test_cli_export_of_one_dataset_writes_only_its_file(bad_db: Path, tmp_path: Path) -> None:
    """`--dataset costs --export DIR` writes costs.csv alone, with the 4 costs rows (lines
    4-7 of sample_data/bad/costs.csv, as listed in its README)."""
    assert 0 == main(["quarantine", "--db", str(bad_db), "--dataset", "costs",
                      "--export", str(tmp_path)])
    assert ["copdash-export.json", "costs.csv"] == sorted(p.name for p in tmp_path.iterdir())
    rows = list(csv.DictReader(io.StringIO((tmp_path / "costs.csv").read_text(encoding="utf-8-sig"))))
    assert ["4", "5", "6", "7"] == [r["line_number"] for r in rows]


def test_cli_refuses_an_unknown_dataset(bad_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt dataset is refused with the list of names (argparse exits 2), not a
    traceback."""
    with pytest.raises(SystemExit) as stopped:
        main(["quarantine", "--db", str(bad_db), "--dataset", "cost", "--export", "x"])
    assert 2 == stopped.value.code
    assert "speaking_turns" in capsys.readouterr().err
