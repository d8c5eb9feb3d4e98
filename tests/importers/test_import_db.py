"""Importing exports into a real database: rows by row, aliases, idempotence, replacement,
absent marking, exit codes, and the participation views built from the imported rows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.errors import CopdashError, FileProblem
from pipelines.importers import add_aliases, import_meeting_files

FIXTURES = Path(__file__).parent / "fixtures"


def _f(name: str) -> str:
    return str(FIXTURES / name)


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _attendance(db: Path, meeting_id: str) -> list[tuple]:
    return _rows(db, "select member_id, status, attended_via, joined_min, left_min, "
                     "minutes_attended from attendance where meeting_id = ? order by member_id",
                 [meeting_id])


def _turns(db: Path, meeting_id: str, source: str) -> list[tuple]:
    return _rows(db, "select turn_id, member_id, start_s, duration_s, words from speaking_turns "
                     "where meeting_id = ? and source = ? order by turn_id", [meeting_id, source])


def _snapshot(db: Path) -> dict[str, list]:
    tables = [r[0] for r in _rows(db, "select table_name from duckdb_tables() order by 1")]
    return {t: sorted(_rows(db, f'select * from "{t}"'), key=repr)
            for t in tables if t != "load_batches"}


def test_teams_report_rows_in_database(programme_db):
    """M1 (10:00): Alice 2/80/68 (rejoined), Bob 0.5/90/89.5, Fay 0/91/91, all online;
    the unverified guest has no alias and is not loaded."""
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    assert [("P01", "present", "online", 2.0, 80.0, 68.0),
            ("P02", "present", "online", 0.5, 90.0, 89.5),
            ("P05", "present", "online", 0.0, 91.0, 91.0)] == _attendance(programme_db, "M1")


def test_unresolved_guest_is_listed_with_exit_code_3(programme_db):
    """`Guest Person (Unverified)` is listed as unresolved (suffix removed); exit code 3."""
    report = import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    assert (3, ["Guest Person"]) == (report.exit_code, [u.name for u in report.unresolved])


def test_adding_the_alias_then_rerunning_loads_the_guest(programme_db):
    """After mapping `Guest Person` to P04 the same import loads P04: 10:10-10:40 -> 10/40/30."""
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    add_aliases([{"alias": "Guest Person", "member_id": "P04"}], db_path=programme_db)
    report = import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    assert (0, ("P04", "present", "online", 10.0, 40.0, 30.0)) == (
        report.exit_code, _attendance(programme_db, "M1")[2])


def test_zoom_report_rows_in_database(programme_db):
    """M3 (18:00): Alice 1/60/54, Bob's iPad 0/30/30, Carol's laptop (by e-mail) 10/50/40,
    Fay 0/62/62."""
    import_meeting_files([_f("zoom_participants.csv")], "M3", db_path=programme_db)
    assert [("P01", "present", "online", 1.0, 60.0, 54.0),
            ("P02", "present", "online", 0.0, 30.0, 30.0),
            ("P03", "present", "online", 10.0, 50.0, 40.0),
            ("P05", "present", "online", 0.0, 62.0, 62.0)] == _attendance(programme_db, "M3")


def test_no_start_time_uses_report_start_and_says_so(programme_db):
    """M2 has no start_time: the report's 14:00 is used, and the report says so."""
    report = import_meeting_files([_f("teams_mdy_utf8.csv")], "M2", db_path=programme_db)
    assert any("report's own start (14:00)" in note for note in report.notes)


def test_mark_absent_marks_expected_members_missing(programme_db):
    """M2 report has Carol and Dan; with --mark-absent P01, P02, P05 are absent."""
    import_meeting_files([_f("teams_mdy_utf8.csv")], "M2", mark_absent=True, db_path=programme_db)
    assert [("P01", "absent", None, None, None, None), ("P02", "absent", None, None, None, None),
            ("P03", "present", "online", 5.0, 55.0, 50.0),
            ("P04", "present", "online", 0.0, 60.0, 60.0),
            ("P05", "absent", None, None, None, None)] == _attendance(programme_db, "M2")


def test_mark_absent_waits_while_someone_is_unresolved(programme_db):
    """The unresolved guest might be an expected member: nobody is marked absent yet."""
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", mark_absent=True, db_path=programme_db)
    assert [] == [r for r in _attendance(programme_db, "M1") if r[1] == "absent"]


def test_presence_only_report(programme_db):
    """The report without times: Alice and Dan (Guest) present, no minutes."""
    import_meeting_files([_f("teams_no_times.csv")], "M4", db_path=programme_db)
    assert [("P01", "present", "online", None, None, None),
            ("P04", "present", "online", None, None, None)] == _attendance(programme_db, "M4")


def test_teams_transcript_turns_in_database(programme_db):
    """Alice 5-8.5 + 8.9-10 merged into one turn from 5 s with 3.5 + 1.1 = 4.6 s of speech
    (the 0.4 s pause is not talk), 11 words; Bob 12-15 (unclosed tag, 5); Bob 16.5-18 (2);
    Alice 20-22 (3). The cue without a speaker is skipped and counted."""
    report = import_meeting_files([_f("teams_dmy_utf16.csv"), _f("teams_transcript.vtt")], "M1",
                                  db_path=programme_db)
    assert (1, [("M1-tr-0001", "P01", 5.0, 4.6, 11), ("M1-tr-0002", "P02", 12.0, 3.0, 5),
                ("M1-tr-0003", "P02", 16.5, 1.5, 2), ("M1-tr-0004", "P01", 20.0, 2.0, 3)]) == (
        report.skipped_cues, _turns(programme_db, "M1", "transcript"))


