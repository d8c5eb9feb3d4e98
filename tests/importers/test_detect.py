"""Recognising an export's format from its content."""

from __future__ import annotations

import pytest

from pipelines.errors import FileProblem
from pipelines.importers._text import decode_export
from pipelines.importers.detect import detect_format

CASES = [
    ("teams_dmy_utf16.csv", "teams-attendance"),
    ("teams_mdy_utf8.csv", "teams-attendance"),
    ("teams_no_times.csv", "teams-attendance"),
    ("zoom_participants.csv", "zoom-participants"),
    ("teams_transcript.vtt", "vtt"),
    ("zoom_transcript.vtt", "vtt"),
    ("diarization_10.rttm", "rttm"),
    ("diarization_9.rttm", "rttm"),
    ("ami_like_multi.rttm", "rttm"),
    ("captions_no_speakers.vtt", "vtt"),
    ("teams_upn_rejoin_utf16be.csv", "teams-attendance"),
    ("teams_mdy_renamed.csv", "teams-attendance"),
    ("zoom_participants_ja.csv", "zoom-participants"),
    ("zoom_participants_es_semicolon.csv", "zoom-participants"),
    ("speakers.srt", "srt"),
    ("teams_transcript_old.txt", "teams-text"),
    ("teams_transcript_new.txt", "teams-text"),
    ("zoom_saved_transcript.txt", "zoom-text"),
]


@pytest.mark.parametrize(("name", "expected"), CASES)
def test_fixture_format_is_recognised(fixture_bytes, name, expected):
    """Every fixture is recognised from its content (the .csv name says nothing)."""
    text = decode_export(fixture_bytes(name), name)
    assert expected == detect_format(text, "upload.csv")


def test_canonical_csv_is_not_an_export():
    """A members.csv is not a meeting export: a file problem saying what is accepted."""
    with pytest.raises(FileProblem, match="not a file the importer knows"):
        detect_format("member_id,cop_id\nP01,C1\n", "members.csv")


def test_docx_is_recognised_from_its_bytes():
    """A Word document is recognised from its content (a zip with word/document.xml),
    whatever its name."""
    import io

    import docx

    from pipelines.importers import parse_export

    document = docx.Document()
    document.add_paragraph("Alice Smith   0:03\nGood morning.")
    out = io.BytesIO()
    document.save(out)
    assert "docx" == parse_export("upload.bin", out.getvalue()).format


def test_csv_starting_with_a_name_column_is_not_zoom():
    """A plain `Name,Email` list is not taken for a Zoom report (no bracketed header)."""
    with pytest.raises(FileProblem, match="not a file the importer knows"):
        detect_format("Name,Email\nAlice,alice@example.org\n", "people.csv")
