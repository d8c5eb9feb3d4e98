"""The six defects found with real third-party files (issue 12), each on a fixture of the
same layout with made-up names, through the import API into a real DuckDB database.

Fixtures: `captions_no_speakers.vtt` (WebVTT with a header block, STYLE and NOTE blocks and
plain captions), `teams_mdy_renamed.csv` (a corrected Teams report in which one person's
name no longer matches), `diarization_close_segments.rttm` (VoxConverse-like: one speaker's
segments under a second apart), `ami_like_multi.rttm` (AMI-test-set-like: three recordings
in one file with the same speaker labels), `teams_entities.vtt` (voice names with HTML
entities), `teams_upn_rejoin_utf16be.csv` (Teams in UTF-16 big-endian; a person whose
Email differs from their UPN left for 6 minutes and rejoined).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.errors import FileProblem
from pipelines.importers import Kept, RecordingChoiceNeeded, add_aliases, import_meeting_files

FIXTURES = Path(__file__).parent / "fixtures"


def _f(name: str) -> str:
    return str(FIXTURES / name)


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _attendance(db: Path, meeting_id: str) -> list[tuple]:
    return _rows(db, "select member_id, joined_min, left_min, minutes_attended from attendance "
                     "where meeting_id = ? order by member_id", [meeting_id])


def _turns(db: Path, meeting_id: str, source: str) -> list[tuple]:
    return _rows(db, "select member_id, start_s, duration_s, words from speaking_turns "
                     "where meeting_id = ? and source = ? order by turn_id", [meeting_id, source])


def _talk(db: Path, meeting_id: str, source: str) -> dict[str, float]:
    return {m: round(t, 3) for m, t in _rows(
        db, "select member_id, sum(duration_s) from speaking_turns where meeting_id = ? and "
            "source = ? group by member_id", [meeting_id, source])}


def _with_transcript(db: Path) -> None:
    """M1's attendance (P01, P02, P05 present) and its transcript's four turns."""
    import_meeting_files([_f("teams_dmy_utf16.csv"), _f("teams_transcript.vtt")], "M1",
                         db_path=db)


# --------------------------------------------------------------- 1. no speaker named


def test_transcript_naming_no_speaker_is_refused(programme_db):
    """Captions without voice names (STYLE, NOTE, plain cues) say nothing about who talked:
    the import stops with a file problem that says so."""
    _with_transcript(programme_db)
    with pytest.raises(FileProblem, match="none of its 3 entries names a speaker"):
        import_meeting_files([_f("captions_no_speakers.vtt")], "M1", db_path=programme_db)


def test_transcript_naming_no_speaker_keeps_the_stored_turns(programme_db):
    """The meeting's four stored transcript turns are exactly as before the refused import:
    Alice 5 s (4.6 s of speech), Bob 12 s (3), Bob 16.5 s (1.5), Alice 20 s (2)."""
    _with_transcript(programme_db)
    before = _turns(programme_db, "M1", "transcript")
    with pytest.raises(FileProblem):
        import_meeting_files([_f("captions_no_speakers.vtt")], "M1", db_path=programme_db)
    assert (4, before) == (len(before), _turns(programme_db, "M1", "transcript"))


def test_cli_exit_code_and_message_for_a_transcript_naming_no_speaker(programme_db, capsys):
    """`copdash import` exits 2 (a file problem, nothing written) and says why."""
    _with_transcript(programme_db)
    code = main(["import", _f("captions_no_speakers.vtt"), "--meeting", "M1",
                 "--db", str(programme_db)])
    captured = capsys.readouterr()
    assert (2, True) == (code, "names a speaker" in captured.out + captured.err)


# --------------------------------------------------------------- 2. unmatched keeps


def test_reimport_keeps_the_attendance_of_a_name_that_became_unmatched(programme_db):
    """M2 (start 14:00 from the report) first: Carol 5/55/50, Dan 0/60/60. The corrected
    report has Carol 14:05-14:45 (5/45/40) and 'Daniel Green', whom no alias names: Carol
    is updated, Dan's stored row (60 minutes) is kept rather than dropped (2 rows, not 1)."""
    import_meeting_files([_f("teams_mdy_utf8.csv")], "M2", db_path=programme_db)
    import_meeting_files([_f("teams_mdy_renamed.csv")], "M2", db_path=programme_db)
    assert [("P03", 5.0, 45.0, 40.0), ("P04", 0.0, 60.0, 60.0)] == _attendance(programme_db, "M2")


