"""Transcript layouts real users bring besides WebVTT: SRT with speaker prefixes, Teams text
(the older `0:0:0.0 -->` layout and the newer `Name   0:03` one), Teams' .docx download,
Zoom's saved transcript. Each is parsed, then imported into a real database.

The .docx files are built here with python-docx in the layout Teams writes: the meeting's
title, date and length as paragraphs, then one paragraph per entry whose lines (speaker and
time, then what was said) are separated by line breaks (`<w:br/>`) inside the paragraph.
"""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest

from pipelines.errors import FileProblem
from pipelines.importers import add_aliases, import_meeting_files, parse_export

FIXTURES = Path(__file__).parent / "fixtures"


def _f(name: str) -> str:
    return str(FIXTURES / name)


def _cues(export) -> list[tuple]:
    return [(c.speaker, c.start_s, c.end_s, c.words) for c in export.cues]


def _turns(db: Path, meeting_id: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select member_id, start_s, duration_s, words from speaking_turns "
                           "where meeting_id = ? and source = 'transcript' order by turn_id",
                           [meeting_id]).fetchall()


def teams_docx(title_lines: list[str], entries: list[list[str]]) -> bytes:
    """A Word document laid out as Teams' transcript download (see the module docstring)."""
    import docx

    document = docx.Document()
    for line in title_lines:
        document.add_paragraph(line)
    for lines in entries:
        run = document.add_paragraph().add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


NEW_LAYOUT = [["Alice Smith   0:03", "Good morning everyone.", "Shall we start?"],
              ["Bob Jones   0:10", "Yes."],
              ["Alice Smith   0:12", "The audit is first, and the figures are in the pack we "
                                     "sent out last week."]]
# Entries of the newer layout give only their start; each end is estimated as half a second
# a word (at least 1 s), cut at the next entry's start:
# Alice 0:03, 6 words -> 3 s -> 3-6; Bob 0:10, 1 word -> 1 s -> 10-11; Alice 0:12, 16 words
# -> 8 s (no next entry) -> 12-20.
NEW_LAYOUT_CUES = [("Alice Smith", 3.0, 6.0, 6), ("Bob Jones", 10.0, 11.0, 1),
                   ("Alice Smith", 12.0, 20.0, 16)]


# --------------------------------------------------------------- SRT


def test_srt_speaker_prefixes():
    """`Alice Smith: ...` and `[Bob Jones] ...` name the speaker; tags are not words:
    'Good morning, everyone.' is 3 words; 'Morning, all / of you.' 4; the last 5."""
    export = parse_export("s.srt", (FIXTURES / "speakers.srt").read_bytes())
    assert [("Alice Smith", 2.0, 5.5, 3), ("Bob Jones", 6.0, 8.0, 4),
            ("Bob Jones", 9.2, 12.2, 5)] == _cues(export)


def test_srt_cue_without_speaker_is_skipped():
    """`(laughter)` names nobody: skipped and counted."""
    assert 1 == parse_export("s.srt", (FIXTURES / "speakers.srt").read_bytes()
                             ).skipped_without_speaker


def test_srt_turns_in_database(programme_db):
    """M1: Alice 2-5.5 (3.5 s, 3 words); Bob 6-8 (2 s) and 9.2-12.2 (3 s), 1.2 s apart
    (more than the 1 s merge gap), so two turns."""
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    import_meeting_files([_f("speakers.srt")], "M1", db_path=programme_db)
    assert [("P01", 2.0, 3.5, 3), ("P02", 6.0, 2.0, 4), ("P02", 9.2, 3.0, 5)] == _turns(
        programme_db, "M1")


# --------------------------------------------------------------- Teams text


def test_teams_old_text_times_count_milliseconds():
    """No WEBVTT line; `0:0:3.90` is 3.090 s and `0:0:58.90 --> 0:0:58.360` runs 58.090 to
    58.360 (Teams' writer drops the fraction's leading zeros); `0:1:2.5` is 62.005 s. The
    speaker keeps its `(EXT)` until matching."""
    export = parse_export("t.txt", (FIXTURES / "teams_transcript_old.txt").read_bytes())
    assert [("Alice Smith", 0.0, 3.54, 9), ("Alice Smith", 3.09, 6.5, 4),
            ("Bob Jones (EXT)", 7.08, 9.18, 5), ("Bob Jones (EXT)", 58.09, 58.36, 1),
            ("Alice Smith", 62.005, 65.04, 7)] == _cues(export)


def test_teams_old_text_turns_in_database(programme_db):
    """Alice's first two cues overlap (0-3.54 and 3.09-6.5): her speech is their union,
    0-6.5 = 6.5 s (not 3.54 + 3.41), 9 + 4 words; `Bob Jones (EXT)` is Bob (P02): 7.08-9.18
    (2.1 s) and, 49 s later, 58.09-58.36 (0.27 s); Alice 62.005-65.04 (3.035 s)."""
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    report = import_meeting_files([_f("teams_transcript_old.txt")], "M1", db_path=programme_db)
    assert ([], [("P01", 0.0, 6.5, 13), ("P02", 7.08, 2.1, 5), ("P02", 58.09, 0.27, 1),
                 ("P01", 62.005, 3.035, 7)]) == (report.unresolved, _turns(programme_db, "M1"))


