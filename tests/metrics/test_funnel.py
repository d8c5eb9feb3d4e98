"""Funnel plots of CoPs: each CoP's lay equity ratio and voice coverage against the talk
behind it, with 95% and 99.8% limits around the programme's figure, worked out by hand."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines import metrics
from pipelines.metrics.funnel import ONE_COP, Z_95, Z_998, funnel_limits

# Three CoPs, one observed meeting each, one lay (L*) and one clinical (C*) attendee, every
# voice turn 10 s long, so each CoP's lay share of attendees is 1/2:
#   P: lay 1 turn,  clinical 3  -> talk share 10/40 = 0.25,  ER 0.25 / 0.5 = 0.5, n = 4 turns
#   Q: lay 50,      clinical 50 -> 500/1000 = 0.5,           ER 1.0,             n = 100
#   R: lay 20,      clinical 80 -> 200/1000 = 0.2,           ER 0.4,             n = 100
# Programme: lay talk 10 + 500 + 200 = 710 s of 2040 s; lay attendees 3 of 6 (p0 = 0.5):
#   ER0 = (710 / 2040) / 0.5 = 710 / 1020 = 0.696078
# Variance numerator ER0 (1 - ER0 p0) / p0 = 0.696078 * (1 - 0.348039) / 0.5 = 0.907632
# n = 100: SE = sqrt(0.907632 / 100) = 0.095270
#   95%:   0.696078 -/+ 1.959964 * 0.095270 = 0.509353 .. 0.882804
#   99.8%: 0.696078 -/+ 3.090232 * 0.095270 = 0.401673 .. 0.990484
#   Q (1.0) is above 0.990484: above_998; R (0.4) is below 0.401673: below_998
# n = 4: SE = sqrt(0.907632 / 4) = 0.476349; 95%: -0.237548 (clipped to 0) .. 1.629704
#   P (0.5) is inside: a small CoP is not flagged, however low its ratio looks
TURNS = {"P": (1, 3), "Q": (50, 50), "R": (20, 80)}


def _files() -> dict[str, str]:
    turns = ["turn_id,meeting_id,member_id,channel,start_s,duration_s,source"]
    for cop, (lay, clinical) in TURNS.items():
        speakers = [f"L{cop}"] * lay + [f"C{cop}"] * clinical
        turns += [f"{cop}{i},M{cop},{who},voice,{i * 10},10,observation"
                  for i, who in enumerate(speakers)]
    return {
        "communities.csv": "cop_id,name,started_on\n" + "".join(
            f"{c},CoP {c},2020-01-01\n" for c in TURNS),
        "members.csv": "member_id,cop_id,member_type\n" + "".join(
            f"L{c},{c},lay\nC{c},{c},clinical\n" for c in TURNS),
        "meetings.csv": "meeting_id,cop_id,held_on,duration_min,mode,meeting_type\n" + "".join(
            f"M{c},{c},2020-02-01,60,in_person,cop\n" for c in TURNS),
        "attendance.csv": "meeting_id,member_id,status\n" + "".join(
            f"M{c},L{c},present\nM{c},C{c},present\n" for c in TURNS),
        "speaking_turns.csv": "\n".join(turns) + "\n",
    }


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    from pipelines.load import load_paths

    folder = tmp_path_factory.mktemp("funnel")
    for name, text in _files().items():
        (folder / name).write_text(text)
    report = load_paths([folder], folder / "cop.duckdb")
    assert report.ok and 0 == report.rows_quarantined, report.summary()
    connection = duckdb.connect(str(folder / "cop.duckdb"), read_only=True)
    yield connection
    connection.close()


def _equity(con, sel=None):
    frame = metrics.cop_funnel(con, sel or metrics.Selection())
    return frame[frame["metric"] == "lay_equity_ratio"].set_index("cop_id")


def test_each_cop_has_its_pooled_equity_ratio_and_turns(con):
    """P 0.5 on 4 turns, Q 1.0 on 100, R 0.4 on 100; the programme's ratio is 710 / 1020."""
    rows = _equity(con)
    assert [(0.5, 4.0), (1.0, 100.0), (0.4, 100.0)] == [
        (round(rows.loc[c, "value"], 6), rows.loc[c, "n"]) for c in "PQR"]
    assert round(710 / 1020, 6) == round(rows.loc["P", "target"], 6)


