"""`copdash metrics` and `copdash export` against the hand-worked database."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from pipelines.cli import main
from pipelines.marts import COLUMN_MEANINGS, PUBLIC_MARTS


@pytest.fixture
def headline_json(hand_db, tmp_path):
    out = tmp_path / "metrics.json"
    assert 0 == main(["metrics", "--db", str(hand_db), "--format", "json", "--out", str(out)])
    return json.loads(out.read_text())["cops"][0]


def test_metrics_json_agrees_with_participation_views(hand_db, headline_json):
    """Attendance, coverage, Gini and pooled equity in the JSON equal the views' figures."""
    con = duckdb.connect(str(hand_db), read_only=True)
    views = con.execute("""
        select avg(attendance_rate), avg(voice_coverage), avg(gini_talk)
        from mart_meeting_summary""").fetchone()
    pooled = dict(con.execute("""
        with o as (select * from mart_meeting_group where is_observed)
        select member_type,
            (sum(talk_s) / (select sum(talk_s) from o))
            / (sum(attendees_n) / (select sum(attendees_n) from o))
        from o group by member_type""").fetchall())
    con.close()
    expected = [round(v, 9) for v in (*views, pooled["lay"], pooled["clinical"],
                                      pooled["non_clinical"])]
    actual = [round(headline_json[k], 9) for k in (
        "attendance_rate", "voice_coverage", "gini_talk", "equity_ratio_lay",
        "equity_ratio_clinical", "equity_ratio_non_clinical")]
    assert expected == actual


def test_metrics_json_agrees_with_cost_and_uptake_views(hand_db, headline_json):
    """Costs equal mart_cost_summary; the funnel equals counts over mart_uptake."""
    con = duckdb.connect(str(hand_db), read_only=True)
    cost = con.execute("""
        select direct_cost_gbp, overhead_cost_gbp, time_cost_gbp, full_cost_gbp,
            cost_per_attendee_hour_gbp, implemented_n, cost_per_implemented_gbp
        from mart_cost_summary where cop_id = 'c1'""").fetchone()
    funnel = con.execute("""
        select count(*) filter (where furthest_stage is not null),
            count(*) filter (where furthest_stage in ('agreed', 'in_progress', 'implemented',
                                                      'sustained')),
            count(*) filter (where furthest_stage in ('in_progress', 'implemented', 'sustained')),
            count(*) filter (where furthest_stage in ('implemented', 'sustained')),
            count(*) filter (where furthest_stage = 'sustained')
        from mart_uptake""").fetchone()
    con.close()
    expected = [round(v, 9) for v in (*cost, *funnel)]
    actual = [round(headline_json[k], 9) for k in (
        "direct_cost_gbp", "overhead_cost_gbp", "time_cost_gbp", "full_cost_gbp",
        "cost_per_attendee_hour_gbp", "implemented_n", "cost_per_implemented_gbp",
        "funnel_proposed_n", "funnel_agreed_n", "funnel_in_progress_n",
        "funnel_implemented_n", "funnel_sustained_n")]
    assert expected == actual


def test_metrics_include_facilitators_changes_attendance(hand_db, tmp_path):
    """--include-facilitators counts F1 as attendee and expected member: 0.76."""
    # with F1 expected at every meeting: M1 4/5, M2 4/5 (F1 present; N1 absent) = 0.8,
    # M3 3/5 = 0.6, M4 5/5, M5 3/5 -> (0.8 + 0.8 + 0.6 + 1 + 0.6) / 5 = 0.76
    out = tmp_path / "with.json"
    main(["metrics", "--db", str(hand_db), "--include-facilitators", "--format", "json",
          "--out", str(out)])
    assert 0.76 == round(json.loads(out.read_text())["cops"][0]["attendance_rate"], 9)


def test_metrics_table_prints_each_cop(hand_db, capsys):
    """The table format names the CoP and the lay equity ratio."""
    assert 0 == main(["metrics", "--db", str(hand_db), "--cop", "c1"])
    printed = capsys.readouterr().out
    assert (True, True) == ("CoP c1" in printed, "equity ratio, lay" in printed)


def test_metrics_bad_date_says_how_to_write_it(hand_db, capsys):
    """A date that is not YYYY-MM-DD is refused with a plain message and exit code 2."""
    code = main(["metrics", "--db", str(hand_db), "--from", "1/2/2019"])
    assert (2, True) == (code, "Write it as YYYY-MM-DD" in capsys.readouterr().err)


def test_export_writes_every_mart_with_dictionary(hand_db, tmp_path):
    """Every public mart is written as CSV and Parquet with the same rows; the dictionary
    documents every column of every mart."""
    out = tmp_path / "export"
    assert 0 == main(["export", "--db", str(hand_db), "--out", str(out)])
    con = duckdb.connect(str(hand_db), read_only=True)
    counts = {name: con.execute(f"select count(*) from {name}").fetchone()[0]
              for name in PUBLIC_MARTS}
    con.close()
    written = {name: (len(pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig")),
                      len(pd.read_parquet(out / f"{name}.parquet"))) for name in PUBLIC_MARTS}
    dictionary = pd.read_csv(out / "data_dictionary.csv", encoding="utf-8-sig")
    undocumented = sorted(set(dictionary["column"]) - set(COLUMN_MEANINGS))
    assert ({name: (n, n) for name, n in counts.items()}, []) == (written, undocumented)
