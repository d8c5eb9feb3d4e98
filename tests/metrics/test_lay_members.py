"""Who stopped coming: lay members absent from their last three CoP meetings."""

from __future__ import annotations

import duckdb
import pytest

from pipelines import metrics
from pipelines.load import load_paths

# Five CoP meetings and one planning meeting. L1 came to the first CoP meeting only (and to
# the late planning meeting, which does not count); L2 came to the latest CoP meeting; L3
# left on 2020-03-01, so is no longer expected; L4 never came.
FILES = {
    "communities.csv": "cop_id,name,started_on\nA,CoP A,2020-01-01\n",
    "members.csv": ("member_id,cop_id,member_type,left_on\n"
                    "L1,A,lay,\nL2,A,lay,\nL3,A,lay,2020-03-01\nL4,A,lay,\n"),
    "meetings.csv": ("meeting_id,cop_id,held_on,duration_min,mode,meeting_type\n"
                     "G1,A,2020-02-01,60,in_person,cop\n"
                     "G2,A,2020-04-01,60,in_person,cop\n"
                     "G3,A,2020-06-01,60,in_person,cop\n"
                     "G4,A,2020-08-01,60,in_person,cop\n"
                     "P1,A,2020-09-01,60,in_person,planning\n"),
    "attendance.csv": ("meeting_id,member_id,status\n"
                       "G1,L1,present\nG1,L3,present\nG2,L1,apologies\nG4,L2,present\n"
                       "P1,L1,present\n"),
}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lay")
    for name, text in FILES.items():
        (folder / name).write_text(text)
    report = load_paths([folder], folder / "cop.duckdb")
    assert report.ok and 0 == report.rows_quarantined, report.summary()
    connection = duckdb.connect(str(folder / "cop.duckdb"), read_only=True)
    yield connection
    connection.close()


def test_stopped_coming_counts_cop_meetings_only(con):
    """L1's last three CoP meetings (G2 apologies, G3, G4 absent) make 'stopped coming',
    although L1 came to the later planning meeting P1; L2 came to G4; L3 left (left_on set);
    L4 never attended at all, which is not stopping."""
    # L1: present G1 (and P1); last three expected CoP meetings G2, G3, G4: none present -> True
    # L2: present at G4 -> False; L3: left_on 2020-03-01 -> False; L4: never present -> False
    frame = metrics.lay_members(con, metrics.Selection())
    actual = dict(zip(frame["member_id"], frame["stopped_coming"].astype(bool), strict=True))
    assert {"L1": True, "L2": False, "L3": False, "L4": False} == actual


def test_every_meeting_reads_the_same_members_as_a_narrowed_selection(con):
    """The whole programme (no selection) reads the rows built at load (mart_lay_members);
    naming CoP A, or asking for another number of recent meetings, runs the query. The
    first two must give the same rows; with the last two CoP meetings only, L1 (absent
    from G3 and G4) has still stopped coming and L2 (present at G4) has not."""
    import pandas as pd

    whole = metrics.lay_members(con, metrics.Selection())
    narrowed = metrics.lay_members(con, metrics.Selection(cop_ids=("A",)))
    assert ["L1", "L2", "L3", "L4"] == list(whole["member_id"])
    pd.testing.assert_frame_equal(narrowed, whole)
    two = metrics.lay_members(con, metrics.Selection(), recent_n=2)
    assert {"L1": True, "L2": False, "L3": False, "L4": False} == dict(
        zip(two["member_id"], two["stopped_coming"].astype(bool), strict=True))


def test_dates_that_leave_out_the_last_meeting_are_worked_out_afresh(con):
    """Ending on 2020-07-01 leaves out G4 (and P1): L2 has no attendance left, and L1's
    last three CoP meetings are G1 (present), G2 and G3, so L1 has not stopped coming. The
    whole programme's rows must not answer for this selection."""
    import datetime as dt

    frame = metrics.lay_members(con, metrics.Selection(date_to=dt.date(2020, 7, 1)))
    frame = frame.set_index("member_id")
    assert not bool(frame.loc["L1", "stopped_coming"])
    assert 0 == int(frame.loc["L2", "meetings_attended_n"])