def test_limits_at_100_turns(con):
    """At n = 100 the limits are 0.509353 .. 0.882804 (95%) and 0.401673 .. 0.990484 (99.8%)."""
    row = _equity(con).loc["Q"]
    assert (0.509353, 0.882804, 0.401673, 0.990484) == tuple(
        round(row[c], 6) for c in ("low_95", "high_95", "low_998", "high_998"))


def test_cops_outside_the_limits_are_flagged_and_a_small_one_is_not(con):
    """Q above the 99.8% limit, R below it; P's low ratio rests on 4 turns and stays inside."""
    assert {"P": "within", "Q": "above_998", "R": "below_998"} == _equity(con)["signal"].to_dict()


def test_lower_limit_is_clipped_at_zero(con):
    """At n = 4 the 95% limit would be 0.696078 - 0.933640 = -0.237548: drawn at 0."""
    assert 0.0 == _equity(con).loc["P", "low_95"]
    assert round(0.696078 + 1.959964 * math.sqrt(0.907632 / 4), 5) == round(
        _equity(con).loc["P", "high_95"], 5)


def test_voice_coverage_everyone_spoke(con):
    """Every attendee spoke in every CoP: coverage 1 = the programme's, limits 1 .. 1, within."""
    frame = metrics.cop_funnel(con, metrics.Selection())
    coverage = frame[frame["metric"] == "voice_coverage"]
    assert [(1.0, 2.0, 1.0, "within")] * 3 == list(zip(
        coverage["value"], coverage["n"], coverage["high_95"], coverage["signal"], strict=True))


def test_one_cop_gets_a_plain_note_and_no_limits(con):
    """A funnel of Q alone compares nothing: no limits, no signal, the note says why."""
    rows = _equity(con, metrics.Selection(cop_ids=("Q",)))
    assert [ONE_COP] == list(rows["note"])
    assert rows[["low_95", "high_998", "target"]].isna().all().all()
    assert rows["signal"].isna().all()


def test_curve_gives_the_same_limits_as_the_cops(con):
    """The drawn lines come from the same formula: at n = 100 they equal Q's limits."""
    curve = metrics.funnel_curve(con, metrics.Selection(), points=3)
    equity = curve[curve["metric"] == "lay_equity_ratio"]
    # grid: geomspace(4 / 2, 100 * 1.5, 3) = 2, sqrt(2 * 150) = 17.32, 150
    assert [2.0, 17.3205, 150.0] == [round(n, 4) for n in equity["n"]]
    se = math.sqrt(0.907632 / 150)
    assert round(710 / 1020 + 1.959964 * se, 4) == round(equity["high_95"].iloc[-1], 4)


@settings(max_examples=200, deadline=None)
@given(target=st.floats(0.01, 3.0), spread=st.floats(0.0, 5.0),
       n=st.lists(st.floats(1.0, 1e6), min_size=2, max_size=20))
def test_limits_hold_the_target_and_narrow_as_data_grows(target, spread, n):
    """For any target, spread and amounts of data: low <= target <= high, the 99.8% limits
    hold the 95% ones, and more data never widens them (funnel_limits on sorted n)."""
    ordered = np.sort(np.asarray(n))
    low95, high95 = funnel_limits(target, spread, ordered, Z_95)
    low998, high998 = funnel_limits(target, spread, ordered, Z_998)
    assert np.all(low998 <= low95) and np.all(low95 <= target) and np.all(target <= high95)
    assert np.all(high95 <= high998)
    assert np.all(np.diff(high95) <= 1e-12) and np.all(np.diff(low95) >= -1e-12)
