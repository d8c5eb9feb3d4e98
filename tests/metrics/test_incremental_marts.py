"""Incremental marts: a load that touches one CoP rebuilds only that CoP's mart rows, and
the marts are then the same, row for row, as a full rebuild of the same data.

The programme is the hand-worked one (tests/metrics/data, CoP c1) plus a copy of it as a
second CoP c2 (every id prefixed `B-`). The second load adds a meeting to c2 (with its
attendance, turns, a cost and an uptake event decided there), changes one of c2's turns and
one of its survey answers.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.load import load_frames, load_paths
from pipelines.marts import MartChanges, build_marts
from tests.metrics.conftest import DATA, build_database
from tests.metrics.helpers import rounded

# The columns holding ids that the copy of c1 as c2 must make its own.
_ID_COLUMNS = ("meeting_id", "member_id", "chair_member_id", "turn_id", "cost_id", "response_id")
# Datasets copied as c2 (the others are programme-wide or stay c1's only).
_PER_COP = ("communities", "members", "meetings", "attendance", "speaking_turns", "costs",
            "survey_responses", "recommendation_status")


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _as_c2(row: dict[str, str]) -> dict[str, str]:
    copy = dict(row)
    for column in _ID_COLUMNS:
        if copy.get(column):
            copy[column] = "B-" + copy[column]
    if copy.get("cop_id") == "c1":
        copy["cop_id"] = "c2"
    return copy


def _two_cop_programme(folder: Path) -> Path:
    """tests/metrics/data plus the same rows as a second CoP c2."""
    shutil.copytree(DATA, folder)
    for dataset in _PER_COP:
        columns, rows = _read(folder / f"{dataset}.csv")
        _write(folder / f"{dataset}.csv", columns, rows + [_as_c2(row) for row in rows])
    return folder


def _c2_increment(programme: Path, folder: Path) -> Path:
    """A new c2 meeting B-M6 (a copy of B-M4 two months later) where R1 at Clinic B was
    implemented, one changed c2 turn and one changed c2 survey answer."""
    folder.mkdir()
    columns, meetings = _read(programme / "meetings.csv")
    new_meeting = {**next(m for m in meetings if m["meeting_id"] == "B-M4"),
                   "meeting_id": "B-M6", "held_on": "2019-08-01"}
    _write(folder / "meetings.csv", columns, [new_meeting])
    columns, attendance = _read(programme / "attendance.csv")
    _write(folder / "attendance.csv", columns,
           [{**a, "meeting_id": "B-M6"} for a in attendance if a["meeting_id"] == "B-M4"])
    columns, turns = _read(programme / "speaking_turns.csv")
    new_turns = [{**t, "meeting_id": "B-M6", "turn_id": t["turn_id"] + "-6"}
                 for t in turns if t["meeting_id"] == "B-M4"]
    changed_turn = {**next(t for t in turns if t["turn_id"] == "B-t01"), "duration_s": "40"}
    _write(folder / "speaking_turns.csv", columns, [*new_turns, changed_turn])
    columns, costs = _read(programme / "costs.csv")
    new_cost = {**next(c for c in costs if c["cop_id"] == "c2"), "cost_id": "B-K9",
                "meeting_id": "B-M6", "incurred_on": "2019-08-01", "amount_gbp": "75.00"}
    _write(folder / "costs.csv", columns, [new_cost])
    columns, answers = _read(programme / "survey_responses.csv")
    changed = {**next(a for a in answers if a["response_id"] == "B-S1" and a["item_id"] == "q1"),
               "value": "5"}
    _write(folder / "survey_responses.csv", columns, [changed])
    columns, events = _read(programme / "recommendation_status.csv")
    implemented = {**next(e for e in events if e["cop_id"] == "c2" and e["site"] == "Clinic B"),
                   "status_on": "2019-08-01", "status": "implemented", "meeting_id": "B-M6"}
    _write(folder / "recommendation_status.csv", columns, [implemented])
    return folder


def _marts(con) -> dict[str, list[tuple]]:
    """Every materialised mart's rows, sorted, floats rounded to 6 places."""
    names = [row[0] for row in con.execute(
        "select table_name from duckdb_tables() where table_name like 'mart\\_%' escape '\\' "
        "order by table_name").fetchall()]
    return {name: rounded(con.execute(f"select * from {name} order by all").fetchall())  # noqa: S608
            for name in names}


def _marts_and_full_rebuild(con) -> tuple[dict[str, list[tuple]], dict[str, list[tuple]]]:
    """The marts as stored, and as a full rebuild of the same data makes them (rolled back)."""
    stored = _marts(con)
    con.execute("begin")
    build_marts(con)
    full = _marts(con)
    con.execute("rollback")
    return stored, full


@pytest.fixture(scope="module")
def incremental_db(tmp_path_factory) -> Path:
    """The two-CoP programme loaded, then the c2 increment loaded on top (real pipeline)."""
    root = tmp_path_factory.mktemp("incremental")
    programme = _two_cop_programme(root / "programme")
    db = build_database(programme, root / "cop.duckdb")
    report = load_paths([_c2_increment(programme, root / "increment")], db_path=db)
    assert report.ok, report.summary()
    assert 0 == report.rows_quarantined, report.summary()
    return db


