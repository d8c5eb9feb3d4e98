"""The live observation logger's pipeline side (no Streamlit here).

Journal format v1: `shared/spec/logger-journal.md`; docs: `docs/logger-pipeline.md`.

store (journals beside the database, in `logger/`):
- `logger_dir(db_path) -> Path`
- `session_path(db_path, session_id) -> Path`                       `<logger_dir>/<id>.jsonl`
- `append_events(db_path, session_id, events: list[dict]) -> int`    new events appended, fsynced
- `read_events(path) -> list[dict]`                                  lenient, in line order
- `list_sessions(db_path) -> list[SessionInfo]`   session_id, cop_id, meeting_id, observer,
  started_at, events, finished, loaded_turns, state ("recording" / "finished" / "loaded")

journal (strict reading, turns):
- `parse_lines(text, source_file) -> list[dict]`                     JournalProblem on bad JSON
- `parse_journal(events, source_file="journal") -> Journal`          JournalProblem names the line
- `turns_of(journal) -> (list[Turn], notes: list[str])`   edits of start/duration applied
- `edit_problem(journal, edit) -> str | None`       why an edit of start/duration cannot apply
- `journal_to_rows(events_or_journal, *, source_file="journal", notes=None)
      -> (speaking_turns DataFrame, attendance DataFrame)`           canonical strings

setup (a meeting or members created in the set-up, carried in the journal):
- `plan(journal, db_path, *, setting_up=False) -> Creation`  frames (meetings, members rows
  still to load) and problems (an id taken, a date after the session started, the contract
  messages of a dry run of the load)
- `member_ids(cop_member_ids, cop_id)`, `meeting_ids(cop_meetings, cop_id, held_on, type)`:
  ids in the CoP's style, in order; `ids_in_journals(db_path)`: ids journals create

finish:
- `finish(journal_path, db_path=None, *, progress=None, cop_id=None) -> LoadResult`
  LoadResult: session_id, meeting_id, turns, attendance, notes, load (LoadReport),
  quarantined (DataFrame), created (e.g. "meeting M3"), summary(). CopdashError (nothing loaded) when the meeting is
  missing, of another CoP, or the session is empty.
- `read_journal(journal_path) -> Journal`

agreement:
- `agreement(journal_a, journal_b) -> Agreement`  shares (MemberShare: share_a, share_b,
  difference_points), seconds, observed, kappa, alpha, summary()
- `cohen_kappa(a, b)`, `krippendorff_alpha(a, b)`, `floor_labels(turns, seconds)`,
  `talk_shares(turns_a, turns_b)`
"""

from pipelines.logger.agreement import Agreement, MemberShare, agreement
from pipelines.logger.finish import LoadResult, finish, read_journal
from pipelines.logger.journal import (
           Journal,
           JournalProblem,
           Turn,
           edit_problem,
           journal_to_rows,
           parse_journal,
           parse_lines,
           turns_of,
)
from pipelines.logger.store import (
           SessionInfo,
           append_events,
           list_sessions,
           logger_dir,
           read_events,
           session_path,
)

__all__ = ["Agreement", "Journal", "JournalProblem", "LoadResult", "MemberShare", "SessionInfo",
           "Turn", "agreement", "append_events", "edit_problem", "finish", "journal_to_rows",
           "list_sessions", "logger_dir", "parse_journal", "parse_lines", "read_events",
           "read_journal", "session_path", "turns_of"]
