"""WebVTT transcript (Teams or Zoom) -> spoken cues with their speaker and word count.

Teams marks the speaker with a voice span, `<v Alice Smith>Good morning</v>` (sometimes
left unclosed, and with HTML entities such as `Far&#237;as`, decoded before matching);
Zoom writes `Alice Smith: Good morning` in numbered cues. Cue identifiers can be anything
(numbers, GUIDs); NOTE, STYLE and REGION blocks carry no speech. Cues without a speaker are
skipped and counted, never given to someone; a file in which no cue names a speaker is
refused (importing it would say that nobody spoke). Parsing the cue blocks and timestamps is
webvtt-py's job.

Teams' older writer (2020-2022, and the Graph API) writes times without leading zeros,
`0:0:58.90 --> 0:0:58.360`, where `.90` means 90 milliseconds (the cue ends at .360 after
it starts); such timestamps are rewritten in the standard form before webvtt-py reads them.
"""

from __future__ import annotations

import io
import re

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from pipelines.errors import FileProblem
from pipelines.importers._records import Cue, TranscriptExport
from pipelines.importers._speech import clean_name, count_words, no_speaker, prefixed_speaker

__all__ = ["parse_vtt", "teams_clock_ms"]

FORMAT = "vtt"
_TIMING = re.compile(r"^(?P<start>\S+)\s+-->\s+(?P<end>\S+)(?P<rest>.*)$")
_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[.,](?P<f>\d{1,3}))?$")


def parse_vtt(text: str, *, source_file: str) -> TranscriptExport:
    """Read a WebVTT transcript; times are seconds from the start of the recording."""
    body = _standard_timestamps(text.lstrip("\ufeff \t\r\n"))
    try:
        document = webvtt.from_buffer(io.StringIO(body))
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
            words=count_words(spoken),
        ))
    if not export.cues:
        raise no_speaker(source_file, len(captions),
                         "no <v Name> voice tags and no 'Name:' at the start of a cue")
    if export.skipped_without_speaker:
        export.notes.append(f"{source_file}: {export.skipped_without_speaker} cue(s) name no "
                            "speaker and were skipped.")
    return export


def teams_clock_ms(stamp: str, *, fraction_is_ms: bool) -> int | None:
    """`0:0:58.90` -> 58090 when the fraction counts milliseconds (Teams' old writer),
    58900 when it is a decimal fraction; `00:01:02.500` -> 62500; None when not a time."""
    match = _CLOCK.match(stamp.strip())
    if not match:
        return None
    fraction = match["f"] or "0"
    ms = int(fraction) if fraction_is_ms else int(fraction.ljust(3, "0"))
    minutes, seconds = int(match["m"]), int(match["s"])
    if seconds > 59 or (match["h"] is not None and minutes > 59):
        return None
    return ((int(match["h"] or 0) * 60 + minutes) * 60 + seconds) * 1000 + ms


def unpadded_clock(stamps: list[str]) -> bool:
    """Teams' old writer: some minute or second field has one digit (`0:0:5.320`)."""
    for stamp in stamps:
        match = _CLOCK.match(stamp.strip())
        if match and (len(match["m"]) == 1 or len(match["s"]) == 1):
            return True
    return False


def _standard_timestamps(text: str) -> str:
    """Rewrite Teams' unpadded timing lines as `HH:MM:SS.mmm`; other files stay as they are."""
    lines = text.splitlines()
    timings = [(i, m) for i, line in enumerate(lines) if (m := _TIMING.match(line.strip()))]
    stamps = [s for _, m in timings for s in (m["start"], m["end"])]
    if not unpadded_clock(stamps):
        return text
    for i, match in timings:
        start = teams_clock_ms(match["start"], fraction_is_ms=True)
        end = teams_clock_ms(match["end"], fraction_is_ms=True)
        if start is not None and end is not None:
            lines[i] = f"{_format_ms(start)} --> {_format_ms(end)}{match['rest']}"
    return "\n".join(lines) + "\n"


def _format_ms(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _speaker_and_text(caption: webvtt.Caption, uses_voice_tags: bool) -> tuple[str, str]:
    """The cue's speaker (voice span, else a `Name:` prefix) and its spoken text."""
    if caption.voice:
        return clean_name(caption.voice), caption.text
    if uses_voice_tags:
        return "", caption.text
    found = prefixed_speaker(caption.text)
    return found if found else ("", caption.text)