def test_rttm_ten_fields_turns_in_database(programme_db):
    """SPEAKER_00 -> P01 5-10 and 20-22; SPEAKER_01 -> P02 12-15 + 15.5-18 merged (gap 0.5 s)
    into one turn from 12 s holding 3 + 2.5 = 5.5 s of speech (not the 6 s span)."""
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    import_meeting_files([_f("diarization_10.rttm")], "M1", db_path=programme_db)
    assert [("M1-dz-0001", "P01", 5.0, 5.0, None), ("M1-dz-0002", "P02", 12.0, 5.5, None),
            ("M1-dz-0003", "P01", 20.0, 2.0, None)] == _turns(programme_db, "M1", "diarization")


def test_rttm_label_ignores_general_alias(programme_db):
    """SPEAKER_02 has only a general alias: a label needs a meeting alias, so it is unresolved."""
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    report = import_meeting_files([_f("diarization_9.rttm")], "M1", db_path=programme_db)
    assert ([("speaker label", "SPEAKER_02")], 3) == (
        [(u.kind, u.name) for u in report.unresolved], len(_turns(programme_db, "M1", "diarization")))


def test_importing_twice_changes_nothing(programme_db):
    """The second import of the same files leaves every table as the first left it."""
    files = [_f("teams_dmy_utf16.csv"), _f("teams_transcript.vtt")]
    import_meeting_files(files, "M1", db_path=programme_db)
    first = _snapshot(programme_db)
    import_meeting_files(files, "M1", db_path=programme_db)
    assert first == _snapshot(programme_db)


def test_corrected_transcript_replaces_earlier_turns(programme_db, tmp_path):
    """A corrected transcript with one cue replaces the four earlier transcript turns."""
    import_meeting_files([_f("teams_dmy_utf16.csv"), _f("teams_transcript.vtt")], "M1",
                         db_path=programme_db)
    corrected = tmp_path / "corrected.vtt"
    corrected.write_text("WEBVTT\n\n1\n00:00:30.000 --> 00:00:31.000\n<v Alice Smith>Done.</v>\n")
    import_meeting_files([str(corrected)], "M1", db_path=programme_db)
    assert [("M1-tr-0001", "P01", 30.0, 1.0, 1)] == _turns(programme_db, "M1", "transcript")


def test_participation_view_from_imported_rows(programme_db):
    """mart_meeting_summary for M1 (facilitator Fay left out): attendees P01, P02 -> 2 of 4
    expected = 0.5; talk 4.6+3+1.5+2 = 11.1 s in 4 turns; Gini of Alice 4.6+2 = 6.6 and
    Bob 3+1.5 = 4.5: |6.6-4.5|*2 / (2*2^2*5.55) = 4.2/44.4 = 7/74."""
    import_meeting_files([_f("teams_dmy_utf16.csv"), _f("teams_transcript.vtt")], "M1",
                         db_path=programme_db)
    row = _rows(programme_db, "select attendees_n, expected_n, attendance_rate, talk_s, turns_n, "
                              "gini_talk from mart_meeting_summary where meeting_id = 'M1'")[0]
    assert (2, 4, 0.5, 4) == (row[0], row[1], row[2], row[4])
    assert (11.1, 7 / 74) == (pytest.approx(row[3]), pytest.approx(row[5]))


def test_dry_run_writes_nothing(programme_db):
    """A dry run reports the unresolved names and leaves the database as it was."""
    before = _snapshot(programme_db)
    report = import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", dry_run=True,
                                  db_path=programme_db)
    assert (["Guest Person"], before) == ([u.name for u in report.unresolved],
                                          _snapshot(programme_db))


def test_report_for_another_day_changes_nothing(programme_db):
    """The M1 report (15 April) imported into M2 (4 May) is refused; nothing changes."""
    before = _snapshot(programme_db)
    with pytest.raises(FileProblem, match="2021-05-04"):
        import_meeting_files([_f("teams_dmy_utf16.csv")], "M2", db_path=programme_db)
    assert before == _snapshot(programme_db)


def test_unknown_meeting_is_explained(programme_db):
    """A meeting id that is not in meetings is a plain error."""
    with pytest.raises(CopdashError, match="Meeting 'M9' is not in the database"):
        import_meeting_files([_f("teams_dmy_utf16.csv")], "M9", db_path=programme_db)


def test_cli_exit_codes(programme_db, tmp_path, capsys):
    """Exit 3 with an unresolved name, 0 when all are matched, 2 for an unreadable file."""
    bad = tmp_path / "bad.rttm"
    bad.write_text("SPEAKER f 1 x 1 <NA> <NA> S <NA> <NA>\n")
    db = str(programme_db)
    codes = [main(["import", _f("teams_dmy_utf16.csv"), "--meeting", "M1", "--db", db]),
             main(["import", _f("teams_mdy_utf8.csv"), "--meeting", "M2", "--db", db]),
             main(["import", str(bad), "--meeting", "M1", "--db", db])]
    assert [3, 0, 2] == codes
    assert "Guest Person" in capsys.readouterr().out
