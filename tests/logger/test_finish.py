"""finish(): a journal -> speaking turns (source=logger) and attendance, through the load."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.errors import CopdashError
from pipelines.logger.finish import finish
from tests.logger.conftest import events, session, write_journal


def _rows(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        turns = con.execute("select meeting_id, member_id, source from speaking_turns "
                            "order by member_id").fetchall()
        attendance = con.execute("select meeting_id, member_id from attendance "
                                 "order by member_id").fetchall()
    finally:
        con.close()
    return turns, attendance


def _journal(tmp_path, meeting="M1", **extra):
    return write_journal(tmp_path / "s1.jsonl", events(
        "S1", session(meeting, **extra),
        (1, "present", {"member_id": "P01"}), (2, "present", {"member_id": "P02"}),
        (10, "speak", {"member_id": "P01"}), (25, "speak", {"member_id": "P02"}),
        (40, "end", {})))


def test_finish_stores_the_turns_and_the_attendance(programme_db, tmp_path):
    # P01 speaks 10..25, P02 25..40: two logger turns of M1; P01 and P02 present.
    finish(_journal(tmp_path), programme_db)
    turns, attendance = _rows(programme_db)
    assert [("M1", "P01", "logger"), ("M1", "P02", "logger")] == turns
    assert [("M1", "P01"), ("M1", "P02")] == attendance


def test_finishing_twice_changes_nothing(programme_db, tmp_path):
    # Same journal twice: still the 2 turns and 2 attendance rows of the first finish.
    journal = _journal(tmp_path)
    finish(journal, programme_db)
    first = _rows(programme_db)
    finish(journal, programme_db)
    assert first == _rows(programme_db)


@pytest.mark.parametrize(("meeting", "cop", "words"), [
    ("M9", None, "not in the database"),      # M9 is no meeting of the programme
    ("M1", "C2", "belongs to CoP C1"),        # M1 is C1's, the observer works in C2
])
def test_a_journal_that_cannot_load_is_refused_and_the_db_is_unchanged(
        programme_db, tmp_path, meeting, cop, words):
    before = _rows(programme_db)                 # ([], []): the programme has no turns
    with pytest.raises(CopdashError, match=words):
        finish(_journal(tmp_path, meeting), programme_db, cop_id=cop)
    assert before == _rows(programme_db)


def test_an_empty_session_is_refused(programme_db, tmp_path):
    # Only a session and an end event: nobody present, no turn -> nothing to load.
    journal = write_journal(tmp_path / "e.jsonl", events("S1", session(), (40, "end", {})))
    before = _rows(programme_db)
    with pytest.raises(CopdashError, match="the session is empty"):
        finish(journal, programme_db)
    assert before == _rows(programme_db)


def test_a_row_failing_a_rule_is_quarantined_with_its_reason(programme_db, tmp_path):
    # Q01 is a member of C2, marked present at and speaking in C1's M1: their attendance
    # row and their turn (25..40) fail the same-CoP rule; P01's row and turn load.
    journal = write_journal(tmp_path / "q.jsonl", events(
        "S1", session(), (1, "present", {"member_id": "P01"}),
        (2, "present", {"member_id": "Q01"}), (10, "speak", {"member_id": "P01"}),
        (25, "speak", {"member_id": "Q01"}), (40, "end", {})))
    quarantined = finish(journal, programme_db).quarantined
    assert ["attendance", "speaking_turns"] == sorted(quarantined["dataset"])
    assert all("same_cop" in rule for rule in quarantined["rule"])
    assert ([("M1", "P01", "logger")], [("M1", "P01")]) == _rows(programme_db)