def test_reimport_says_what_an_unmatched_name_keeps(programme_db):
    """The report lists Dan's kept row (P04, 60 min), the unmatched name, and exits 3."""
    import_meeting_files([_f("teams_mdy_utf8.csv")], "M2", db_path=programme_db)
    report = import_meeting_files([_f("teams_mdy_renamed.csv")], "M2", db_path=programme_db)
    assert ([Kept("attendance", "P04", 1, minutes_attended=60.0)], ["Daniel Green"], 3,
            True) == (report.kept, [u.name for u in report.unresolved], report.exit_code,
                      "P04: attendance (60 min attended)" in report.summary())


def test_once_matched_the_corrected_report_replaces_in_full(programme_db):
    """After 'Daniel Green' is mapped to P04, the corrected report replaces both rows:
    Dan 13:58-15:00 -> 0/60/min(60, 62 reported) = 60, nothing kept."""
    import_meeting_files([_f("teams_mdy_utf8.csv")], "M2", db_path=programme_db)
    add_aliases([{"alias": "Daniel Green", "member_id": "P04"}], db_path=programme_db)
    report = import_meeting_files([_f("teams_mdy_renamed.csv")], "M2", db_path=programme_db)
    assert ([], [("P03", 5.0, 45.0, 40.0), ("P04", 0.0, 60.0, 60.0)]) == (
        report.kept, _attendance(programme_db, "M2"))


def test_reimport_keeps_the_turns_while_a_speaker_is_unmatched(programme_db, tmp_path):
    """A corrected transcript in which Bob is 'Robert Jones' (no alias) is not loaded: the
    stored turns stay (Alice 2 turns, 4.6 + 2 = 6.6 s; Bob 2 turns, 3 + 1.5 = 4.5 s) and
    the report lists them as kept."""
    _with_transcript(programme_db)
    before = _turns(programme_db, "M1", "transcript")
    renamed = tmp_path / "renamed.vtt"
    renamed.write_text("WEBVTT\n\n1\n00:00:05.000 --> 00:00:09.000\n<v Alice Smith>Hello all.</v>"
                       "\n\n2\n00:00:10.000 --> 00:00:12.000\n<v Robert Jones>Hi.</v>\n",
                       encoding="utf-8")
    report = import_meeting_files([str(renamed)], "M1", db_path=programme_db)
    assert (before, [Kept("speaking_turns", "P01", 2, talk_s=6.6, source="transcript"),
                     Kept("speaking_turns", "P02", 2, talk_s=4.5, source="transcript")]) == (
        _turns(programme_db, "M1", "transcript"),
        [Kept(k.dataset, k.member_id, k.rows, talk_s=round(k.talk_s, 3), source=k.source)
         for k in report.kept])


# --------------------------------------------------------------- 3. silence is not talk


def _close_segments(db: Path) -> None:
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=db)
    add_aliases([{"alias": "spk07", "member_id": "P01", "meeting_id": "M1"},
                 {"alias": "spk02", "member_id": "P02", "meeting_id": "M1"}], db_path=db)
    import_meeting_files([_f("diarization_close_segments.rttm")], "M1", db_path=db)


def test_rttm_talk_time_is_the_sum_of_segments(programme_db):
    """spk07 (P01): 2 + 1.6 + 0.8 + 1.25 = 5.65 s (the old join counted 10-15.5 = 5.5 s plus
    1.25 = 6.75 s); spk02 (P02): 3 + 2 + 1.1 = 6.1 s (not 3 + 4 = 7 s)."""
    _close_segments(programme_db)
    assert {"P01": 5.65, "P02": 6.1} == _talk(programme_db, "M1", "diarization")


def test_rttm_close_segments_still_count_as_one_turn(programme_db):
    """Turns for the turn counts: spk07 10-12, 12.4-14, 14.7-15.5 (gaps 0.4 and 0.7 s) are
    one turn from 10 s with 4.4 s of speech; spk02 16-19 (3); spk07 19.5-20.75 (1.25);
    spk02 21-23 and 23.9-25 (gap 0.9 s) one turn from 21 s with 3.1 s."""
    _close_segments(programme_db)
    assert [("P01", 10.0, 4.4, None), ("P02", 16.0, 3.0, None), ("P01", 19.5, 1.25, None),
            ("P02", 21.0, 3.1, None)] == _turns(programme_db, "M1", "diarization")


def test_meeting_talk_share_uses_the_summed_speech(programme_db):
    """mart_meeting_summary: talk 5.65 + 6.1 = 11.75 s in 4 turns (Fay, the facilitator, did
    not speak and is left out)."""
    _close_segments(programme_db)
    talk_s, turns_n = _rows(programme_db, "select talk_s, turns_n from mart_meeting_summary "
                                          "where meeting_id = 'M1'")[0]
    assert (11.75, 4) == (pytest.approx(talk_s), turns_n)