def test_teams_old_text_speaker_before_time():
    """The same layout with the speaker line before the time line is read the same way."""
    text = ("Alice Smith\n0:0:1.0 --> 0:0:4.0\nGood morning.\n"
            "Bob Jones\n0:0:5.0 --> 0:0:6.500\nHello.\n")
    assert [("Alice Smith", 1.0, 4.0, 2), ("Bob Jones", 5.0, 6.5, 1)] == _cues(
        parse_export("t.txt", text.encode()))


def test_teams_new_text_estimates_ends():
    """`Name   0:03` entries after the title lines; ends estimated (see NEW_LAYOUT_CUES);
    the 'started transcription' line is not an entry."""
    export = parse_export("t.txt", (FIXTURES / "teams_transcript_new.txt").read_bytes())
    assert (NEW_LAYOUT_CUES, True) == (_cues(export), export.estimated_ends)


# --------------------------------------------------------------- Teams .docx


def test_docx_new_layout():
    """The .docx download gives the same entries as its text (breaks inside paragraphs)."""
    data = teams_docx(["CoP April", "15 April 2021, 10:00", "1h 30m"], NEW_LAYOUT)
    export = parse_export("meeting transcript.docx", data)
    assert ("docx", NEW_LAYOUT_CUES) == (export.format, _cues(export))


def test_docx_old_layout():
    """An older download: time, speaker and text in one paragraph; `0:0:6.90` is 6.090 s."""
    data = teams_docx([], [["0:0:0.0 --> 0:0:1.510", "Alice Smith", "OK. Yeah."],
                           ["0:0:6.90 --> 0:0:8.500", "Bob Jones", "Right, the audit."]])
    assert [("Alice Smith", 0.0, 1.51, 2), ("Bob Jones", 6.09, 8.5, 3)] == _cues(
        parse_export("t.docx", data))


def test_docx_turns_in_database(programme_db):
    """M1: Alice 3 s (3 s of speech), Bob 10 s (1 s), Alice 12 s (8 s)."""
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    data = teams_docx(["CoP April"], NEW_LAYOUT)
    import_meeting_files([("transcript.docx", data)], "M1", db_path=programme_db)
    assert [("P01", 3.0, 3.0, 6), ("P02", 10.0, 1.0, 1), ("P01", 12.0, 8.0, 16)] == _turns(
        programme_db, "M1")


def test_docx_without_entries_is_a_file_problem():
    """A Word document that is not a transcript is explained, not imported."""
    with pytest.raises(FileProblem, match="no transcript entries"):
        parse_export("notes.docx", teams_docx(["Minutes of the meeting", "Apologies: none."], []))


# --------------------------------------------------------------- Zoom saved transcript


def test_zoom_saved_transcript_entries():
    """`[Name] 18:01:05` entries in clock time (seconds since midnight: 18:01:05 = 64865);
    ends estimated: Alice 7 words -> 3.5 s; Bob twice at 18:01:09: 1 word -> 1 s and 3 words
    -> 1.5 s (the next later entry is 21 s on); Alice 12 words -> 6 s; Carol 1 s."""
    export = parse_export("z.txt", (FIXTURES / "zoom_saved_transcript.txt").read_bytes())
    assert ([("Alice Smith", 64865.0, 64868.5, 7), ("Bob Jones", 64869.0, 64870.0, 1),
             ("Bob Jones", 64869.0, 64870.5, 3), ("Alice Smith", 64890.0, 64896.0, 12),
             ("Carol White", 64900.0, 64901.0, 1)], True) == (_cues(export), export.clock_times)


def test_zoom_saved_transcript_turns_from_the_meetings_start(programme_db):
    """M3 starts 18:00:00, so 18:01:05 is 65 s. Bob's two entries of one second overlap:
    his speech is their union, 69-70.5 = 1.5 s, 1 + 3 words. Turns: Alice 65 (3.5 s), Bob 69
    (1.5 s), Alice 90 (6 s), Carol 100 (1 s)."""
    import_meeting_files([_f("zoom_participants.csv")], "M3", db_path=programme_db)
    add_aliases([{"alias": "Carol White", "member_id": "P03"}], db_path=programme_db)
    import_meeting_files([_f("zoom_saved_transcript.txt")], "M3", db_path=programme_db)
    assert [("P01", 65.0, 3.5, 7), ("P02", 69.0, 1.5, 4), ("P01", 90.0, 6.0, 12),
            ("P03", 100.0, 1.0, 1)] == _turns(programme_db, "M3")


def test_zoom_saved_transcript_of_another_time_is_refused(programme_db):
    """Entries at 18:01-18:01 cannot be M1's (10:00, 90 minutes) clock times, nor times from
    its recording's start: the wrong meeting, refused."""
    import_meeting_files([_f("teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    with pytest.raises(FileProblem, match="started at 10:00"):
        import_meeting_files([_f("zoom_saved_transcript.txt")], "M1", db_path=programme_db)
