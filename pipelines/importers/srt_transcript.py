"""SRT subtitles with the speaker at the start of each cue -> spoken cues.

SubRip files (numbered cues, `00:00:01,000 --> 00:00:04,000`, text) come out of many
captioning and transcription tools. They have no field for the speaker, so one is read only
when the cue text starts with it: `Alice Smith: text` or `[Alice Smith] text` (the same rule
as Zoom's WebVTT). Cues without a speaker are skipped and counted; a file in which none
names a speaker is refused. Parsing the blocks and times is the `srt` package's job.
"""

from __future__ import annotations

import srt

from pipelines.errors import FileProblem
from pipelines.importers._records import Cue, TranscriptExport
from pipelines.importers._speech import count_words, no_speaker, prefixed_speaker

__all__ = ["parse_srt"]

FORMAT = "srt"


def parse_srt(text: str, *, source_file: str) -> TranscriptExport:
    """Read SRT subtitles; times are seconds from the start of the recording."""
    try:
        subtitles = list(srt.parse(text.lstrip("\ufeff"), ignore_errors=False))
    except (srt.SRTParseError, ValueError) as exc:
        raise FileProblem(
            source_file,
            f"the file is not readable SRT subtitles ({str(exc)[:120]}).",
            "SRT cues are a number, a line like '00:00:01,000 --> 00:00:04,000' and the "
            "text; export the subtitles again from the tool that made them.",
        ) from None
    if not subtitles:
        raise FileProblem(source_file, "the subtitles have no cues.",
                          "Check that you chose the subtitles (.srt) of the meeting.")
    export = TranscriptExport(source_file=source_file, format=FORMAT, source="transcript", cues=[])
    for number, subtitle in enumerate(subtitles, start=1):
        found = prefixed_speaker(subtitle.content)
        if found is None:
            export.skipped_without_speaker += 1
            continue
        speaker, spoken = found
        export.cues.append(Cue(position=number, speaker=speaker,
                               start_s=subtitle.start.total_seconds(),
                               end_s=subtitle.end.total_seconds(), words=count_words(spoken)))
    if not export.cues:
        raise no_speaker(source_file, len(subtitles),
                         "no cue starts with 'Name:' or '[Name]'")
    if export.skipped_without_speaker:
        export.notes.append(f"{source_file}: {export.skipped_without_speaker} cue(s) name no "
                            "speaker and were skipped.")
    return export
