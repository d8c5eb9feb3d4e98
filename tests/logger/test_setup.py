"""Meetings and members created in the logger's set-up: carried in the journal, loaded with
its turns through the contracts, refused in plain words when they cannot be."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pandas as pd
import pytest

from pipelines.cli import main
from pipelines.errors import CopdashError
from pipelines.logger import store
from pipelines.logger.finish import finish
from pipelines.logger.journal import parse_journal
from pipelines.logger.setup import ids_in_journals, meeting_ids, member_ids, plan
from tests.logger.conftest import events, session, write_journal

NEW_MEETING = {"held_on": "2021-06-01", "mode": "in_person", "duration_min": 90,
               "meeting_type": "cop", "venue": "Room 2"}
STARTED = "2021-06-01T10:00:00+01:00"


def _items(meeting_id="M3", new_meeting=None, new_member=None, member_id="P05",
           started_at=STARTED):
    """A session of C1 creating `meeting_id` (NEW_MEETING unless told) and member P05 (lay
    carer): P01 and P05 present, P01 speaks 10..25, P05 25..40, end at 40."""
    return events(
        "S1", session(meeting_id, cop_id="C1", started_at=started_at,
                      new_meeting=NEW_MEETING if new_meeting is None else new_meeting),
        (0, "present", {"member_id": "P01"}),
        (0, "present", {"member_id": member_id,
                        "new_member": new_member or {"member_type": "lay", "role": "carer"}}),
        (10, "speak", {"member_id": "P01"}), (25, "speak", {"member_id": member_id}),
        (40, "end", {}))


def _tables(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(f"select * from {name} order by all").fetchall()  # noqa: S608
                for name in ("meetings", "members", "attendance", "speaking_turns")}


def test_finish_creates_the_meeting_and_the_member_with_the_values_given(programme_db, tmp_path):
    """The new meeting M3 of C1 (1 Jun 2021, in person, 90 min, cop, Room 2) and member P05
    (lay, carer, not a facilitator, joined on the meeting's day) are stored as given."""
    finish(write_journal(tmp_path / "s1.jsonl", _items()), programme_db)
    with duckdb.connect(str(programme_db), read_only=True) as con:
        meeting = con.execute("select cop_id, held_on, duration_min, mode, meeting_type, venue "
                              "from meetings where meeting_id = 'M3'").fetchone()
        member = con.execute("select cop_id, member_type, role, is_facilitator, joined_on "
                             "from members where member_id = 'P05'").fetchone()
    assert ("C1", dt.date(2021, 6, 1), 90, "in_person", "cop", "Room 2") == meeting
    assert ("C1", "lay", "carer", False, dt.date(2021, 6, 1)) == member


def test_the_new_meetings_attendance_and_turns_load_with_it(programme_db, tmp_path):
    """Present: P01 and P05; turns: P01 10..25 and P05 25..40, both of M3."""
    finish(write_journal(tmp_path / "s1.jsonl", _items()), programme_db)
    with duckdb.connect(str(programme_db), read_only=True) as con:
        present = con.execute("select member_id from attendance where meeting_id = 'M3' "
                              "order by 1").fetchall()
        turns = con.execute("select member_id, start_s, duration_s from speaking_turns "
                            "where meeting_id = 'M3' order by start_s").fetchall()
    assert [("P01",), ("P05",)] == present
    assert [("P01", 10.0, 15.0), ("P05", 25.0, 15.0)] == turns


def test_finishing_a_session_that_created_its_meeting_twice_changes_nothing(programme_db,
                                                                            tmp_path):
    """The second finish finds M3 and P05 stored, in C1 on the same day: it loads them no
    second time, and every table is as after the first."""
    journal = write_journal(tmp_path / "s1.jsonl", _items())
    finish(journal, programme_db)
    first = _tables(programme_db)
    finish(journal, programme_db)
    assert first == _tables(programme_db)


def test_replay_creates_the_meeting_and_member_in_a_fresh_copy_of_the_database(programme_db,
                                                                              tmp_path):
    """`copdash logger replay` of the journal into a copy of the programme as it was (no M3,
    no P05) exits 0, and the copy then holds M3, P05 and the two turns."""
    fresh = tmp_path / "fresh" / "cop.duckdb"
    fresh.parent.mkdir()
    shutil.copy(programme_db, fresh)
    journal = write_journal(tmp_path / "s1.jsonl", _items())
    assert 0 == main(["logger", "replay", str(journal), "--db", str(fresh)])
    with duckdb.connect(str(fresh), read_only=True) as con:
        found = con.execute(
            "select (select count(*) from meetings where meeting_id = 'M3'), "
            "(select count(*) from members where member_id = 'P05'), "
            "(select count(*) from speaking_turns where meeting_id = 'M3')").fetchone()
    assert (1, 1, 2) == found


@pytest.mark.parametrize(("items", "words"), [
    # M1 is already C1's meeting of 15 Apr 2021: a meeting of 1 Jun 2021 cannot take its id.
    (_items("M1"), "meeting 'M1' is already in the database, as a meeting of CoP C1 held on "
                   "2021-04-15"),
    # Q01 is already a member of C2.
    (_items(member_id="Q01"), "Member id 'Q01' is already used, by a member of CoP C2"),
    # The session started on 1 Jun 2021; a meeting on 2 Jun had not happened yet.
    (_items(new_meeting={**NEW_MEETING, "held_on": "2021-06-02"}),
     "The meeting's date, 02 Jun 2021, is after the day this session started \\(01 Jun 2021\\)"),
    # C1 ended on 2022-12-31: the contract's own message, for a session started in 2023.
    (_items(new_meeting={**NEW_MEETING, "held_on": "2023-02-01"},
            started_at="2023-02-01T10:00:00+00:00"),
     "The new meeting: held_on 2023-02-01 is after CoP C1 ended \\(2022-12-31\\)"),
    # 900 minutes is beyond the contract's 1 to 720.
    (_items(new_meeting={**NEW_MEETING, "duration_min": 900}),
     "The new meeting: duration_min is 900 but must be between 1 and 720"),
    # "patient" is a role, not a member type: the members contract says so.
    (_items(new_member={"member_type": "patient"}), "The new member P05: "),
])
def test_a_creation_that_cannot_load_is_refused_and_nothing_is_loaded(programme_db, tmp_path,
                                                                      items, words):
    """Each problem is named in plain words; the database is as before."""
    before = _tables(programme_db)
    with pytest.raises(CopdashError, match=words):
        finish(write_journal(tmp_path / "s1.jsonl", items), programme_db)
    assert before == _tables(programme_db)


def test_at_set_up_an_id_in_use_is_a_clash_even_in_the_same_cop(programme_db):
    """Creating M1 (C1's, 15 Apr 2021) at set-up: the observer is told to pick it from the
    list rather than create it again; no rows are planned for loading."""
    creation = plan(parse_journal(_items("M1", new_meeting={**NEW_MEETING,
                                                             "held_on": "2021-04-15"})),
                    programme_db, setting_up=True)
    assert any("choose it under 'A meeting in the list'" in p for p in creation.problems)


def test_at_set_up_an_id_another_session_is_creating_is_a_clash(programme_db):
    """Session S0 (not loaded yet) creates M3 in Room 9; a second session creating another
    M3 (in Room 2) is told so."""
    store.append_events(programme_db, "S0", events("S0", session(
        "M3", cop_id="C1", new_meeting={**NEW_MEETING, "venue": "Room 9"})))
    creation = plan(parse_journal(_items()), programme_db, setting_up=True)
    assert any("being created by another recording session (S0)" in p
               for p in creation.problems)
    assert [("M3", "meeting", "S0")] == [(i, found.kind, found.session_id)
                                         for i, found in ids_in_journals(programme_db).items()]


def test_new_member_ids_continue_the_cops_numbering():
    """cop1-m01..cop1-m20 -> cop1-m21, then cop1-m22; P1..P9 style keeps one digit -> P10."""
    ours = member_ids([f"cop1-m{n:02d}" for n in range(1, 21)], "cop1")
    assert ["cop1-m21", "cop1-m22"] == [next(ours), next(ours)]
    assert "P10" == next(member_ids([f"P{n}" for n in range(1, 10)], "C1"))


def test_a_cop_without_members_gets_ids_from_its_cop_id():
    assert "C9-m01" == next(member_ids([], "C9"))


def test_new_meeting_ids_follow_a_cops_dated_style():
    """cop1's ids hold their date and a suffix per type (-cop, -plan): a CoP meeting on
    12 Mar 2024 -> cop1-20240312-cop; a steering group meeting, a type not seen -> -steering_group."""
    cop_meetings = pd.DataFrame({
        "meeting_id": ["cop1-20180215-cop", "cop1-20180201-plan", "cop1-20180517-cop"],
        "held_on": pd.to_datetime(["2018-02-15", "2018-02-01", "2018-05-17"]),
        "meeting_type": ["cop", "planning", "cop"]})
    day = dt.date(2024, 3, 12)
    ids = meeting_ids(cop_meetings, "cop1", day, "cop")
    assert ["cop1-20240312-cop", "cop1-20240312-cop-2"] == [next(ids), next(ids)]
    assert "cop1-20240312-steering_group" == next(meeting_ids(cop_meetings, "cop1", day,
                                                              "steering_group"))


def test_new_meeting_ids_follow_a_cops_numbered_style():
    """M1, M2 (no dates in them) -> M3."""
    cop_meetings = pd.DataFrame({"meeting_id": ["M1", "M2"],
                                 "held_on": pd.to_datetime(["2021-04-15", "2021-05-04"]),
                                 "meeting_type": ["cop", "cop"]})
    assert "M3" == next(meeting_ids(cop_meetings, "C1", dt.date(2021, 6, 1), "cop"))


def test_at_set_up_a_second_observer_may_record_the_meeting_another_session_creates(
        programme_db):
    """Session S0 creates M3; a second observer's session carrying the same M3 (copied
    when they chose it from the list) is no clash."""
    store.append_events(programme_db, "S0", events("S0", session(
        "M3", cop_id="C1", started_at=STARTED, new_meeting=NEW_MEETING)))
    assert [] == plan(parse_journal(_items()), programme_db, setting_up=True).problems


def test_a_member_who_arrived_and_was_added_mid_session_is_created_with_their_turns(
        programme_db, tmp_path):
    """Meeting M2 (stored, hybrid, 4 May 2021). P01 present at 0 s in the room, speaks 10..30; P05 (lay carer,
    new) arrives at 25 s, remote, and speaks 30..40; end at 40. Finish creates P05 (a member
    of C1 since M2's day), P01 and P05 present (P01 in person, P05 online), turns 10..30 and 30..40."""
    items = events(
        "S1", session("M2", cop_id="C1", started_at="2021-05-04T10:00:00+01:00"),
        (0, "present", {"member_id": "P01", "attended_via": "in_person"}), (10, "speak", {"member_id": "P01"}),
        (25, "present", {"member_id": "P05", "attended_via": "online",
                         "new_member": {"member_type": "lay", "role": "carer"}}),
        (30, "speak", {"member_id": "P05"}), (40, "end", {}))
    finish(write_journal(tmp_path / "s1.jsonl", items), programme_db)
    with duckdb.connect(str(programme_db), read_only=True) as con:
        member = con.execute("select cop_id, member_type, role, joined_on from members "
                             "where member_id = 'P05'").fetchone()
        present = con.execute("select member_id, attended_via from attendance "
                              "where meeting_id = 'M2' order by 1").fetchall()
        turns = con.execute("select member_id, start_s, duration_s from speaking_turns "
                            "where meeting_id = 'M2' order by start_s").fetchall()
    assert ("C1", "lay", "carer", dt.date(2021, 5, 4)) == member
    assert [("P01", "in_person"), ("P05", "online")] == present
    assert [("P01", 10.0, 20.0), ("P05", 30.0, 10.0)] == turns