# --------------------------------------------------------------- 4. several recordings


def _ami_aliases(db: Path) -> None:
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=db)
    add_aliases([{"alias": "FEE001", "member_id": "P01", "meeting_id": "M1"},
                 {"alias": "MEE002", "member_id": "P02", "meeting_id": "M1"}], db_path=db)


def test_multi_recording_rttm_is_refused_with_the_list(programme_db):
    """Three recordings and no choice: refused, listing XY2001a (3 segments), XY2001b (2),
    XY2001c (3); nothing is stored from the file."""
    _ami_aliases(programme_db)
    with pytest.raises(RecordingChoiceNeeded) as refused:
        import_meeting_files([_f("ami_like_multi.rttm")], "M1", db_path=programme_db)
    assert ({"XY2001a": 3, "XY2001b": 2, "XY2001c": 3}, []) == (
        refused.value.recordings, _turns(programme_db, "M1", "diarization"))


def test_the_named_recording_alone_is_imported(programme_db):
    """XY2001a only: FEE001 3.10-7.30 (4.2 s), MEE002 7.60-9.60 (2 s), FEE001 10-11.5
    (1.5 s): P01 5.7 s, P02 2 s; the other recordings' 104 s are not pulled in (all eight
    segments would give 111.7 s)."""
    _ami_aliases(programme_db)
    import_meeting_files([_f("ami_like_multi.rttm")], "M1", recording="XY2001a",
                         db_path=programme_db)
    assert {"P01": 5.7, "P02": 2.0} == _talk(programme_db, "M1", "diarization")


def test_cli_recording_flag(programme_db, capsys):
    """Without --recording the command exits 2 and lists the recordings; with it, 0."""
    _ami_aliases(programme_db)
    args = ["import", _f("ami_like_multi.rttm"), "--meeting", "M1", "--db", str(programme_db)]
    refused = main(args)
    captured = capsys.readouterr()
    listed = "XY2001b (2 segments)" in captured.out + captured.err
    assert (2, True, 0) == (refused, listed, main([*args, "--recording", "XY2001c"]))


def test_unknown_recording_is_refused_with_the_list(programme_db):
    """A recording id that is not in the file is refused, listing those that are."""
    _ami_aliases(programme_db)
    with pytest.raises(RecordingChoiceNeeded, match="no recording 'ES2004a'"):
        import_meeting_files([_f("ami_like_multi.rttm")], "M1", recording="ES2004a",
                             db_path=programme_db)


# --------------------------------------------------------------- 5. HTML entities


def test_voice_names_with_html_entities_match_their_alias(programme_db):
    """`<v Carlos Far&#237;as>` is 'Carlos Farías' (aliased to P05): his 2-6 and 14-18 cues
    give 8 s; Alice 7-10 gives 3 s, Bob 11-13.5 gives 2.5 s: Carlos has 8 / 13.5 = 59% of
    the talk, and nobody is unmatched."""
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    add_aliases([{"alias": "Carlos Farías", "member_id": "P05"}], db_path=programme_db)
    report = import_meeting_files([_f("teams_entities.vtt")], "M1", db_path=programme_db)
    assert ([], {"P01": 3.0, "P02": 2.5, "P05": 8.0}) == (
        report.unresolved, _talk(programme_db, "M1", "transcript"))


def test_unmatched_entity_name_is_listed_decoded(programme_db):
    """Without the alias, the name is listed as 'Carlos Farías', as a person would type it."""
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    report = import_meeting_files([_f("teams_entities.vtt")], "M1", db_path=programme_db)
    assert ["Carlos Farías"] == [u.name for u in report.unresolved]


# --------------------------------------------------------------- 6. one person, one row


def test_teams_person_spelled_by_email_and_upn_is_one_person(programme_db):
    """M4 starts 10:00. Carol (alias by e-mail only) joined 10:05-10:07 as carol@nhs.net and
    rejoined 10:13-10:15:49 as her UPN: 5 / 15.82 / 2 + 2 m 49 s = 4.82 min (the
    participants row's 10:05-10:15:49 span would add the 6 minutes away: 10.82). Alice
    0 / 60 / 60."""
    report = import_meeting_files([_f("teams_upn_rejoin_utf16be.csv")], "M4",
                                  db_path=programme_db)
    assert ([], [("P01", 0.0, 60.0, 60.0), ("P03", 5.0, 15.82, 4.82)]) == (
        report.unresolved, _attendance(programme_db, "M4"))
