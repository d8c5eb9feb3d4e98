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
