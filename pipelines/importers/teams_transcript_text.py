"""Teams transcripts as text (no `WEBVTT` line): copied out of Word, or saved as .txt.

Two layouts, both found in real downloads:

- The older one (Teams/Stream until about 2022): a time line, the speaker on its own line,
  then what was said, with no blank lines; times without leading zeros, where the fraction
  counts milliseconds (`0:0:58.90 --> 0:0:58.360` starts at 58.090 s)::

      0:0:0.0 --> 0:0:3.540
      Alice Smith
      Good morning everyone.

  The speaker line may also come before the time line; both orders are read.
- The newer one (the .docx Teams downloads since 2022, also copied as text): the speaker,
  a run of spaces, the time from the start of the recording, then the lines said::

      Alice Smith   0:03
      Good morning everyone.

  These entries give only their start: the end is estimated (`_speech.estimate_ends`).

Lines before the first entry (the meeting's title, date and length in the .docx) are left
out, as are "X started transcription" lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipelines.errors import FileProblem
from pipelines.importers._records import Cue, TranscriptExport
from pipelines.importers._speech import clean_name, count_words, estimate_ends, no_speaker
from pipelines.importers.vtt_transcript import teams_clock_ms, unpadded_clock

__all__ = ["looks_like_teams_text", "parse_teams_lines", "parse_teams_text"]

FORMAT = "teams-text"
Line = tuple[int, str]  # (line number, text)

_ARROW = re.compile(r"^\s*(?P<start>\d{1,2}:\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?)\s*-->\s*"
                    r"(?P<end>\d{1,2}:\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?)\s*$")
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?"
# `Alice Smith   0:03`: the name, two spaces or more (or a tab), the time, nothing after.
_HEADER = re.compile(rf"^(?P<name>\S.*?)(?:\s{{2,}}|\t)\s*(?P<time>{_CLOCK})\s*$")
_TIME_ONLY = re.compile(rf"^\s*(?P<time>{_CLOCK})\s*$")
_HOUSEKEEPING = re.compile(r"\b(started|stopped) transcription\s*$", re.IGNORECASE)
_MAX_NAME_WORDS = 6


def parse_teams_text(text: str, *, source_file: str) -> TranscriptExport:
    """Read a Teams transcript saved or copied as text."""
    lines = list(enumerate(text.lstrip("\ufeff").splitlines(), start=1))
    return parse_teams_lines(lines, source_file=source_file, fmt=FORMAT)


def looks_like_teams_text(lines: Sequence[str]) -> bool:
    """A time line (`0:0:0.0 --> 0:0:3.540`), or a `Name   0:03` entry, within the file."""
    return any(_ARROW.match(line) or _HEADER.match(line.strip()) for line in lines[:400])


def parse_teams_lines(lines: Sequence[Line], *, source_file: str, fmt: str) -> TranscriptExport:
    """Entries of either layout, from the file's non-blank lines (numbered for messages)."""
    content = [(n, t.strip()) for n, t in lines if t.strip()]
    export = TranscriptExport(source_file=source_file, format=fmt, source="transcript", cues=[])
    if any(_ARROW.match(t) for _, t in content):
        entries = _arrow_entries(content, export)
    else:
        entries = _header_entries(content)
        if entries:
            export.estimated_ends = True
    if not entries:
        raise FileProblem(
            source_file,
            "no transcript entries were found (no lines like '0:0:0.0 --> 0:0:3.540' and "
            "no speaker lines like 'Alice Smith   0:03').",
            "Import the transcript as Teams downloads it (.vtt or .docx), without editing it.")
    for cue, said in entries:
        if cue.speaker:
            cue.words = count_words(" ".join(said))
            export.cues.append(cue)
        else:
            export.skipped_without_speaker += 1
    if not export.cues:
        raise no_speaker(source_file, len(entries), "every entry has only one line of text")
    if export.estimated_ends:
        estimate_ends(export.cues)
        export.notes.append(
            f"{source_file}: this layout gives only when each entry starts; its talk time was "
            "estimated from its words (half a second a word, at least 1 s, never past the next "
            "entry). A .vtt download of the same transcript gives exact times.")
    if export.skipped_without_speaker:
        export.notes.append(f"{source_file}: {export.skipped_without_speaker} entr(ies) name "
                            "no speaker and were skipped.")
    return export


def _arrow_entries(content: list[Line], export: TranscriptExport) -> list[tuple[Cue, list[str]]]:
    """`time, speaker, text...` blocks (or `speaker, time, text...`)."""
    timings = [i for i, (_, t) in enumerate(content) if _ARROW.match(t)]
    stamps = [s for i in timings for s in _ARROW.match(content[i][1]).groups()]
    fraction_is_ms = unpadded_clock(stamps)
    # Which layout: is the name the line after each time line, or the line before it?
    after = sum(i + 1 < len(content) and _is_name(content[i + 1][1]) for i in timings)
    before = sum(i > 0 and _is_name(content[i - 1][1]) for i in timings)
    speaker_first = before > after
    entries = []
    for k, i in enumerate(timings):
        number, line = content[i]
        match = _ARROW.match(line)
        start = teams_clock_ms(match["start"], fraction_is_ms=fraction_is_ms)
        end = teams_clock_ms(match["end"], fraction_is_ms=fraction_is_ms)
        if start is None or end is None:
            raise FileProblem(export.source_file, f"line {number}: '{line}' is not a time range.",
                              "Times look like '0:0:58.90 --> 0:0:58.360'.")
        following = timings[k + 1] if k + 1 < len(timings) else len(content)
        if speaker_first:
            speaker = content[i - 1][1] if i > 0 else ""
            block_end = following - 1 if k + 1 < len(timings) else following
            said = [t for _, t in content[i + 1:block_end]]
        else:
            block = [t for _, t in content[i + 1:following]]
            speaker, said = (block[0], block[1:]) if len(block) >= 2 else ("", block)
        said = [t for t in said if not _HOUSEKEEPING.search(t)]
        entries.append((Cue(number, clean_name(speaker) if _is_name(speaker) else "",
                            start / 1000, end / 1000), said))
    return entries


def _header_entries(content: list[Line]) -> list[tuple[Cue, list[str]]]:
    """`Name   0:03` (or `Name` then `0:03`) headers, each followed by what was said."""
    entries: list[tuple[Cue, list[str]]] = []
    i = 0
    while i < len(content):
        number, line = content[i]
        header = _HEADER.match(line)
        name, time = (header["name"], header["time"]) if header else (None, None)
        if header is None and i + 1 < len(content) and _is_name(line):
            pair = _TIME_ONLY.match(content[i + 1][1])
            if pair:
                name, time = line, pair["time"]
                i += 1
        if name is not None and _is_name(name):
            entries.append((Cue(number, clean_name(name), _clock_s(time), _clock_s(time)), []))
        elif entries and not _HOUSEKEEPING.search(line):
            entries[-1][1].append(line)
        i += 1
    return entries


def _clock_s(time: str) -> float:
    """`0:03` (minutes:seconds) or `1:02:03` (hours:minutes:seconds) -> seconds."""
    parts = [int(p) for p in time.split(":")]
    return float(parts[0] * 60 + parts[1] if len(parts) == 2
                 else parts[0] * 3600 + parts[1] * 60 + parts[2])


def _is_name(text: str) -> bool:
    """A speaker line: a few words, no sentence punctuation, not a time."""
    text = text.strip()
    return (0 < len(text.split()) <= _MAX_NAME_WORDS and not text.endswith((".", "?", "!", ","))
            and not _ARROW.match(text) and not _TIME_ONLY.match(text))
