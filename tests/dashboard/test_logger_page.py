"""The Live logger page under Streamlit's AppTest (issue 14): setup, starting a session,
the journal's first events, editing a turn. The recorder itself (a custom component) only
runs in a browser: test_browser_logger.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from app_helpers import run_page

from pipelines.logger import store


@pytest.fixture
def own_db(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample programme of this test's own (journals go beside it)."""
    db = tmp_path / "cop.duckdb"
    shutil.copy(sample_db, db)
    monkeypatch.setenv("COPDASH_DB", str(db))
    monkeypatch.setenv("COPDASH_BOOTSTRAP_RESAMPLES", "200")
    return db


def _first_in_person_meeting(db: Path) -> tuple[str, list[str]]:
    """The page's default choice: the first CoP (by the picker's order), its newest
    in-person or hybrid meeting, and that CoP's members in the table's order."""
    with duckdb.connect(str(db), read_only=True) as con:
        cop, meeting = con.execute(
            "select g.cop_id, g.meeting_id from meetings g where g.mode in ('in_person', 'hybrid') "
            "order by g.held_on desc, g.meeting_id limit 1").fetchone()
        members = [m for (m,) in con.execute(
            "select member_id from members where cop_id = ? order by member_type, member_id",
            [cop]).fetchall()]
    return meeting, members


def test_start_without_anyone_present_says_to_tick_someone(own_db: Path) -> None:
    """Starting with nobody ticked is refused in plain words and writes no journal."""
    at = run_page("logger")
    at.button(key="logger_start").click().run()
    assert any("Tick at least one member present" in e.value for e in at.error)
    assert not store.logger_dir(own_db).exists()


def test_starting_writes_the_session_and_who_is_present(own_db: Path) -> None:
    """Ticking two members and starting writes a journal of three events: the session and
    two `present` events (worked out: 1 session + 2 ticked = 3), all at 0 s."""
    meeting, members = _first_in_person_meeting(own_db)
    at = run_page("logger")
    at.session_state[f"logger_present_{meeting}"] = {
        "edited_rows": {0: {"present": True}, 1: {"present": True}},
        "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="logger_start").click().run()
    [journal] = list(store.logger_dir(own_db).glob("*.jsonl"))
    events = store.read_events(journal)
    assert [("session", meeting), ("present", members[0]), ("present", members[1])] == [
        (e["kind"], e.get("meeting_id") or e.get("member_id")) for e in events]
    assert {0} == {e["at"] for e in events}


def _recorded(db: Path, meeting: str, members: list[str]) -> str:
    """A session of `meeting`: two present, A speaks at 1 s, B at 5 s, end at 9 s."""
    session_id = "s20261207-test"
    a, b = members[0], members[1]
    base = {"v": 1, "session_id": session_id}
    store.append_events(db, session_id, [
        {**base, "event_id": "session", "at": 0, "kind": "session", "meeting_id": meeting,
         "started_at": "2026-12-07T10:00:00+00:00"},
        {**base, "event_id": "p0", "at": 0, "kind": "present", "member_id": a},
        {**base, "event_id": "p1", "at": 0, "kind": "present", "member_id": b},
        {**base, "event_id": "t1", "at": 1, "kind": "speak", "member_id": a},
        {**base, "event_id": "t2", "at": 5, "kind": "speak", "member_id": b},
        {**base, "event_id": "t3", "at": 9, "kind": "end"},
    ])
    return session_id


def test_changing_a_speaker_in_the_table_writes_an_edit_event(own_db: Path) -> None:
    """Changing the first turn's speaker to B appends one edit event naming the tap t1."""
    meeting, members = _first_in_person_meeting(own_db)
    session_id = _recorded(own_db, meeting, members)
    at = run_page("logger")
    at.query_params["session"] = session_id
    at.run()
    at.session_state["logger_edit_6"] = {  # 6 events in the journal
        "edited_rows": {0: {"Speaker": members[1]}}, "added_rows": [], "deleted_rows": []}
    at.run()
    edits = [e for e in store.read_events(store.session_path(own_db, session_id))
             if e["kind"] == "edit"]
    assert [("t1", members[1])] == [(e["target"], e["member_id"]) for e in edits]


def test_a_session_not_ended_is_offered_to_resume(own_db: Path) -> None:
    """A session started and not ended (2 events, no `end`) is offered under "Resume a
    session (1 not ended)", labelled with its meeting, its start and its 2 events."""
    meeting, _ = _first_in_person_meeting(own_db)
    store.append_events(own_db, "s20261207-open", [
        {"v": 1, "session_id": "s20261207-open", "event_id": "session", "at": 0,
         "kind": "session", "meeting_id": meeting, "started_at": "2026-12-07T10:00:00+00:00"},
        {"v": 1, "session_id": "s20261207-open", "event_id": "t1", "at": 3, "kind": "silence"},
    ])
    at = run_page("logger")
    assert not at.exception
    assert ["Resume a session (1 not ended)"] == [e.label for e in at.expander]
    [choice] = at.selectbox(key="logger_resume_choice").options
    assert f"{meeting}, started 2026-12-07T10:00:00+00:00 (2 events)" == choice
