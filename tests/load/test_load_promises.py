"""What a load promises: counts that add up, idempotency, upserts, dry runs."""

from __future__ import annotations

import duckdb

from pipelines.load import load_paths
from tests.load.conftest import MINI, file_digest, snapshot, write_folder


def test_every_row_is_loaded_or_quarantined(mini_folder, db_path):
    """For every file, rows read = rows loaded + rows quarantined, also in load_batches."""
    report = load_paths([mini_folder], db_path)
    assert report.ok
    # 1 + 3 + 2 + 4 + 3 rows in the five files, all valid
    assert 13 == report.rows_read == report.rows_loaded
    with duckdb.connect(str(db_path), read_only=True) as con:
        bad = con.execute("select count(*) from load_batches "
                          "where rows_read <> rows_loaded + rows_quarantined").fetchone()[0]
        files = con.execute("select count(*) from load_batches").fetchone()[0]
        members = con.execute("select count(*) from members").fetchone()[0]
    assert 0 == bad
    assert 5 == files
    assert 3 == members


def test_loading_the_same_files_twice_changes_nothing(mini_folder, db_path):
    """A second load of unchanged files leaves every table, the audit included, as it was."""
    load_paths([mini_folder], db_path)
    before = snapshot(db_path)
    report = load_paths([mini_folder], db_path)
    assert report.unchanged
    assert before == snapshot(db_path)


def test_a_corrected_file_replaces_its_rows(mini_folder, db_path, tmp_path):
    """Rows are upserted by key: a corrected members.csv replaces M2, adds nothing twice."""
    load_paths([mini_folder], db_path)
    fixed = MINI["members.csv"].replace("M2,C1,clinical,physiotherapist", "M2,C1,clinical,GP")
    write_folder(mini_folder, {"members.csv": fixed})
    load_paths([mini_folder / "members.csv"], db_path)
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("select member_id, role from members order by member_id").fetchall()
    assert [("M1", "patient"), ("M2", "GP"), ("M3", "facilitator")] == rows


def test_changing_one_file_reloads_only_what_changed(mini_folder, db_path):
    """Loading a folder where one file changed applies the change; counts stay right."""
    load_paths([mini_folder], db_path)
    extra = MINI["speaking_turns.csv"] + "T4,MT1,M1,voice,100,20,observation\n"
    write_folder(mini_folder, {"speaking_turns.csv": extra})
    report = load_paths([mini_folder], db_path)
    assert not report.unchanged
    with duckdb.connect(str(db_path), read_only=True) as con:
        turns = con.execute("select count(*) from speaking_turns").fetchone()[0]
    assert 4 == turns  # T1..T4, none twice


def test_validate_writes_nothing(mini_folder, db_path):
    """A dry run reports the counts but leaves the database file byte for byte as it was."""
    load_paths([mini_folder], db_path)
    digest = file_digest(db_path)
    extra = MINI["members.csv"] + "M4,C1,lay,carer,false\n"
    write_folder(mini_folder, {"members.csv": extra})
    report = load_paths([mini_folder], db_path, dry_run=True)
    assert 14 == report.rows_read  # 13 + the new member
    assert digest == file_digest(db_path)


def test_validate_on_a_missing_database_creates_nothing(mini_folder, db_path):
    """Checking files before the first load does not create a database."""
    report = load_paths([mini_folder], db_path, dry_run=True)
    assert 13 == report.rows_loaded
    assert not db_path.exists()


def test_a_quarantined_row_is_kept_with_line_number_and_reason(mini_folder, db_path):
    """A member_type that is not an allowed value is quarantined with its line and raw row."""
    bad = MINI["members.csv"] + "M4,C1,patient,,false\n"  # line 5 of the file
    write_folder(mini_folder, {"members.csv": bad})
    report = load_paths([mini_folder], db_path)
    members = next(f for f in report.files if f.dataset == "members")
    assert (4, 3, 1) == (members.rows_read, members.rows_loaded, members.rows_quarantined)
    with duckdb.connect(str(db_path), read_only=True) as con:
        line, rule, raw = con.execute(
            "select line_number, rule, json_extract_string(raw_row, '$.member_type') "
            "from quarantine").fetchone()
    assert 5 == line
    assert "member_type" in rule
    assert "patient" == raw


def test_loading_the_fixed_row_clears_it_from_quarantine(mini_folder, db_path, tmp_path):
    """Once a row with the quarantined row's key loads (from any file), it is no longer listed."""
    write_folder(mini_folder, {"members.csv": MINI["members.csv"] + "M4,C1,patient,,false\n"})
    load_paths([mini_folder], db_path)
    fix = write_folder(tmp_path / "fix", {
        "members.csv": "member_id,cop_id,member_type,role,is_facilitator\nM4,C1,lay,patient,false\n"})
    load_paths([fix], db_path)
    with duckdb.connect(str(db_path), read_only=True) as con:
        waiting = con.execute("select count(*) from quarantine").fetchone()[0]
        m4 = con.execute("select member_type from members where member_id = 'M4'").fetchone()
    assert 0 == waiting
    assert ("lay",) == m4


def test_a_line_with_too_many_values_is_quarantined(mini_folder, db_path):
    """An unquoted comma inside a value gives a line more cells than the header: that row is
    quarantined with the reason, the other rows load."""
    bad = MINI["members.csv"] + "M4,C1,lay,patient, carer,false\n"  # line 5: six values
    write_folder(mini_folder, {"members.csv": bad})
    report = load_paths([mini_folder], db_path)
    members = next(f for f in report.files if f.dataset == "members")
    assert (4, 3, 1) == (members.rows_read, members.rows_loaded, members.rows_quarantined)
    assert "file.values_per_line" == members.quarantined.loc[0, "rule"]
    assert 5 == members.quarantined.loc[0, "line_number"]


def test_unchanged_files_rebuild_marts_built_by_an_older_version(mini_folder, db_path):
    """A database whose marts an older copdash built (simulated: a mart table missing, the
    recorded mart SQL fingerprint different) is not left as it is when the same files are
    loaded again: the load runs, the marts are rebuilt, and the data are the same."""
    load_paths([mini_folder], db_path)
    with duckdb.connect(str(db_path)) as con:
        con.execute("drop table mart_uptake_events")
        con.execute("update marts_built set fingerprint = 'older' where input = 'sql'")
        members_before = con.execute("select * from members order by member_id").fetchall()
    report = load_paths([mini_folder], db_path)
    assert not report.unchanged
    assert 13 == report.rows_read == report.rows_loaded  # the five files' rows, none twice
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        fingerprint = con.execute(
            "select fingerprint from marts_built where input = 'sql'").fetchone()[0]
        members_after = con.execute("select * from members order by member_id").fetchall()
    assert "mart_uptake_events" in tables
    assert "older" != fingerprint
    assert members_before == members_after
    # and now the marts are current, a third load of the same files is a no-op again
    assert load_paths([mini_folder], db_path).unchanged