def test_incremental_load_gives_the_marts_of_a_full_rebuild(incremental_db):
    """After the c2 increment, every mart table equals a full rebuild of the same data."""
    con = duckdb.connect(str(incremental_db))
    try:
        incremental, full = _marts_and_full_rebuild(con)
    finally:
        con.close()
    # 17 materialised marts (member, rates, acts, quality, stats, group_stats, cost,
    # cost_rows, uptake_events, survey_scores; issue 16's turn_floor,
    # turn_transition_stats, turn_response_stats, turn_answers; issue 18's
    # member_mode_pairs, exclusion_members and lay_members, programme-wide for the first
    # view)
    assert 17 == len(full)
    for name, rows in full.items():
        assert rows == incremental[name], name


def test_incremental_load_adds_the_new_meeting_to_the_marts(incremental_db):
    """The increment's meeting B-M6 is in the marts: a copy of B-M4, so the same figures."""
    con = duckdb.connect(str(incremental_db), read_only=True)
    try:
        per_meeting = con.execute(
            "select meeting_id, attendees_n, talk_s, turns_n from mart_meeting_summary "
            "where meeting_id in ('M4', 'B-M4', 'B-M6') order by meeting_id").fetchall()
    finally:
        con.close()
    # B-M6 copies B-M4's attendance and turns, and B-M4 copies M4: three equal rows
    m4 = per_meeting[-1][1:]
    assert [("B-M4", *m4), ("B-M6", *m4), ("M4", *m4)] == per_meeting


def test_incremental_load_updates_the_uptake_of_the_loaded_cop_only(incremental_db):
    """The increment's event (R1 implemented at c2's Clinic B on 2019-08-01) is in
    mart_uptake; c1's copy of that pair is untouched (still only proposed)."""
    con = duckdb.connect(str(incremental_db), read_only=True)
    try:
        pairs = con.execute(
            "select cop_id, latest_status, implemented_on, days_to_implemented from mart_uptake "
            "where recommendation_id = 'R1' and site = 'Clinic B' order by cop_id").fetchall()
    finally:
        con.close()
    # c2: proposed 2019-06-01, implemented 2019-08-01: 30 (June) + 31 (July) = 61 days
    assert [("c1", "proposed", None, None),
            ("c2", "implemented", dt.date(2019, 8, 1), 61)] == pairs


def test_uptake_events_touch_only_their_cop(incremental_db):
    """Uptake events are materialised (mart_uptake_events): a load of c2's events rebuilds
    c2, not every CoP."""
    con = duckdb.connect(str(incremental_db), read_only=True)
    try:
        changes = MartChanges()
        changes.note_rows(con, "recommendation_status", pd.DataFrame({
            "recommendation_id": ["R2"], "cop_id": ["c2"], "site": ["Clinic A"],
            "status_on": [dt.date(2019, 9, 1)], "status": ["agreed"], "meeting_id": [None]}))
    finally:
        con.close()
    assert {"c2"} == changes.cops


def test_build_marts_rebuilds_only_the_cops_it_is_given(incremental_db, tmp_path):
    """With marts built by the same SQL and instruments, `changed` = one of two CoPs is
    rebuilt incrementally (build_marts returns the CoPs it rebuilt), and c1's rows stay."""
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(incremental_db, db)
    con = duckdb.connect(str(db))
    try:
        before = con.execute("select * from mart_meeting_member where cop_id = 'c1' "
                             "order by all").fetchall()
        con.execute("begin")
        rebuilt = build_marts(con, changed={"c2"})
        after = con.execute("select * from mart_meeting_member where cop_id = 'c1' "
                            "order by all").fetchall()
        con.execute("rollback")
    finally:
        con.close()
    assert ["c2"] == rebuilt
    assert before == after


def test_a_members_change_needs_a_full_rebuild(incremental_db):
    """Members' attributes are in every mart, so a load touching members rebuilds all."""
    con = duckdb.connect(str(incremental_db), read_only=True)
    try:
        changes = MartChanges()
        changes.note_rows(con, "meetings", pd.DataFrame({"meeting_id": ["B-M6"], "cop_id": ["c2"]}))
        touched = set(changes.cops)
        changes.note_rows(con, "members", pd.DataFrame({"member_id": ["L1"], "cop_id": ["c1"]}))
    finally:
        con.close()
    assert {"c2"} == touched  # the meeting alone: its CoP
    assert None is changes.cops  # then members: everything


def test_replacing_a_meetings_turns_gives_the_marts_of_a_full_rebuild(incremental_db, tmp_path):
    """An import that replaces one c2 meeting's transcript turns (`load_frames(replace=...)`,
    as the meeting-files importers do) leaves marts equal to a full rebuild."""
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(incremental_db, db)
    turns = pd.DataFrame({
        "turn_id": ["B-new1", "B-new2"], "meeting_id": ["B-M2", "B-M2"],
        "member_id": ["B-L1", "B-C1"], "channel": ["voice", "voice"],
        "start_s": ["0", "30"], "duration_s": ["25", "20"], "activity": ["", ""],
        "act": ["", ""], "words": ["", ""], "source": ["transcript", "transcript"]})
    report = load_frames({"speaking_turns": turns}, source_name="test import", db_path=db,
                         replace={"speaking_turns": {"meeting_id": "B-M2", "source": "transcript"}})
    assert report.ok, report.summary()
    con = duckdb.connect(str(db))
    try:
        talk = con.execute("select talk_s from mart_meeting_stats where meeting_id = 'B-M2' "
                           "and facilitators_included").fetchone()[0]
        replaced, full = _marts_and_full_rebuild(con)
    finally:
        con.close()
    assert 45.0 == talk  # the two new turns only: 25 + 20 s
    for name, rows in full.items():
        assert rows == replaced[name], name
