"""An observation journal (format v1, `shared/spec/logger-journal.md`) -> turns and attendance.

Reading is strict where a guess could load the wrong meeting or the wrong turns (a line
that is not JSON, an unknown kind, a missing `session` event, an `undo` or `edit` whose
target names no event): `JournalProblem`, naming the line, and nothing is loaded. Everything
else the journal can say is read as the spec says, and what an observer should know
(a duplicate line that differs, events after `end`, a clock jump, a speaker not marked
present, a turn still open) is a plain note.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from pipelines.errors import FileProblem

__all__ = ["ATTENDANCE_COLUMNS", "BOUNDARY_KINDS", "CLOCK_JUMP_S", "KINDS", "TURN_COLUMNS",
           "Journal", "JournalProblem", "Turn", "journal_to_rows", "parse_journal",
           "parse_lines", "turns_of"]

KINDS = ("session", "present", "speak", "silence", "pause", "resume", "undo", "edit", "end")
BOUNDARY_KINDS = frozenset({"speak", "silence", "pause", "end"})
_UNDOABLE = frozenset({"speak", "silence"})
_EDITABLE = ("member_id", "act", "activity")
# Two events further apart than this (10 minutes) while someone holds the floor are
# reported: a tablet that slept keeps the turn running on its monotonic clock.
CLOCK_JUMP_S = 600.0
TURN_COLUMNS = ["turn_id", "meeting_id", "member_id", "channel", "start_s", "duration_s",
                "activity", "act", "words", "source"]
ATTENDANCE_COLUMNS = ["meeting_id", "member_id", "status", "attended_via", "joined_min",
                      "left_min", "minutes_attended"]


class JournalProblem(FileProblem):
    """The journal cannot be read as a whole: nothing of it is loaded."""


@dataclass(frozen=True)
class Turn:
    """One voice turn of the journal (seconds since the session started)."""

    event_id: str
    member_id: str
    start_s: float
    duration_s: float
    act: str = ""
    activity: str = ""

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s


@dataclass
class Journal:
    """The events of one session, deduplicated and in the order they apply (`at`, line)."""

    source_file: str
    session_id: str
    meeting_id: str
    started_at: str
    events: list[dict]                       # each with "_line", the first line it was on
    notes: list[str] = field(default_factory=list)
    session_event: dict = field(default_factory=dict)

    @property
    def cop_id(self) -> str:
        """The CoP the recording device said the session was for ('' when it did not)."""
        return str(self.session_event.get("cop_id") or "")


# --------------------------------------------------------------------------- parsing


def parse_lines(text: str, source_file: str) -> list[dict]:
    """JSON Lines -> events with their line number in "_line"; blank lines are skipped."""
    events = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            raise JournalProblem(source_file, f"line {number} is not valid JSON ({exc.msg}).",
                                 "Correct or remove that line, then replay the journal.") from None
        if not isinstance(event, dict):
            raise JournalProblem(source_file, f"line {number} is not an event (a JSON object).",
                                 "Correct or remove that line, then replay the journal.")
        events.append({**event, "_line": number})
    return events


def parse_journal(events: Iterable[dict], source_file: str = "journal") -> Journal:
    """Check and order a session's events; JournalProblem names the line when one is wrong.

    Events may carry "_line" (their line in the file); otherwise their position counts.
    """
    unique: dict[str, dict] = {}
    notes: list[str] = []
    session_ids: set[str] = set()
    for position, raw in enumerate(events, start=1):
        event = dict(raw)
        event.setdefault("_line", position)
        _check_event(event, source_file)
        session_ids.add(event["session_id"])
        first = unique.get(event["event_id"])
        if first is None:
            unique[event["event_id"]] = event
        elif _content(first) != _content(event):
            notes.append(f"line {event['_line']} repeats event {event['event_id']} of line "
                         f"{first['_line']} with different values; the first was kept.")
    if not unique:
        raise JournalProblem(source_file, "the session is empty: it holds no event.",
                             "Record the meeting (or choose another journal), then finish it.")
    if len(session_ids) > 1:
        raise JournalProblem(source_file, "its lines belong to different sessions ("
                             + ", ".join(sorted(session_ids)) + ").",
                             "Keep one session per journal file.")
    ordered = sorted(unique.values(), key=lambda e: (float(e["at"]), e["_line"]))
    sessions = [e for e in ordered if e["kind"] == "session"]
    if not sessions:
        raise JournalProblem(source_file, "it has no 'session' event, so the meeting is unknown.",
                             "Add the session's first line (kind 'session' with meeting_id and "
                             "started_at).")
    session = sessions[0]
    for other in sessions[1:]:
        if other.get("meeting_id") != session.get("meeting_id"):
            raise JournalProblem(
                source_file, f"line {other['_line']} names meeting '{other.get('meeting_id')}' "
                f"but line {session['_line']} named '{session.get('meeting_id')}'.",
                "Keep one meeting per session.")
    by_id = {e["event_id"]: e for e in ordered}
    for event in ordered:
        if event["kind"] in ("undo", "edit"):
            _check_target(event, by_id, source_file)
    journal = Journal(source_file=source_file, session_id=session["session_id"],
                      meeting_id=str(session["meeting_id"]),
                      started_at=str(session["started_at"]), events=ordered, notes=notes,
                      session_event=session)
    return journal


def _content(event: dict) -> dict:
    return {k: v for k, v in event.items() if k != "_line"}


def _check_event(event: dict, source_file: str) -> None:
    line = event["_line"]
    fix = "Correct that line, then replay the journal."
    missing = [k for k in ("v", "event_id", "session_id", "at", "kind") if k not in event]
    if missing:
        raise JournalProblem(source_file, f"line {line} has no {', '.join(missing)}.", fix)
    if event["v"] != 1:
        raise JournalProblem(source_file, f"line {line} is format version {event['v']!r}; this "
                             "copdash reads version 1.", "Update copdash, or export as v1.")
    for key in ("event_id", "session_id"):
        if not isinstance(event[key], str) or not event[key]:
            raise JournalProblem(source_file, f"line {line}: {key} must be a non-empty string.",
                                 fix)
    at = event["at"]
    if isinstance(at, bool) or not isinstance(at, int | float) or not math.isfinite(at) or at < 0:
        raise JournalProblem(source_file, f"line {line}: 'at' must be a number of seconds ≥ 0, "
                             f"not {at!r}.", fix)
    kind = event["kind"]
    if kind not in KINDS:
        raise JournalProblem(source_file, f"line {line} has an unknown kind {kind!r}.",
                             f"Use one of: {', '.join(KINDS)}.")
    needs = {"session": ("meeting_id", "started_at"), "present": ("member_id",),
             "speak": ("member_id",), "undo": ("target",), "edit": ("target",)}.get(kind, ())
    for key in needs:
        if not isinstance(event.get(key), str) or not event[key]:
            raise JournalProblem(source_file, f"line {line}: a '{kind}' event needs {key}.", fix)


def _check_target(event: dict, by_id: dict[str, dict], source_file: str) -> None:
    target = by_id.get(event["target"])
    line = event["_line"]
    if target is None:
        raise JournalProblem(source_file, f"line {line}: its target '{event['target']}' names no "
                             "event of this session.", "Correct the target, or remove the line.")
    allowed = _UNDOABLE if event["kind"] == "undo" else {"speak"}
    if target["kind"] not in allowed:
        raise JournalProblem(
            source_file, f"line {line}: an '{event['kind']}' can only target "
            f"{' or '.join(sorted(allowed))}, and '{event['target']}' (line {target['_line']}) is "
            f"a '{target['kind']}'.", "Correct the target, or remove the line.")


# --------------------------------------------------------------------------- turns


@dataclass
class _Floor:
    turns: list[Turn] = field(default_factory=list)
    open_turn: dict | None = None
    after_end: int = 0


def turns_of(journal: Journal) -> tuple[list[Turn], list[str]]:
    """The journal's voice turns (spec, "Turns") and notes about what was left out."""
    undone = {e["target"] for e in journal.events if e["kind"] == "undo"}
    edits: dict[str, dict] = {}
    for event in journal.events:
        if event["kind"] == "edit":
            changes = {k: event[k] for k in _EDITABLE if isinstance(event.get(k), str)}
            edits.setdefault(event["target"], {}).update(changes)
    notes: list[str] = []
    boundaries = [e for e in journal.events if e["kind"] in BOUNDARY_KINDS
                  and e["event_id"] not in undone]
    end = next((e for e in boundaries if e["kind"] == "end"), None)
    if end is not None:
        later = [e for e in journal.events if (float(e["at"]), e["_line"])
                 > (float(end["at"]), end["_line"]) and e["kind"] not in ("undo", "edit")]
        if later:
            notes.append(f"{len(later)} event(s) after the session's end (line {end['_line']}) "
                         "were left out.")
        boundaries = [e for e in boundaries if (float(e["at"]), e["_line"])
                      <= (float(end["at"]), end["_line"])]
    turns: list[Turn] = []
    zero = 0
    followers = boundaries[1:] + [None] if boundaries else []  # no tap yet: no turn
    for event, following in zip(boundaries, followers, strict=True):
        if event["kind"] != "speak":
            continue
        fields = {"member_id": event["member_id"], "act": str(event.get("act") or ""),
                  "activity": str(event.get("activity") or "")}
        fields.update(edits.get(event["event_id"], {}))
        if following is None:
            notes.append(f"the turn of {fields['member_id']} started at "
                         f"{_clock(float(event['at']))} (line {event['_line']}) has no end: it "
                         "is still open and was not loaded. End it (silence or end), then "
                         "finish again.")
            continue
        # Boundaries to the millisecond, so one turn ends exactly where the next starts.
        start, stop = round(float(event["at"]), 3), round(float(following["at"]), 3)
        if stop <= start:
            zero += 1
            continue
        turns.append(Turn(event["event_id"], fields["member_id"], start, round(stop - start, 3),
                          fields["act"], fields["activity"]))
    if zero:
        notes.append(f"{zero} turn(s) of no length (two taps at the same moment) were left out.")
    notes += _clock_jumps(journal, boundaries)
    return turns, notes


