"""Property-based tests on random valid programmes (hypothesis).

Each example builds a small programme straight into a DuckDB file (core tables, then the
marts), so that hundreds of shapes are tried quickly; the hand-worked tests cover the load.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines import metrics
from pipelines.marts import build_marts
from pipelines.metrics import bootstrap as bs
from pipelines.settings import PROJECT_ROOT

TYPES = ("lay", "clinical", "non_clinical")
MODES = ("in_person", "online", "hybrid")
_counter = itertools.count()


@st.composite
def programmes(draw):
    """Members, meetings, attendance and voice turns of one CoP."""
    members = [
        {"member_id": f"P{i}", "cop_id": "c1", "member_type": draw(st.sampled_from(TYPES)),
         "is_facilitator": draw(st.booleans()) if i > 1 else False,
         "gender": draw(st.sampled_from(["female", "male", None]))}
        for i in range(draw(st.integers(2, 6)))
    ]
    meetings, attendance, turns = [], [], []
    for m in range(draw(st.integers(1, 6))):
        meeting_id = f"M{m}"
        mode = draw(st.sampled_from(MODES))
        meetings.append({"meeting_id": meeting_id, "cop_id": "c1",
                         "held_on": dt.date(2020, 1, 1) + dt.timedelta(days=7 * m),
                         "duration_min": 60, "mode": mode, "meeting_type": "cop"})
        for member in members:
            if not draw(st.booleans()):
                continue
            attendance.append({"meeting_id": meeting_id, "member_id": member["member_id"],
                               "status": "present",
                               "attended_via": draw(st.sampled_from(["in_person", "online"]))
                               if mode == "hybrid" else mode})
            for _ in range(draw(st.integers(0, 3))):
                turns.append({"turn_id": f"t{len(turns)}", "meeting_id": meeting_id,
                              "member_id": member["member_id"], "channel": "voice",
                              "start_s": 10.0 * len(turns),
                              "duration_s": float(draw(st.integers(1, 300))),
                              "source": "observation"})
    return members, meetings, attendance, turns


def _build(folder, programme, scale: float = 1.0):
    members, meetings, attendance, turns = programme
    path = folder / f"p{next(_counter)}.duckdb"
    con = duckdb.connect(str(path))
    con.execute((PROJECT_ROOT / "pipelines/sql/core/tables.sql").read_text())
    con.execute("insert into communities (cop_id, name, started_on) "
                "values ('c1', 'Random', DATE '2019-01-01')")
    frames = {
        "members": pd.DataFrame(members),
        "meetings": pd.DataFrame(meetings),
        "attendance": pd.DataFrame(attendance, columns=["meeting_id", "member_id", "status",
                                                        "attended_via"]),
        "speaking_turns": pd.DataFrame(turns, columns=["turn_id", "meeting_id", "member_id",
                                                       "channel", "start_s", "duration_s",
                                                       "source"]),
    }
    frames["speaking_turns"]["duration_s"] = frames["speaking_turns"]["duration_s"] * scale
    for table, frame in frames.items():
        con.register("incoming", frame)
        con.execute(f"insert into {table} by name select * from incoming")
        con.unregister("incoming")
    build_marts(con)
    return con


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("programmes")


SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(programmes())
def test_weighted_ratios_sum_to_one(folder, programme):
    """In every observed meeting with talk, sum over groups of attendee_share x equity ratio
    is 1 (talk shares sum to 1), for member types and for gender, with either switch."""
    con = _build(folder, programme)
    sums = con.execute("""
        select sum(attendee_share * equity_ratio)
        from mart_meeting_group_stats
        where attribute in ('member_type', 'gender') and meeting_talk_s > 0
        group by facilitators_included, attribute, meeting_id""").fetchall()
    con.close()
    assert [1.0] * len(sums) == [round(total, 9) for (total,) in sums]


@SETTINGS
@given(programmes())
def test_gini_between_zero_and_one(folder, programme):
    """Every defined Gini coefficient lies in [0, 1)."""
    con = _build(folder, programme)
    values = [g for (g,) in con.execute(
        "select gini_talk from mart_meeting_stats where gini_talk is not null").fetchall()]
    con.close()
    assert [] == [g for g in values if not 0 <= g < 1]


@SETTINGS
@given(programmes(), st.sampled_from([0.5, 3.0, 17.25]))
def test_scaling_durations_changes_no_share_ratio_or_gini(folder, programme, factor):
    """Multiplying every duration by a constant leaves shares, ratios and Gini as they were."""
    query = """
        select g.meeting_id, g.facilitators_included, g.attribute, g.group_value,
            round(g.talk_share, 9), round(g.equity_ratio, 9), round(s.gini_talk, 9)
        from mart_meeting_group_stats as g
        join mart_meeting_stats as s using (meeting_id, facilitators_included)
        order by all"""
    base = _build(folder, programme)
    scaled = _build(folder, programme, factor)
    expected = base.execute(query).fetchall()
    actual = scaled.execute(query).fetchall()
    base.close()
    scaled.close()
    assert expected == actual


@SETTINGS
@given(programmes())
def test_pooled_intervals_contain_estimate_and_repeat(folder, programme):
    """Pooled equity intervals contain the estimate, and a second run gives the same ones."""
    con = _build(folder, programme)
    first = metrics.pooled_equity(con, metrics.Selection())
    second = metrics.pooled_equity(con, metrics.Selection())
    con.close()
    shown = first.dropna(subset=["ci_low", "equity_ratio"])
    outside = shown[(shown["ci_low"] > shown["equity_ratio"])
                    | (shown["ci_high"] < shown["equity_ratio"])]
    assert (0, True) == (len(outside), first.equals(second))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 500), st.integers(0, 5),
                          st.integers(1, 5)), min_size=3, max_size=30))
def test_bootstrap_interval_contains_point(meetings):
    """For any meetings, the pooled-ratio interval contains the point estimate."""
    a, b, c, d = (np.array(column, float) for column in zip(*meetings, strict=True))
    c = np.minimum(c, d)
    est = bs.estimate(bs.pooled_ratio(np.minimum(a, b), b, c, d), len(meetings), 500, 7)
    assert math.isnan(est.value) or est.ci_low <= est.value <= est.ci_high


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=0, max_size=10))
def test_bootstrap_same_input_same_interval(values):
    """Identical inputs give identical intervals (fixed seed)."""
    first = bs.estimate(bs.mean_of(np.array(values)), len(values), 300, 11)
    second = bs.estimate(bs.mean_of(np.array(values)), len(values), 300, 11)
    assert repr(first) == repr(second)
