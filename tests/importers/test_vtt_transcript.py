"""WebVTT transcripts: Teams voice tags, Zoom name prefixes, cues without a speaker."""

from __future__ import annotations

import pytest

from pipelines.errors import FileProblem
from pipelines.importers import parse_export


def test_teams_voice_tags_closed_and_unclosed(fixture_bytes):
    """Voice spans give the speaker; the unclosed `<v Bob Jones (External)>` too."""
    export = parse_export("t.vtt", fixture_bytes("teams_transcript.vtt"))
    assert [("Alice Smith", 5.0, 8.5, 6), ("Alice Smith", 8.9, 10.0, 5),
            ("Bob Jones (External)", 12.0, 15.0, 5), ("Bob Jones", 16.5, 18.0, 2),
            ("Alice Smith", 20.0, 22.0, 3)] == [
        (c.speaker, c.start_s, c.end_s, c.words) for c in export.cues]


def test_cue_without_speaker_is_skipped_and_counted(fixture_bytes):
    """`[inaudible]` names nobody: skipped, counted, never given to someone."""
    assert 1 == parse_export("t.vtt", fixture_bytes("teams_transcript.vtt")).skipped_without_speaker


def test_zoom_name_prefix(fixture_bytes):
    """Zoom's `Fay Host: Welcome ...` gives the speaker and the words after the colon."""
    export = parse_export("z.vtt", fixture_bytes("zoom_transcript.vtt"))
    assert [("Fay Host", 5), ("Fay Host", 4), ("Carol White", 5)] == [
        (c.speaker, c.words) for c in export.cues]


def test_zoom_cue_without_name_is_skipped(fixture_bytes):
    """`(music)` has no `Name:` prefix."""
    assert 1 == parse_export("z.vtt", fixture_bytes("zoom_transcript.vtt")).skipped_without_speaker


def test_text_without_webvtt_header_is_a_file_problem(fixture_bytes):
    """A .vtt that does not start with WEBVTT is explained, not a crash."""
    with pytest.raises(FileProblem, match="WEBVTT"):
        parse_export("x.vtt", b"hello\n00:00:01.000 --> 00:00:02.000\nhi\n", fmt="vtt")
