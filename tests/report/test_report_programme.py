"""The evaluator report's issue-16 section: digital exclusion (suppressed as on the pages,
the member list refused to a role that may not read it) and CoPs against the funnel."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from pipelines.load import load_paths
from pipelines.metrics import Selection
from pipelines.metrics.funnel import ONE_COP
from pipelines.report import build_report, connection_caller

# CoP A met in person on A1, A2, online on A3, A4 (moved online on A3).
# L1 (lay): A1, A2, then no online meeting -> no online meeting
# L2 (lay): A1, A3: 1 of 2 in person (0.5), 1 of 2 online (0.5) -> kept coming
# C1 (clinical): every meeting -> kept coming
# k = 1: lay 2 members, 1 no online meeting, 0 far fewer, share 1/2 = 50%;
#        clinical 1 member, 0, 0, 0%; all 3, 1, 0, 1/3 = 33%.
# Only A1 is observed (L1 10 s, C1 30 s) and A is the only CoP: the funnel is a note.
# Age bands: L1 25-44, L2 25-44, C1 65-74; deprivation quintiles: L1 1, L2 2, C1 not given.
FILES = {
    "communities.csv": "cop_id,name,started_on\nA,CoP A,2020-01-01\n",
    "members.csv": ("member_id,cop_id,member_type,age_band,deprivation_quintile\n"
                    "L1,A,lay,25-44,1\nL2,A,lay,25-44,2\nC1,A,clinical,65-74,\n"),
    "meetings.csv": ("meeting_id,cop_id,held_on,duration_min,mode,meeting_type\n"
                     "A1,A,2020-01-10,60,in_person,cop\nA2,A,2020-02-10,60,in_person,cop\n"
                     "A3,A,2020-04-10,60,online,cop\nA4,A,2020-05-10,60,online,cop\n"),
    "attendance.csv": ("meeting_id,member_id,status\nA1,L1,present\nA2,L1,present\n"
                       "A1,L2,present\nA3,L2,present\nA1,C1,present\nA2,C1,present\n"
                       "A3,C1,present\nA4,C1,present\n"),
    "speaking_turns.csv": ("turn_id,meeting_id,member_id,channel,start_s,duration_s,source\n"
                           "t1,A1,L1,voice,0,10,observation\nt2,A1,C1,voice,10,30,observation\n"),
}
TITLE = "Digital exclusion and CoPs side by side"


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report16")
    for name, text in FILES.items():
        (folder / name).write_text(text)
    report = load_paths([folder], folder / "cop.duckdb")
    assert report.ok and 0 == report.rows_quarantined, report.summary()
    connection = duckdb.connect(str(folder / "cop.duckdb"), read_only=True)
    yield connection
    connection.close()


def _section(call, audit, k: int = 1):
    report = build_report(call, Selection(), audience="evaluator", audit=audit, k=k,
                          today=dt.date(2024, 5, 1))
    return next(s for s in report.sections if s.title == TITLE)


def _rows(section, title: str) -> list[list[str]]:
    table = next(b for b in section.blocks if getattr(b, "title", "") == title)
    return table.frame.values.tolist()


def test_exclusion_table_by_member_type(con):
    """k = 1: lay 2 members, 1 with no online meeting (50%); clinical 1, none (0%); all 3, 1 (33%)."""
    call, audit = connection_caller(con)
    table = next(b for b in _section(call, audit).blocks
                 if getattr(b, "title", "") == "Digital exclusion by member type")
    rows = table.frame[["Group", "Members", "No online meeting", "Share"]].values.tolist()
    assert [["Professional clinical", "1", "0", "0%"], ["Lay", "2", "1", "50%"],
            ["All members", "3", "1", "33%"]] == rows


def test_exclusion_by_deprivation_quintile(con):
    """k = 1: quintile 1 (L1, no online meeting) 1 of 1 = 100%; quintile 2 (L2) 0%; C1 has
    no quintile (not recorded) 0%; all 3, 1 (33%)."""
    call, audit = connection_caller(con)
    rows = _rows(_section(call, audit), "Digital exclusion by deprivation quintile (1 = most "
                 "deprived)")
    assert [["1", "1", "1", "0", "100%", ""], ["2", "1", "0", "0", "0%", ""],
            ["Not recorded", "1", "0", "0", "0%", ""],
            ["All members", "3", "1", "0", "33%", ""]] == rows


def test_exclusion_by_age_band_hides_small_groups(con):
    """k = 2: 65-74 has 1 member (C1), fewer than 2: hidden. The total (3) is shown, so
    25-44 (2 members, 1 of them no online meeting) would give 65-74 away (3 - 2 = 1 member,
    1 - 1 = 0 excluded): it is hidden too. Hidden rows show no figure, not even their
    number of members, only why they are hidden."""
    call, audit = connection_caller(con)
    rows = _rows(_section(call, audit, k=2), "Digital exclusion by age band")
    assert [["25-44", "–", "–", "–", "–", "Hidden so that a group with fewer than 2 members "
             "cannot be worked out from the total"],
            ["65-74", "–", "–", "–", "–", "Hidden: fewer than 2 members"],
            ["All members", "3", "1", "0", "33%", ""]] == rows


def test_member_list_names_who_stopped(con):
    """L1 is the one member who came to no online meeting after the move."""
    call, audit = connection_caller(con)
    table = next(b for b in _section(call, audit).blocks
                 if getattr(b, "title", "").startswith("Members who stopped"))
    assert ["L1"] == list(table.frame["Member"])


def test_member_list_is_not_available_to_a_refused_role(con):
    """A caller refusing member-level rows gets a sentence instead of the member list."""
    call, audit = connection_caller(con)

    def refusing(name, sel=None, **kwargs):
        if name == "digital_exclusion_members":
            raise PermissionError(name)
        return call(name, sel, **kwargs)

    texts = [getattr(b, "text", "") for b in _section(refusing, audit).blocks]
    assert "Each member's record is not available to your role." in texts


def test_a_funnel_of_one_cop_is_a_note(con):
    """CoP A alone: the funnel part says it has nothing to compare A with."""
    call, audit = connection_caller(con)
    assert ONE_COP in [getattr(b, "text", "") for b in _section(call, audit).blocks]
