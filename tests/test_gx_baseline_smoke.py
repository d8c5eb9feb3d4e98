"""The GX-on-pandas baseline (benchmarks/gx_baseline.py) runs end to end and counts rows.

A smoke test, not a benchmark: nothing here asserts a time. The script runs as the
benchmark runs it, in its own process (`python -m benchmarks.gx_baseline FOLDER DB`), so
that no Great Expectations state of other tests (copdash's own tuning of GX) can leak in.
"""
# ruff: noqa: SIM300  (house style writes asserts as `expected == actual`)

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb

from pipelines.settings import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "sample_data"

DATASETS = ("communities", "members", "meetings", "attendance", "speaking_turns",
            "survey_responses", "costs", "time_rates", "recommendations",
            "recommendation_status", "member_aliases")


def _data_rows(path: Path) -> int:
    """Lines of the file minus its header: no value of sample_data/ spans two lines, so
    lines - 1 = rows (`wc -l sample_data/*.csv`, counted here so the test follows the
    sample when `copdash generate sample_data` changes it)."""
    with path.open(encoding="utf-8") as lines:
        return sum(1 for _ in lines) - 1


SAMPLE_ROWS = {name: _data_rows(SAMPLE / f"{name}.csv") for name in DATASETS}


def _run_baseline(folder: Path, db: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.gx_baseline", str(folder), str(db)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=120,
    )
    return json.loads(done.stdout)


def test_the_sample_loads_whole_into_one_table_per_dataset(tmp_path: Path) -> None:
    """Every sample row is read, none fails (the sample breaks no rule: `copdash load`
    quarantines none of it, and the baseline runs a subset of copdash's checks), and each
    dataset's table holds its file's rows: kept + failed = read, per dataset."""
    db = tmp_path / "baseline.duckdb"
    summary = _run_baseline(SAMPLE, db)

    assert SAMPLE_ROWS == {name: d["rows_read"] for name, d in summary["datasets"].items()}
    assert SAMPLE_ROWS == {name: d["rows_kept"] for name, d in summary["datasets"].items()}
    assert 0 == summary["rows_failed"]
    for counts in summary["datasets"].values():
        assert counts["rows_read"] == counts["rows_kept"] + counts["rows_failed"]
    with duckdb.connect(str(db), read_only=True) as con:
        stored = {name: con.execute(f'select count(*) from "{name}"').fetchone()[0]
                  for name in SAMPLE_ROWS}
    assert SAMPLE_ROWS == stored


def test_rows_breaking_a_rule_of_their_own_columns_are_dropped(tmp_path: Path) -> None:
    """A row with an impossible date or a blank required name is left out; a row breaking
    only a `custom` rule (ended before it started) is kept: the baseline has no such rule.

    4 rows read: cop1 clean, cop2 started 30 February (communities.started_on.type),
    cop3 blank name (communities.name.required), cop4 ended before it started
    (communities.ended_on.after_start, custom: not run). Failed 2 (cop2, cop3), kept 2.
    """
    folder = tmp_path / "programme"
    folder.mkdir()
    (folder / "communities.csv").write_text(
        "cop_id,name,started_on,ended_on,host_organisation,topic\n"
        "cop1,One,2018-01-01,,,\n"
        "cop2,Two,2018-02-30,,,\n"
        "cop3,  ,2019-01-01,,,\n"
        "cop4,Four,2019-01-01,2018-01-01,,\n",
        encoding="utf-8",
    )
    db = tmp_path / "baseline.duckdb"
    summary = _run_baseline(folder, db)

    assert {"rows_read": 4, "rows_kept": 2, "rows_failed": 2} == {
        key: summary["datasets"]["communities"][key]
        for key in ("rows_read", "rows_kept", "rows_failed")
    }
    with duckdb.connect(str(db), read_only=True) as con:
        kept = [row[0] for row in con.execute("select cop_id from communities order by cop_id").fetchall()]
    assert ["cop1", "cop4"] == kept
