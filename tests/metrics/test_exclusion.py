"""Digital exclusion: who came in person and then no longer (or far less) once their CoP
moved online, on a tiny programme worked out by hand."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from pipelines import metrics
from pipelines.load import load_paths

# CoP A met in person on A1 and A2, then online on A3-A6: it moved online on 2020-04-10.
# CoP B only ever met in person; CoP C only online.
# L1 (lay, 65-74, quintile 1): A1, A2, then no online meeting          -> no_online
# L2 (lay, 65-74, quintile 2): A1, A2, then A3 only: rate 2/2, then 1/4 -> far_fewer
#     (0.25 is below half of 1.0)
# L3 (lay, 25-44, quintile 5): A1, then A3, A4: rate 1/2, then 2/4     -> kept_coming
#     (0.5 is not below half of 0.5)
# C1 (clinical, 45-64, quintile 3): every meeting                      -> kept_coming
# C2 (clinical): came to A4 only: never in person before the move     -> not looked at
# L4 (lay): left on 2020-03-01, before the move                        -> not looked at
# F1 (non_clinical facilitator): A1, A2 only -> left out; no_online with the switch on
FILES = {
    "communities.csv": ("cop_id,name,started_on\nA,CoP A,2020-01-01\nB,CoP B,2020-01-01\n"
                        "C,CoP C,2020-01-01\n"),
    "members.csv": (
        "member_id,cop_id,member_type,is_facilitator,left_on,age_band,deprivation_quintile\n"
        "L1,A,lay,,,65-74,1\nL2,A,lay,,,65-74,2\nL3,A,lay,,,25-44,5\n"
        "C1,A,clinical,,,45-64,3\nC2,A,clinical,,,45-64,\nL4,A,lay,,2020-03-01,,\n"
        "F1,A,non_clinical,true,,,\n"),
    "meetings.csv": ("meeting_id,cop_id,held_on,duration_min,mode,meeting_type\n"
                     "A1,A,2020-01-10,60,in_person,cop\nA2,A,2020-02-10,60,in_person,cop\n"
                     "A3,A,2020-04-10,60,online,cop\nA4,A,2020-05-10,60,online,cop\n"
                     "A5,A,2020-06-10,60,online,cop\nA6,A,2020-07-10,60,online,cop\n"
                     "B1,B,2020-01-15,60,in_person,cop\nB2,B,2020-05-15,60,in_person,cop\n"
                     "C1,C,2020-03-01,60,online,cop\n"),
    "attendance.csv": ("meeting_id,member_id,status\n"
                       "A1,L1,present\nA2,L1,present\n"
                       "A1,L2,present\nA2,L2,present\nA3,L2,present\n"
                       "A1,L3,present\nA3,L3,present\nA4,L3,present\n"
                       "A1,C1,present\nA2,C1,present\nA3,C1,present\nA4,C1,present\n"
                       "A5,C1,present\nA6,C1,present\n"
                       "A4,C2,present\nA1,L4,present\nA1,F1,present\nA2,F1,present\n"),
}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exclusion")
    for name, text in FILES.items():
        (folder / name).write_text(text)
    report = load_paths([folder], folder / "cop.duckdb")
    assert report.ok and 0 == report.rows_quarantined, report.summary()
    connection = duckdb.connect(str(folder / "cop.duckdb"), read_only=True)
    yield connection
    connection.close()


def test_a_cop_moves_online_at_its_first_online_meeting_after_meeting_in_person(con):
    """CoP A moved online on 2020-04-10 (A3), after two in-person meetings, with four
    online meetings from then on; B and C did not move and say why in words."""
    moves = metrics.online_moves(con, metrics.Selection()).set_index("cop_id")
    a = moves.loc["A"]
    assert ("2020-04-10", 2, 4) == (f"{a['moved_online_on']:%Y-%m-%d}", int(a["in_person_before_n"]),
                                    int(a["online_after_n"]))
    assert moves.loc["B", "note"].startswith("CoP B held no online meeting")
    assert moves.loc["C", "note"].startswith("CoP C met only online")


def test_members_are_sorted_into_no_online_far_fewer_and_kept_coming(con):
    """L1 no online meeting, L2 far fewer (0.25 < 1.0 / 2), L3 and C1 kept coming; C2 (never
    in person before), L4 (left before the move) and F1 (a facilitator) are not looked at."""
    frame = metrics.digital_exclusion_members(con, metrics.Selection())
    actual = dict(zip(frame["member_id"], frame["exclusion_status"], strict=True))
    assert {"L1": "no_online", "L2": "far_fewer", "L3": "kept_coming", "C1": "kept_coming"} == actual


def test_attendance_rates_before_and_after_the_move(con):
    """L2 came to 2 of 2 in-person meetings before the move and 1 of 4 online after it."""
    frame = metrics.digital_exclusion_members(con, metrics.Selection()).set_index("member_id")
    row = frame.loc["L2"]
    assert (2, 2, 1.0, 4, 1, 0.25) == (
        int(row["in_person_expected_n"]), int(row["in_person_attended_n"]), row["in_person_rate"],
        int(row["online_expected_n"]), int(row["online_attended_n"]), row["online_rate"])


def test_the_facilitator_switch_puts_facilitators_in(con):
    """With facilitators included F1 (A1, A2, no online meeting) is a fifth member, no_online."""
    frame = metrics.digital_exclusion_members(con, metrics.Selection(include_facilitators=True))
    assert "no_online" == frame.set_index("member_id").loc["F1", "exclusion_status"]


def test_breakdown_by_member_type_without_suppression(con):
    """k = 1: lay 3 members, 1 no online + 1 far fewer = 2 excluded (2/3); clinical 1 member,
    none excluded; all 4 members, 2 excluded (0.5)."""
    frame = metrics.digital_exclusion(con, metrics.Selection(), by="member_type", k=1)
    actual = [(r.group, r.members_n, r.no_online_n, r.far_fewer_n, r.excluded_n,
               round(r.excluded_share, 4)) for r in frame.itertuples()]
    assert [("clinical", 1, 0, 0, 0, 0.0), ("lay", 3, 1, 1, 2, 0.6667),
            ("all", 4, 1, 1, 2, 0.5)] == actual


def test_breakdown_is_suppressed_as_survey_breakdowns_are(con):
    """k = 2: clinical (1 member) is suppressed; the total is shown, so the next smallest
    cell (lay, 3) is hidden too, or it could be worked out as 4 - 1."""
    frame = metrics.digital_exclusion(con, metrics.Selection(), by="member_type", k=2)
    rows = frame.set_index("group")
    assert [True, True, False] == [bool(rows.loc[g, "suppressed"]) for g in ("clinical", "lay", "all")]
    assert rows[["excluded_n", "excluded_share"]].loc[["clinical", "lay"]].isna().all().all()
    assert "fewer than 2 members" == rows.loc["clinical", "note"]
    assert 2 == rows.loc["all", "excluded_n"]


def test_breakdown_by_age_band(con):
    """k = 1: 65-74 has L1 and L2, both excluded (share 1.0); 25-44 (L3) and 45-64 (C1) none."""
    frame = metrics.digital_exclusion(con, metrics.Selection(), by="age_band", k=1)
    actual = dict(zip(frame["group"], frame["excluded_share"], strict=True))
    assert {"25-44": 0.0, "45-64": 0.0, "65-74": 1.0, "all": 0.5} == actual


def test_a_cop_that_never_met_online_has_no_members_and_a_note(con):
    """CoP B alone: nobody is looked at, the breakdown is empty and the note says why."""
    sel = metrics.Selection(cop_ids=("B",))
    assert metrics.digital_exclusion(con, sel, k=1).empty
    assert [("CoP B held no online meeting in the selection, so there is no move online to "
             "look at.")] == list(metrics.online_moves(con, sel)["note"])


def test_every_meeting_reads_the_same_members_as_a_narrowed_selection(con):
    """Dates covering every meeting (A1 on 2020-01-10 to A6 on 2020-07-10) read the cohort
    built at load (mart_exclusion_members); naming all three CoPs runs the query itself.
    Both give the same four members: L1, L2, L3 and C1 (the statuses above)."""
    whole = metrics.digital_exclusion_members(
        con, metrics.Selection(date_from=dt.date(2020, 1, 10), date_to=dt.date(2020, 7, 10)))
    narrowed = metrics.digital_exclusion_members(con, metrics.Selection(cop_ids=("A", "B", "C")))
    assert ["C1", "L1", "L2", "L3"] == list(whole["member_id"])
    pd.testing.assert_frame_equal(narrowed, whole)


def test_dates_that_leave_out_the_last_meeting_are_worked_out_afresh(con):
    """Ending on 2020-07-09 leaves out A6, so C1 was expected at 3 online meetings after the
    move (A3 to A5), not 4: the whole programme's cohort must not answer."""
    frame = metrics.digital_exclusion_members(
        con, metrics.Selection(date_to=dt.date(2020, 7, 9))).set_index("member_id")
    assert 3 == int(frame.loc["C1", "online_expected_n"])
