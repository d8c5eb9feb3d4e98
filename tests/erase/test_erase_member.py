"""`copdash erase-member`: the member's identity gone, every aggregate figure unchanged.

The sample programme (sample_data/, through the real load), plus one quarantined alias row
of the member, so that quarantine is covered too.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.cli import main
from pipelines.erase import IDENTIFYING_COLUMNS, erase_member
from pipelines.errors import CopdashError
from pipelines.load import load_paths
from pipelines.marts import PUBLIC_MARTS
from pipelines.settings import PROJECT_ROOT

# A member with aliases, attendance, speaking turns and survey answers in the sample.
MEMBER = "cop3-m15"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("erase")
    db = folder / "cop.duckdb"
    assert load_paths([PROJECT_ROOT / "sample_data"], db).ok
    extra = folder / "extra"
    extra.mkdir()
    # One good alias and one quarantined (no alias given) for the member.
    (extra / "member_aliases.csv").write_text(
        f"alias,meeting_id,member_id\nDr Fifteen,,{MEMBER}\n,,{MEMBER}\n", encoding="utf-8")
    report = load_paths([extra], db)
    assert (report.ok, report.rows_quarantined) == (True, 1), report.summary()
    return db


@pytest.fixture
def db(loaded, tmp_path) -> Path:
    copy = tmp_path / "cop.duckdb"
    shutil.copy2(loaded, copy)
    return copy


def _public_aggregates(db: Path) -> dict[str, pd.DataFrame]:
    """Every public mart without its member-id columns, rows sorted; the group mart by
    member type only (breakdowns by gender or age band change by design: the member's
    attributes are blanked)."""
    frames = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for mart in PUBLIC_MARTS:
            frame = con.execute(f"select * from {mart}").df()
            frame = frame.drop(columns=[c for c in frame.columns if c.endswith("member_id")])
            frames[mart] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return frames


def _places_holding(db: Path, value: str) -> list[str]:
    """table.column of every stored value equal to `value`, or text/JSON containing it."""
    found = []
    with duckdb.connect(str(db), read_only=True) as con:
        columns = con.execute(
            "select table_name, column_name from duckdb_columns() "
            "where database_name = current_database() and data_type in ('VARCHAR', 'JSON')"
        ).fetchall()
        for table, column in columns:
            n = con.execute(f'select count(*) from "{table}" '
                            f'where contains("{column}"::varchar, ?)', [value]).fetchone()[0]
            if n:
                found.append(f"{table}.{column}")
    return found


def test_every_public_aggregate_is_unchanged(db):
    """Meeting summaries, per-type groups, costs, survey scores and uptake are the same
    before and after (every row, every column other than a member id)."""
    before = _public_aggregates(db)
    erase_member(MEMBER, db)
    after = _public_aggregates(db)
    for mart in PUBLIC_MARTS:
        pd.testing.assert_frame_equal(before[mart], after[mart], obj=mart)


def test_the_old_id_is_found_nowhere(db):
    """After erasure no text or JSON column of any table or mart contains the old id
    (quarantined raw rows and messages included)."""
    assert _places_holding(db, MEMBER), "the test member must be in the database first"
    erase_member(MEMBER, db)
    assert [] == _places_holding(db, MEMBER)


def test_rows_move_to_the_new_id(db):
    """The member's rows are kept under the new id: as many attendance rows, turns and
    survey answers as the old id had."""
    counts = ("select (select count(*) from attendance where member_id = $id), "
              "(select count(*) from speaking_turns where member_id = $id), "
              "(select count(*) from survey_responses where member_id = $id)")
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute(counts, {"id": MEMBER}).fetchone()
    report = erase_member(MEMBER, db)
    with duckdb.connect(str(db), read_only=True) as con:
        after = con.execute(counts, {"id": report.new_id}).fetchone()
    assert before == after
    assert all(before), "the test member attends, speaks and answers surveys"


def test_aliases_and_attributes_are_removed(db):
    """No alias points at the new id, and its gender, age band, ethnicity and deprivation
    quintile are blank (the sample's aliases for the member: 3 + 1 loaded here = 4)."""
    report = erase_member(MEMBER, db)
    with duckdb.connect(str(db), read_only=True) as con:
        aliases = con.execute("select count(*) from member_aliases where member_id = ?",
                              [report.new_id]).fetchone()[0]
        attributes = con.execute(f"select {', '.join(IDENTIFYING_COLUMNS)} from members "
                                 "where member_id = ?", [report.new_id]).fetchone()
    assert (0, (None,) * len(IDENTIFYING_COLUMNS), 4) == (aliases, attributes,
                                                          report.aliases_removed)


def test_the_quarantined_row_is_kept_without_the_id(db):
    """The quarantined alias row stays in quarantine (nothing lost) under the new id."""
    report = erase_member(MEMBER, db)
    with duckdb.connect(str(db), read_only=True) as con:
        raws = [json.loads(r[0]) for r in con.execute(
            "select raw_row from quarantine where dataset = 'member_aliases'").fetchall()]
    assert [report.new_id] == [r["member_id"] for r in raws]


def test_the_files_holding_the_id_are_listed(db):
    """The operator is told which source files still hold the member: the sample's files
    of datasets with the member's rows, and the extra aliases file."""
    report = erase_member(MEMBER, db)
    names = {Path(f).name for f in report.source_files}
    assert {"members.csv", "attendance.csv", "speaking_turns.csv", "survey_responses.csv",
            "member_aliases.csv"} <= names
    assert "communities.csv" not in names


def test_an_unknown_member_changes_nothing(db):
    """An id not in members: a plain error, and the file is byte for byte the same."""
    before = db.read_bytes()
    with pytest.raises(CopdashError, match="No member 'nobody'"):
        erase_member("nobody", db)
    assert before == db.read_bytes()


def test_the_command_says_to_erase_the_source_files(db, capsys):
    """`copdash erase-member` exits 0 and tells the operator the source files still hold
    the id."""
    code = main(["erase-member", MEMBER, "--db", str(db)])
    out = capsys.readouterr().out
    assert 0 == code
    assert "source files still hold the old id" in out


def test_the_erasure_is_in_the_audit_trail_without_the_old_id(db):
    """The trail gains one "erased" event by whoever ran it (here: the OS user), naming the
    new random id; the erased id appears in no column of the trail."""
    from pipelines import audit_trail

    report = erase_member(MEMBER, db)
    trail = audit_trail.read(db_path=db)
    erased = trail[trail["event"] == "erased"]
    assert [audit_trail.os_user()] == erased["user_id"].tolist()
    assert report.new_id in erased["detail"].iloc[0]
    assert [] == [column for column in trail.columns
                  if trail[column].astype(str).str.contains(MEMBER, regex=False).any()]


def test_a_refused_erasure_is_not_in_the_audit_trail(db):
    """An unknown member changes nothing, so nothing is recorded as erased."""
    from pipelines import audit_trail

    with pytest.raises(CopdashError):
        erase_member("no-such-member", db)
    assert "erased" not in audit_trail.read(db_path=db)["event"].tolist()
