"""WebVTT transcript (Teams or Zoom) -> spoken cues with their speaker and word count.

Teams marks the speaker with a voice span, `<v Alice Smith>Good morning</v>` (sometimes
left unclosed); Zoom writes `Alice Smith: Good morning` in numbered cues. Cue identifiers
can be anything (numbers, GUIDs). Cues without a speaker are skipped and counted, never
given to someone. Parsing the cue blocks and timestamps is webvtt-py's job.
"""

from __future__ import annotations

import io
import re

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from pipelines.errors import FileProblem
from pipelines.importers._records import Cue, TranscriptExport

__all__ = ["parse_vtt"]

FORMAT = "vtt"
# Zoom's `Name: text`; a name is short and has no sentence punctuation.
_ZOOM_SPEAKER = re.compile(r"^\s*(?P<name>[^\s:?!][^:?!]{0,59}?)\s*:\s+(?P<text>.*)$", re.DOTALL)
_MAX_NAME_WORDS = 6


def parse_vtt(text: str, *, source_file: str) -> TranscriptExport:
    """Read a WebVTT transcript; times are seconds from the start of the recording."""
    try:
        document = webvtt.from_buffer(io.StringIO(text.lstrip("\ufeff \t\r\n")))
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise FileProblem(
            source_file,
            f"the file is not a readable WebVTT transcript ({exc}).",
            "A transcript starts with the line 'WEBVTT' and has cues like "
            "'00:00:01.000 --> 00:00:04.000'. Download it again from Teams or Zoom as .vtt.",
        ) from None
    captions = list(document.captions)
    if not captions:
        raise FileProblem(source_file, "the transcript has no cues.",
                          "Check that you chose the transcript (.vtt) of the meeting.")
    uses_voice_tags = any(c.voice for c in captions)
    export = TranscriptExport(source_file=source_file, format=FORMAT, source="transcript", cues=[])
    for number, caption in enumerate(captions, start=1):
        speaker, spoken = _speaker_and_text(caption, uses_voice_tags)
        if not speaker:
            export.skipped_without_speaker += 1
            continue
        export.cues.append(Cue(
            position=number,
            speaker=speaker,
            start_s=caption.start_time.in_milliseconds() / 1000,
            end_s=caption.end_time.in_milliseconds() / 1000,
            words=len(spoken.split()),
        ))
    if export.skipped_without_speaker:
        export.notes.append(f"{source_file}: {export.skipped_without_speaker} cue(s) name no "
                            "speaker and were skipped.")
    return export


def _speaker_and_text(caption: webvtt.Caption, uses_voice_tags: bool) -> tuple[str, str]:
    """The cue's speaker (voice span, else Zoom prefix) and its spoken text."""
    if caption.voice:
        return caption.voice.strip(), caption.text
    if uses_voice_tags:
        return "", caption.text
    match = _ZOOM_SPEAKER.match(caption.text)
    if not match or len(match["name"].split()) > _MAX_NAME_WORDS:
        return "", caption.text
    return match["name"].strip(), match["text"]
