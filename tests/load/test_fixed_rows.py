"""Fixing quarantined rows whose key has several columns, as a user does it: load a file
with only the corrected rows, and only those rows leave the quarantine."""

from __future__ import annotations

import duckdb

from pipelines.load import load_paths
from tests.load.conftest import MINI, write_folder

HEADER = "meeting_id,member_id,status,attended_via\n"


def _waiting(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(
            "select json_extract_string(raw_row, '$.meeting_id'), "
            "json_extract_string(raw_row, '$.member_id') from quarantine "
            "where dataset = 'attendance' order by 1, 2").fetchall()


def test_a_fixed_attendance_row_clears_only_its_own_key(mini_folder, db_path, tmp_path):
    """Attendance is keyed by (meeting_id, member_id). Two rows of M3 are quarantined
    (status 'maybe' is not an allowed status): MT1/M3 on line 6 and MT2/M3 on line 7.
    A file with only MT2/M3 corrected clears that row; MT1/M3 is still waiting, and
    so is nothing else: MT2/M1 (a loaded row sharing the meeting) was never quarantined,
    and MT1/M3 shares the member but not the meeting."""
    write_folder(mini_folder, {"attendance.csv": MINI["attendance.csv"]
                               + "MT1,M3,maybe,in_person\nMT2,M3,maybe,online\n"})
    first = load_paths([mini_folder], db_path)
    attendance = next(f for f in first.files if f.dataset == "attendance")
    # 6 rows: 4 fine + 2 with a bad status
    assert (6, 4, 2) == (attendance.rows_read, attendance.rows_loaded, attendance.rows_quarantined)
    assert [("MT1", "M3"), ("MT2", "M3")] == _waiting(db_path)

    fix = write_folder(tmp_path / "fix", {"attendance.csv": HEADER + "MT2,M3,present,online\n"})
    second = load_paths([fix], db_path)

    assert (1, 1, 0) == (second.rows_read, second.rows_loaded, second.rows_quarantined)
    assert [("MT1", "M3")] == _waiting(db_path)
    with duckdb.connect(str(db_path), read_only=True) as con:
        stored = con.execute("select status from attendance where meeting_id = 'MT2' "
                             "and member_id = 'M3'").fetchall()
    assert [("present",)] == stored


def test_a_fixed_row_with_spaces_around_its_key_still_clears_it(mini_folder, db_path, tmp_path):
    """Keys are compared trimmed: the quarantined row was written ' MT2 , M3 ' (line 6),
    the corrected one 'MT2,M3'; the quarantine is then empty."""
    write_folder(mini_folder, {"attendance.csv": MINI["attendance.csv"]
                               + " MT2 , M3 ,maybe,online\n"})
    load_paths([mini_folder], db_path)
    assert [(" MT2 ", " M3 ")] == _waiting(db_path)

    fix = write_folder(tmp_path / "fix", {"attendance.csv": HEADER + "MT2,M3,present,online\n"})
    load_paths([fix], db_path)

    assert [] == _waiting(db_path)


RATES = "member_type,role,valid_from,hourly_rate_gbp,source\n"


def _waiting_rates(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(
            "select json_extract_string(raw_row, '$.valid_from') from quarantine "
            "where dataset = 'time_rates' order by 1").fetchall()


def test_a_fixed_row_keyed_by_a_date_clears_it(mini_folder, db_path, tmp_path):
    """time_rates is keyed by (member_type, role, valid_from), a date. The row
    lay,,2020-04-01 with a rate of -5 breaks the rate's minimum of 0 and waits in the
    quarantine as the user typed it ('2020-04-01'); the corrected row (rate 25.00) loads
    and clears it, although the stored key is a date, not that text."""
    write_folder(mini_folder, {"time_rates.csv": RATES + "lay,,2020-04-01,-5,sample\n"})
    first = load_paths([mini_folder], db_path)
    rates = next(f for f in first.files if f.dataset == "time_rates")
    assert (1, 0, 1) == (rates.rows_read, rates.rows_loaded, rates.rows_quarantined)
    assert [("2020-04-01",)] == _waiting_rates(db_path)

    fix = write_folder(tmp_path / "fix", {"time_rates.csv": RATES + "lay,,2020-04-01,25.00,sample\n"})
    load_paths([fix], db_path)

    assert [] == _waiting_rates(db_path)
