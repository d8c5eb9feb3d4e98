"""Property-based tests of digital exclusion on random one-CoP programmes (the builder of
test_properties.py: core tables straight into DuckDB, then the marts)."""

from __future__ import annotations

import pytest
from hypothesis import given
from test_properties import SETTINGS, _build, programmes

from pipelines import metrics


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("exclusion_programmes")


@SETTINGS
@given(programmes())
def test_exclusion_groups_add_up_to_the_total(folder, programme):
    """Unsuppressed (k = 1): the groups' members and excluded members add up to the total
    row's, no group excludes more members than it has, and everyone marked no_online came
    to no online meeting after the move."""
    con = _build(folder, programme)
    sel = metrics.Selection()
    summary = metrics.digital_exclusion(con, sel, by="member_type", k=1)
    members = metrics.digital_exclusion_members(con, sel)
    con.close()
    if summary.empty:
        assert members.empty
        return
    groups, total = summary[summary["group"] != "all"], summary[summary["group"] == "all"].iloc[0]
    assert (total["members_n"], total["excluded_n"]) == (groups["members_n"].sum(),
                                                         groups["excluded_n"].sum())
    assert (groups["excluded_n"] <= groups["members_n"]).all()
    no_online = members[members["exclusion_status"] == "no_online"]
    assert (no_online["online_attended_n"] == 0).all()
    assert (members["in_person_attended_n"] > 0).all() and (members["online_expected_n"] > 0).all()
