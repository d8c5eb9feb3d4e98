"""The benchmark harness (benchmarks/run.py) runs end to end on a tiny programme.

A smoke test, not a benchmark: one run of each step on about 2,000 speaking turns in a
temporary folder, to prove the script works. Nothing here asserts a time.
"""
# ruff: noqa: SIM300  (house style writes asserts as `expected == actual`)

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from benchmarks.first_render import PAGES
from benchmarks.report import README_END, README_START, merge_results, write_readme_table
from benchmarks.run import bench_size, label_for, parse_sizes

TURNS = 2_000


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """One benchmark of a 2,000-turn programme: the work folder and its figures."""
    workdir = tmp_path_factory.mktemp("bench")
    figures = bench_size(TURNS, workdir, runs=1, query_reps=1, render=True, render_reps=1,
                         log=lambda message: None)
    return workdir, figures


def _data_rows(folder: Path) -> int:
    total = 0
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            total += sum(1 for _ in csv.reader(handle)) - 1  # minus the header
    return total


def test_sizes_are_read_with_k_and_m_suffixes() -> None:
    """'100k,1M,10M' are 100 thousand, 1 million and 10 million turns."""
    assert [100_000, 1_000_000, 10_000_000] == parse_sizes("100k,1M,10M")


def test_sizes_are_labelled_back_with_their_suffix() -> None:
    """1,000,000 turns are labelled 1M, 100,000 are 100k and 2,500 stay 2500."""
    assert ["1M", "100k", "2500"] == [label_for(1_000_000), label_for(100_000), label_for(2_500)]


def test_the_floor_counts_every_row_of_the_generated_files(tiny: tuple[Path, dict]) -> None:
    """`rows` is the number of data rows in the generated CSV files (headers left out)."""
    workdir, figures = tiny
    assert _data_rows(workdir / "programme-2k") == figures["rows"]


def test_every_figure_of_results_json_is_recorded(tiny: tuple[Path, dict]) -> None:
    """Floor, full and incremental loads, page queries, renders and peak memory are all there."""
    _, figures = tiny
    recorded = {key for key, value in figures.items() if value is not None}
    assert {"rows", "floor_s", "gx_baseline_s", "load_s", "load_ratio", "incremental_s", "page_p95_ms",
            "first_render_s", "peak_rss_mb"} <= recorded
    # the commands run in their own process, each with its own peak memory
    assert {"generate", "floor", "gx_baseline", "load", "incremental", "page_queries",
            "first_render"} == set(figures["peak_rss_mb"])


def test_every_page_renders_without_an_exception(tiny: tuple[Path, dict]) -> None:
    """Each dashboard page's first render ran that page (its own title) and raised nothing."""
    _, figures = tiny
    assert set(PAGES) == set(figures["first_render"])
    assert {} == {page: r["errors"] for page, r in figures["first_render"].items() if r["errors"]}
    assert all(r["title"] for r in figures["first_render"].values())


def test_the_new_meeting_has_one_meeting_row_under_a_new_id(tiny: tuple[Path, dict]) -> None:
    """The incremental load's files hold one meeting, renamed so that it is a new meeting."""
    workdir, figures = tiny
    with (workdir / "new-meeting-2k" / "meetings.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [figures["incremental_meeting"]["meeting_id"]] == [row["meeting_id"] for row in rows]
    assert rows[0]["meeting_id"].endswith("-inc")


def test_the_readme_table_keeps_the_text_around_it(tiny: tuple[Path, dict], tmp_path: Path) -> None:
    """Writing the table twice replaces it between the markers and keeps the prose."""
    _, figures = tiny
    results = merge_results(tmp_path / "results.json", {"2k": figures}, {"runs": 1})
    readme = tmp_path / "README.md"
    readme.write_text(f"# Bench\n\nBefore.\n\n{README_START}\nold\n{README_END}\n\nAfter.\n")
    write_readme_table(readme, results)
    write_readme_table(readme, results)
    text = readme.read_text()
    assert 1 == text.count(README_START)
    assert text.startswith("# Bench\n\nBefore.\n") and text.endswith("\nAfter.\n")
    assert "| 2k | 2,000 |" in text
    assert "2k" in json.loads((tmp_path / "results.json").read_text())["sizes"]


from tests.local_mode import local_server_address  # noqa: E402, F401  (autouse)
