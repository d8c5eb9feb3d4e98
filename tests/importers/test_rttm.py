"""RTTM diarization: 10 and 9 fields, SPEAKER lines only."""

from __future__ import annotations

import pytest

from pipelines.errors import FileProblem
from pipelines.importers import parse_export


def test_ten_fields_speaker_lines_only(fixture_bytes):
    """Four SPEAKER lines; the SPKR-INFO line is ignored."""
    export = parse_export("d.rttm", fixture_bytes("diarization_10.rttm"))
    assert [("SPEAKER_00", 5.0, 10.0), ("SPEAKER_01", 12.0, 15.0), ("SPEAKER_01", 15.5, 18.0),
            ("SPEAKER_00", 20.0, 22.0)] == [(c.speaker, c.start_s, c.end_s) for c in export.cues]


def test_nine_fields(fixture_bytes):
    """The 9-field variant: onset 30.00 + duration 4.25 ends at 34.25."""
    export = parse_export("d.rttm", fixture_bytes("diarization_9.rttm"))
    assert ("SPEAKER_02", 30.0, 34.25) == (export.cues[3].speaker, export.cues[3].start_s,
                                           export.cues[3].end_s)


def test_source_is_diarization(fixture_bytes):
    """Turns from RTTM have source diarization."""
    assert "diarization" == parse_export("d.rttm", fixture_bytes("diarization_9.rttm")).source


def test_bad_onset_names_the_line(fixture_bytes):
    """A SPEAKER line with a non-number onset is a file problem naming line 2."""
    text = ("SPEAKER f 1 1.0 2.0 <NA> <NA> S0 <NA> <NA>\n"
            "SPEAKER f 1 x 2.0 <NA> <NA> S0 <NA> <NA>\n")
    with pytest.raises(FileProblem, match="line 2"):
        parse_export("d.rttm", text.encode(), fmt="rttm")
