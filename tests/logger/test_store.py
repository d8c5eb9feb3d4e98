"""Journals on disk: append_events, read_events, list_sessions."""

from __future__ import annotations

from pipelines.logger.store import append_events, list_sessions, read_events, session_path
from tests.logger.conftest import events, session


def _items():
    return events("S1", session(), (10, "speak", {"member_id": "P01"}))


def test_appending_the_same_events_twice_adds_nothing(programme_db):
    # 2 events first (both new), then the same 2 again (0 new): the file keeps 2 lines.
    assert 2 == append_events(programme_db, "S1", _items())
    assert 0 == append_events(programme_db, "S1", _items())
    assert 2 == len(read_events(session_path(programme_db, "S1")))


def test_read_events_returns_what_was_appended(programme_db):
    append_events(programme_db, "S1", _items())
    assert _items() == read_events(session_path(programme_db, "S1"))


def test_list_sessions_shows_a_recording_session(programme_db):
    # One journal, meeting M1, 2 events, no `end` and nothing loaded -> "recording".
    append_events(programme_db, "S1", _items())
    [info] = list_sessions(programme_db)
    assert ("S1", "M1", 2, "recording") == (info.session_id, info.meeting_id, info.events,
                                            info.state)