def _clock_jumps(journal: Journal, boundaries: list[dict]) -> list[str]:
    """A gap of more than CLOCK_JUMP_S between two events while the floor is held."""
    notes = []
    held_by: str | None = None
    previous: dict | None = None
    speak_ids = {e["event_id"] for e in boundaries if e["kind"] == "speak"}
    for event in journal.events:
        if previous is not None and held_by is not None:
            gap = float(event["at"]) - float(previous["at"])
            if gap > CLOCK_JUMP_S:
                notes.append(
                    f"the clock jumps {_clock(gap)} between line {previous['_line']} and line "
                    f"{event['_line']} while {held_by} holds the floor (did the device sleep?). "
                    "Check that turn and correct it with an edit, or end it earlier.")
        if event["kind"] == "speak" and event["event_id"] in speak_ids:
            held_by = event["member_id"]
        elif event["kind"] in BOUNDARY_KINDS and event["event_id"] in {
                e["event_id"] for e in boundaries}:
            held_by = None
        previous = event
    return notes


def _clock(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 3600:d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


# --------------------------------------------------------------------------- rows


def journal_to_rows(events: Journal | Iterable[dict], *, source_file: str = "journal",
                    notes: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(speaking_turns rows, attendance rows) as canonical strings, `source = logger`.

    `events` is a parsed Journal or the session's events (parsed here; JournalProblem when
    they cannot be read). turn_id = session_id + "-" + event_id; start_s = the speak's
    `at`; attendance is one `present` row per member marked present (attended_via as
    given, else blank). The notes for the observer are appended to `notes` when given.
    """
    journal = events if isinstance(events, Journal) else parse_journal(events, source_file)
    turns, turn_notes = turns_of(journal)
    notes = notes if notes is not None else []
    notes += journal.notes + turn_notes
    present: dict[str, str] = {}
    for event in journal.events:
        if event["kind"] == "present":
            via = str(event.get("attended_via") or "")
            if via or event["member_id"] not in present:
                present[event["member_id"]] = via
    missing = sorted({t.member_id for t in turns} - set(present))
    if missing:
        notes.append(f"{', '.join(missing)} speak(s) but {'was' if len(missing) == 1 else 'were'} "
                     "not marked present in this session: their turns load only if the meeting's "
                     "attendance already has them present.")
    turn_rows = [{"turn_id": f"{journal.session_id}-{t.event_id}", "meeting_id": journal.meeting_id,
                  "member_id": t.member_id, "channel": "voice", "start_s": _number(t.start_s),
                  "duration_s": _number(t.duration_s), "activity": t.activity, "act": t.act,
                  "words": "", "source": "logger"} for t in turns]
    attendance_rows = [{"meeting_id": journal.meeting_id, "member_id": member_id,
                        "status": "present", "attended_via": via, "joined_min": "",
                        "left_min": "", "minutes_attended": ""}
                       for member_id, via in sorted(present.items())]
    return (pd.DataFrame(turn_rows, columns=TURN_COLUMNS, dtype=object),
            pd.DataFrame(attendance_rows, columns=ATTENDANCE_COLUMNS, dtype=object))


def _number(value: float) -> str:
    """Seconds to at most three decimals, without a trailing '.0'."""
    text = f"{round(value, 3):.3f}".rstrip("0").rstrip(".")
    return text or "0"
