"""The Live logger page under Streamlit's AppTest (issue 14): setup (with a meeting and a
member created on the spot, as the observer), starting a session, the journal's first
events, editing a turn. The recorder itself (a custom component) only runs in a browser:
test_browser_logger.py."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from app_helpers import APP, TIMEOUT, run_page
from streamlit.testing.v1 import AppTest

from pipelines.logger import store
from tests.access.conftest import EMAILS, ROLES
from tests.access.test_pages_by_role import AUTH


@pytest.fixture
def own_db(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample programme of this test's own (journals go beside it)."""
    db = tmp_path / "cop.duckdb"
    shutil.copy(sample_db, db)
    monkeypatch.setenv("COPDASH_DB", str(db))
    monkeypatch.setenv("COPDASH_BOOTSTRAP_RESAMPLES", "200")
    return db


def _first_in_person_meeting(db: Path) -> tuple[str, list[str]]:
    """The page's default choice: the first CoP (by the picker's order, cop_id), its newest
    in-person or hybrid meeting, and that CoP's members in the table's order."""
    with duckdb.connect(str(db), read_only=True) as con:
        cop, meeting = con.execute(
            "select g.cop_id, g.meeting_id from meetings g where g.mode in ('in_person', 'hybrid') "
            "and g.cop_id = (select min(cop_id) from communities) "
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


def test_a_turns_start_and_duration_edited_in_the_table_write_one_edit_event(own_db: Path) -> None:
    """A's turn (1..5 s) set to start at 2 s for 2.5 s (2..4.5, clear of B's 5..9): one edit
    event naming tap t1 with both values."""
    meeting, members = _first_in_person_meeting(own_db)
    session_id = _recorded(own_db, meeting, members)
    at = run_page("logger")
    at.query_params["session"] = session_id
    at.run()
    at.session_state["logger_edit_6"] = {
        "edited_rows": {0: {"Start (s)": 2.0, "Duration (s)": 2.5}}, "added_rows": [],
        "deleted_rows": []}
    at.run()
    edits = [e for e in store.read_events(store.session_path(own_db, session_id))
             if e["kind"] == "edit"]
    assert [("t1", 2.0, 2.5)] == [(e["target"], e["start_s"], e["duration_s"]) for e in edits]


def test_an_edit_that_would_overlap_the_next_turn_is_refused_in_plain_words(own_db: Path) -> None:
    """A's turn (1..5 s) lengthened to 6 s would run 1..7 across B's 5..9: the page says so,
    naming B's turn, and writes no edit."""
    meeting, members = _first_in_person_meeting(own_db)
    session_id = _recorded(own_db, meeting, members)
    at = run_page("logger")
    at.query_params["session"] = session_id
    at.run()
    at.session_state["logger_edit_6"] = {
        "edited_rows": {0: {"Duration (s)": 6.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert any(f"overlap the turn of {members[1]} from 5 s to 9 s" in e.value for e in at.error)
    assert [] == [e for e in store.read_events(store.session_path(own_db, session_id))
                  if e["kind"] == "edit"]


# --------------------------------------------- a meeting and a member created at set-up

NEW_DAY = dt.date(2020, 6, 3)       # within cop1's 2018-01-01..2020-12-31; no meeting that day


def _new_meeting_form(at: AppTest, held_on: dt.date = NEW_DAY, meeting_id: str = "") -> AppTest:
    """Choose "A new meeting" of cop1 (the first CoP): hybrid, planning, 90 min, Room 2."""
    at.radio(key="logger_meeting_source").set_value("new").run()
    at.date_input(key="logger_new_date").set_value(held_on)
    at.number_input(key="logger_new_duration").set_value(90)
    at.radio(key="logger_new_mode").set_value("hybrid")
    at.selectbox(key="logger_new_type").set_value("planning")
    at.text_input(key="logger_new_venue").input("Room 2")
    at.text_input(key="logger_new_id").input(meeting_id)
    return at.run()


@pytest.fixture(scope="module")
def created(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The observer (signed in, roles file beside a copy of the sample) creates a hybrid
    meeting of cop1 on 3 Jun 2020 and adds a lay carer joining remotely; ticks the first
    member of the list present in the room; starts; A speaks 1..5 s, the new member 5..9 s;
    finishes. What the page said and the database are kept for the tests below."""
    db = tmp_path_factory.mktemp("logger_created") / "cop.duckdb"
    shutil.copy(sample_db, db)
    (db.parent / "roles.toml").write_text(ROLES, encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COPDASH_DB", str(db))
        env.setenv("COPDASH_BOOTSTRAP_RESAMPLES", "200")
        env.delenv("COPDASH_ROLES", raising=False)
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "email": EMAILS["observer"]}
        at.run()
        at.switch_page("pages/logger.py")
        _new_meeting_form(at.run())
        at.selectbox(key="logger_add_type").set_value("lay")
        at.text_input(key="logger_add_role").input("carer")
        at.button(key="logger_add_member").click().run()
        first = at.dataframe(key="logger_present_new_cop1").value["member_id"].iloc[0]
        at.session_state["logger_present_new_cop1"] = {  # row 20: the member added (cop1 has 20)
            "edited_rows": {0: {"present": True}, 20: {"in_room": False}}, "added_rows": [],
            "deleted_rows": []}
        at.run()
        at.button(key="logger_start").click().run()
        session_id = at.query_params["session"]
        session_id = session_id[0] if isinstance(session_id, list) else session_id
        base = {"v": 1, "session_id": session_id}
        store.append_events(db, session_id, [  # the taps, as the recorder sends them
            {**base, "event_id": "t1", "at": 1, "kind": "speak", "member_id": first},
            {**base, "event_id": "t2", "at": 5, "kind": "speak", "member_id": "cop1-m21"},
            {**base, "event_id": "t3", "at": 9, "kind": "end"}])
        at.run()
        at.button(key="logger_finish").click().run()
        return {"db": db, "first": first, "said": [e.value for e in at.success],
                "errors": [e.value for e in at.error] + [str(e.value) for e in at.exception]}


def test_the_observer_creates_the_meeting_with_the_values_given(created: dict) -> None:
    """cop1's meeting ids hold their date and type (cop1-20200506-plan, ...), so the new
    planning meeting of 3 Jun 2020 is cop1-20200603-plan: hybrid, 90 minutes, in Room 2."""
    with duckdb.connect(str(created["db"]), read_only=True) as con:
        found = con.execute(
            "select meeting_id, cop_id, held_on, duration_min, mode, meeting_type, venue "
            "from meetings where held_on = ? and cop_id = 'cop1'", [NEW_DAY]).fetchall()
    assert [] == created["errors"]
    assert [("cop1-20200603-plan", "cop1", NEW_DAY, 90, "hybrid", "planning", "Room 2")] == found


def test_the_observer_adds_a_member_with_the_next_id_of_the_cop(created: dict) -> None:
    """cop1's members are cop1-m01..cop1-m20, so the lay carer added is cop1-m21, not a
    facilitator, a member since the meeting's day."""
    with duckdb.connect(str(created["db"]), read_only=True) as con:
        found = con.execute("select member_id, cop_id, member_type, role, is_facilitator, "
                            "joined_on from members where member_id = 'cop1-m21'").fetchall()
    assert [("cop1-m21", "cop1", "lay", "carer", False, NEW_DAY)] == found


def test_the_new_meetings_attendance_and_turns_are_loaded(created: dict) -> None:
    """Present: the first member in the room, cop1-m21 remote; turns 1..5 s and 5..9 s."""
    with duckdb.connect(str(created["db"]), read_only=True) as con:
        present = con.execute("select member_id, attended_via from attendance "
                              "where meeting_id = 'cop1-20200603-plan' order by 1").fetchall()
        turns = con.execute("select member_id, start_s, duration_s from speaking_turns "
                            "where meeting_id = 'cop1-20200603-plan' order by start_s").fetchall()
    assert sorted([(created["first"], "in_person"), ("cop1-m21", "online")]) == present
    assert [(created["first"], 1.0, 4.0), ("cop1-m21", 5.0, 4.0)] == turns


def test_the_page_says_what_it_created(created: dict) -> None:
    assert any("Created meeting cop1-20200603-plan and member cop1-m21" in s
               for s in created["said"])


def _start_a_new_meeting(own_db: Path, **form) -> AppTest:
    """The new meeting form filled in, the first member ticked present, Start pressed."""
    at = _new_meeting_form(run_page("logger"), **form)
    at.session_state["logger_present_new_cop1"] = {
        "edited_rows": {0: {"present": True}}, "added_rows": [], "deleted_rows": []}
    at.run()
    return at.button(key="logger_start").click().run()


def test_a_meeting_id_already_used_is_refused_and_nothing_is_written(own_db: Path) -> None:
    """cop1-20200820-cop is the sample's CoP meeting of 20 Aug 2020: the page says to choose
    it from the list instead, and no journal is started."""
    at = _start_a_new_meeting(own_db, meeting_id="cop1-20200820-cop")
    assert any("Meeting id 'cop1-20200820-cop' is already used" in e.value
               and "A meeting in the list" in e.value for e in at.error)
    assert not store.logger_dir(own_db).exists()


def test_a_meeting_date_after_today_is_refused_and_nothing_is_written(own_db: Path) -> None:
    """Tomorrow's meeting cannot be recorded as it happens today."""
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    at = _start_a_new_meeting(own_db, held_on=tomorrow)
    assert any(f"The meeting's date, {tomorrow:%d %b %Y}, is after the day this session "
               "started" in e.value for e in at.error)
    assert not store.logger_dir(own_db).exists()


def test_a_meeting_date_outside_the_cops_life_gets_the_contracts_message(own_db: Path) -> None:
    """cop1 ended on 2020-12-31: a meeting on 5 Jan 2021 breaks the meetings contract, whose
    own message the page shows before anything is recorded."""
    at = _start_a_new_meeting(own_db, held_on=dt.date(2021, 1, 5))
    assert any("The new meeting: held_on 2021-01-05 is after CoP cop1 ended (2020-12-31)"
               in e.value for e in at.error)
    assert not store.logger_dir(own_db).exists()


def test_a_second_observer_records_the_meeting_another_session_is_creating(own_db: Path) -> None:
    """Session s0 (not finished) creates cop1-20200603-plan; a second observer finds it in
    the list, and their session carries the same new meeting, so whichever is finished
    first creates it."""
    fields = {"held_on": "2020-06-03", "mode": "in_person", "duration_min": 90,
              "meeting_type": "planning"}
    store.append_events(own_db, "s0", [{
        "v": 1, "session_id": "s0", "event_id": "session", "at": 0, "kind": "session",
        "meeting_id": "cop1-20200603-plan", "cop_id": "cop1",
        "started_at": "2020-06-03T10:00:00+01:00", "new_meeting": fields}])
    at = run_page("logger")
    at.selectbox(key="logger_meeting").set_value("cop1-20200603-plan").run()
    at.session_state["logger_present_cop1-20200603-plan"] = {
        "edited_rows": {0: {"present": True}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="logger_start").click().run()
    [theirs] = [p for p in store.logger_dir(own_db).glob("*.jsonl") if p.stem != "s0"]
    [session] = [e for e in store.read_events(theirs) if e["kind"] == "session"]
    assert ("cop1-20200603-plan", fields) == (session["meeting_id"], session.get("new_meeting"))


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
    assert "Resume a session (1 not ended)" in [e.label for e in at.expander]
    [choice] = at.selectbox(key="logger_resume_choice").options
    assert f"{meeting}, started 2026-12-07T10:00:00+00:00 (2 events)" == choice


# --------------------------------------------- someone arrives while recording


def _recording(db: Path, meeting: str, members: list[str]) -> str:
    """A session of `meeting` (cop1's, as the page writes it) not ended: two present, A
    speaks at 1 s, B at 5 s."""
    session_id = "s20261207-open"
    base = {"v": 1, "session_id": session_id}
    store.append_events(db, session_id, [
        {**base, "event_id": "session", "at": 0, "kind": "session", "meeting_id": meeting,
         "cop_id": "cop1", "started_at": "2026-12-07T10:00:00+00:00"},
        {**base, "event_id": "p0", "at": 0, "kind": "present", "member_id": members[0]},
        {**base, "event_id": "p1", "at": 0, "kind": "present", "member_id": members[1]},
        {**base, "event_id": "t1", "at": 1, "kind": "speak", "member_id": members[0]},
        {**base, "event_id": "t2", "at": 5, "kind": "speak", "member_id": members[1]},
    ])
    return session_id


def _meeting_mode(db: Path, meeting: str) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select mode from meetings where meeting_id = ?", [meeting]).fetchone()[0]


def _arrivals(db: Path, session_id: str) -> list[dict]:
    return [e for e in store.read_events(store.session_path(db, session_id))
            if e["kind"] == "present" and e["event_id"] not in ("p0", "p1")]


def test_a_member_who_arrives_late_is_marked_present_at_the_session_time(own_db: Path) -> None:
    """Members[0] and [1] are present; the observer picks members[3] under "Someone arrived"
    and presses "Mark present": one `present` event for members[3], no new_member, at the
    server's time since the 10:00 start (at least the seconds from 10:00 to just before the
    press, and after the last tap at 5 s); in the room when the meeting is hybrid."""
    meeting, members = _first_in_person_meeting(own_db)
    session_id = _recording(own_db, meeting, members)
    at = run_page("logger")
    at.query_params["session"] = session_id
    at.run()
    assert "Someone arrived" in [e.label for e in at.expander]
    at.selectbox(key="logger_arrive_member").set_value(members[3]).run()
    before = (dt.datetime.now(dt.UTC)
              - dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)).total_seconds()
    at.button(key="logger_arrive").click().run()
    assert not at.exception
    [event] = _arrivals(own_db, session_id)
    via = "in_person" if _meeting_mode(own_db, meeting) == "hybrid" else None
    assert (members[3], via, None) == (event["member_id"], event.get("attended_via"),
                                       event.get("new_member"))
    assert event["at"] >= max(before, 5)


def test_someone_not_on_the_list_who_arrives_is_added_as_at_set_up(own_db: Path) -> None:
    """cop1's members are cop1-m01..cop1-m20: a lay carer who arrives and is added on the
    spot is cop1-m21, and their `present` event carries new_member as set-up writes it."""
    meeting, members = _first_in_person_meeting(own_db)
    session_id = _recording(own_db, meeting, members)
    at = run_page("logger")
    at.query_params["session"] = session_id
    at.run()
    at.radio(key="logger_arrive_source").set_value("new").run()
    at.selectbox(key="logger_arrive_type").set_value("lay")
    at.text_input(key="logger_arrive_role").input("carer")
    at.run()
    at.button(key="logger_arrive").click().run()
    assert not at.exception
    [event] = _arrivals(own_db, session_id)
    assert ("cop1-m21", {"member_type": "lay", "is_facilitator": False, "role": "carer"}) == (
        event["member_id"], event.get("new_member"))


def test_someone_already_present_is_not_offered_as_an_arrival(own_db: Path) -> None:
    """cop1 has 20 members, 2 present: the list of arrivals holds the other 18."""
    meeting, members = _first_in_person_meeting(own_db)
    session_id = _recording(own_db, meeting, members)
    at = run_page("logger")
    at.query_params["session"] = session_id
    at.run()
    offered = at.selectbox(key="logger_arrive_member").options
    assert 18 == len(offered)
    assert not any(o.startswith((f"{members[0]} ", f"{members[1]} ")) for o in offered)


def test_after_the_end_nobody_can_be_marked_as_arriving(own_db: Path) -> None:
    """A session ended at 9 s shows no "Someone arrived"."""
    meeting, members = _first_in_person_meeting(own_db)
    session_id = _recorded(own_db, meeting, members)
    at = run_page("logger")
    at.query_params["session"] = session_id
    at.run()
    assert "Someone arrived" not in [e.label for e in at.expander]


def test_an_edit_made_after_new_taps_were_saved_is_not_lost(own_db: Path) -> None:
    """The table is drawn with the journal's 6 events; the recorder then saves a tap (7
    events) before the observer changes the first turn's speaker to B in that table: the
    edit is still written, naming tap t1 (the table read as it was drawn)."""
    meeting, members = _first_in_person_meeting(own_db)
    session_id = _recorded(own_db, meeting, members)
    at = run_page("logger")
    at.query_params["session"] = session_id
    at.run()
    store.append_events(own_db, session_id, [{
        "v": 1, "session_id": session_id, "event_id": "t9", "at": 8, "kind": "silence"}])
    at.session_state["logger_edit_6"] = {  # the table as drawn: 6 events
        "edited_rows": {0: {"Speaker": members[1]}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    edits = [e for e in store.read_events(store.session_path(own_db, session_id))
             if e["kind"] == "edit"]
    assert [("t1", members[1])] == [(e["target"], e["member_id"]) for e in edits]
