"""A file of more than PART_ROWS rows is staged in DuckDB and checked part by part,
with the same outcome as the same file checked whole."""

from __future__ import annotations

import duckdb
import pytest

import pipelines.load as load
from pipelines.load import load_paths
from tests.load.conftest import MINI, write_folder

# 8 rows after the header (lines 2 to 10; line 6 is blank: only commas):
# T1 and T2 fine; T2 again on line 5 (duplicate key); T4 overlaps T1 (both M1 in MT1,
# T1 0-30 s, T4 from 10 s); T5 has a start that is not a number; T6 and T7 fine (MT2).
TURNS = (
    "turn_id,meeting_id,member_id,channel,start_s,duration_s,source,note\n"
    "T1,MT1,M1,voice,0,30,observation,\n"
    "T2,MT1,M2,voice,30,60,observation,\n"
    "T3,MT2,M1,chat,100,0,chat_log,\n"
    "T2,MT1,M2,voice,200,10,observation,\n"
    ",,,,,,,\n"
    "T4,MT1,M1,voice,10,5,observation,\n"
    "T5,MT1,M2,voice,ten,5,observation,a note\n"
    "T6,MT2,M1,voice,0,20,observation,\n"
    "T7,MT2,M1,voice,20,20,observation,\n"
)


def _outcome(db_path):
    """What a load leaves that a user sees: stored turns, quarantine, batch counts."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return (
            con.execute("select * from speaking_turns order by turn_id").fetchall(),
            con.execute("select line_number, rule, message, raw_row::varchar from quarantine "
                        "where dataset = 'speaking_turns' order by line_number, rule").fetchall(),
            con.execute("select rows_read, rows_loaded, rows_quarantined, status, warnings "
                        "from load_batches where dataset = 'speaking_turns'").fetchall(),
        )


@pytest.fixture
def turns_folder(tmp_path):
    return write_folder(tmp_path / "big", {**MINI, "speaking_turns.csv": TURNS})


def test_a_staged_file_loads_as_the_same_file_read_whole(turns_folder, tmp_path, monkeypatch):
    """Staged and checked in parts of 2 rows, the file gives the same rows, quarantine
    (lines, rules, messages, raw values) and counts as when it is read whole."""
    whole_db = tmp_path / "whole" / "cop.duckdb"
    load_paths([turns_folder], whole_db)
    monkeypatch.setattr(load, "PART_ROWS", 2)
    staged_db = tmp_path / "staged" / "cop.duckdb"
    report = load_paths([turns_folder], staged_db)

    assert _outcome(whole_db) == _outcome(staged_db)
    turns = next(f for f in report.files if f.dataset == "speaking_turns")
    # 8 rows: T2 twice (lines 3 and 5), T4 overlaps T1 (line 7), T5 bad start (line 8)
    assert (8, 4, 4) == (turns.rows_read, turns.rows_loaded, turns.rows_quarantined)
    assert [3, 5, 7, 8] == turns.quarantined["line_number"].tolist()


def test_a_staged_file_keeps_values_as_written(turns_folder, tmp_path, monkeypatch):
    """The quarantine of a staged file keeps the raw text of the row (here T5's 'ten')."""
    monkeypatch.setattr(load, "PART_ROWS", 2)
    db_path = tmp_path / "db" / "cop.duckdb"
    load_paths([turns_folder], db_path)
    with duckdb.connect(str(db_path), read_only=True) as con:
        start = con.execute("select raw_row->>'start_s' from quarantine "
                            "where line_number = 8").fetchone()[0]
    assert "ten" == start  # line 8 is T5, start_s written as "ten"


def test_a_value_spanning_lines_keeps_exact_lines(turns_folder, tmp_path, monkeypatch):
    """A file whose lines are not one row each is not staged: read whole, its rows keep
    the lines they start on (here T5 starts on line 9, after a note over two lines)."""
    text = TURNS.replace("T4,MT1,M1,voice,10,5,observation,",
                         'T4,MT1,M1,voice,10,5,observation,"two\nlines"')
    write_folder(turns_folder, {"speaking_turns.csv": text})
    monkeypatch.setattr(load, "PART_ROWS", 2)
    db_path = tmp_path / "db" / "cop.duckdb"
    report = load_paths([turns_folder], db_path)

    turns = next(f for f in report.files if f.dataset == "speaking_turns")
    # T2 again on line 5, T4 on line 7 (spans 7-8), T5 on line 9
    assert [3, 5, 7, 9] == turns.quarantined["line_number"].tolist()
