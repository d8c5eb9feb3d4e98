"""The copdash performance benchmark (issue 6): `python benchmarks/run.py --sizes 100k,1M`.

For each size (speaking turns) it generates a programme with `copdash generate --scale N
--bad-share 0.01`, then measures, each figure the median of `--runs` runs, each command in
its own process (wall time and its own peak memory):

- floor: bare DuckDB CREATE TABLE AS SELECT * FROM read_csv of the same files, no checks;
- full load: `copdash load FOLDER --db FILE` into an empty database;
- incremental load: one new meeting's files loaded into a copy of the full database;
- page queries: every query of each page, cold and warm, p50/p95 (`page_queries.py`);
- first render of each page with AppTest (`first_render.py`), at 1M turns by default.

It writes `benchmarks/results.json` and the table in `benchmarks/README.md`.
`--profile` also writes `benchmarks/load_profile.txt`: where a load's time goes.
Not a test: nothing is asserted; the README says which targets are met.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `pipelines` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.processes import python_command, run_measured  # noqa: E402
from benchmarks.programme import generate, new_meeting_files  # noqa: E402
from benchmarks.report import merge_results, write_readme_table  # noqa: E402

__all__ = ["bench_size", "label_for", "main", "parse_sizes"]

HERE = Path(__file__).resolve().parent
_UNITS = {"k": 1_000, "m": 1_000_000}


def parse_sizes(text: str) -> list[int]:
    """'100k,1M,10M' -> [100000, 1000000, 10000000]."""
    sizes = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        unit = _UNITS.get(part[-1].lower(), 1)
        number = part[:-1] if part[-1].lower() in _UNITS else part
        try:
            sizes.append(int(float(number) * unit))
        except ValueError:
            raise SystemExit(f"--sizes: '{part}' is not a size; write e.g. 100k, 1M or 2500.") from None
    return sizes


def label_for(turns: int) -> str:
    """10000000 -> '10M', 100000 -> '100k', 2500 -> '2500'."""
    for suffix, unit in (("M", 1_000_000), ("k", 1_000)):
        if turns % unit == 0:
            return f"{turns // unit}{suffix}"
    return str(turns)


def _remove_database(db: Path) -> None:
    """An empty start: the database and whatever a load leaves beside it."""
    for path in [db, Path(f"{db}.wal"), Path(f"{db}.lock"), *db.parent.glob(f"{db.name}.tmp-*")]:
        path.unlink(missing_ok=True)


def load_env(turns: int) -> dict[str, str]:
    """The environment of the benchmark's loads: a quarantine limit above what they quarantine.

    A generated programme spoils `--bad-share` of its rows on purpose and quarantines their
    dependants with them (3.7% of rows at a 1% share: about 110,000 speaking turns at 3M),
    so the default per-file limit (`pipelines.limits.MAX_QUARANTINED_ROWS`, 100,000) would
    refuse the speaking turns of 3M and more. No file holds more rows than twice the turns.
    """
    return {"COPDASH_MAX_QUARANTINED_ROWS": str(max(100_000, 2 * turns))}


def bench_size(turns: int, workdir: Path, *, runs: int = 3, query_reps: int = 10,
               render: bool = False, render_reps: int = 3, seed: int = 20240601,
               bad_share: float = 0.01, nice: int = 0, baseline: bool = True,
               log=print) -> dict[str, object]:
    """Measure one programme size; returns its figures for results.json."""
    label = label_for(turns)
    folder = workdir / f"programme-{label}"
    db = workdir / f"copdash-{label}.duckdb"
    floor_db = workdir / f"floor-{label}.duckdb"
    peak: dict[str, float] = {}

    log(f"[{label}] generating {turns:,} turns")
    generated = generate(folder, turns, seed=seed, bad_share=bad_share, nice=nice)
    if generated is not None:
        peak["generate"] = round(generated.peak_rss_mb, 1)

    floor_runs, floor_cpu, rows = [], [], 0
    for run in range(runs):
        measured = run_measured(python_command("-m", "benchmarks.floor", str(folder), str(floor_db)),
                                nice=nice)
        rows = int(measured.stdout.strip().splitlines()[-1])
        floor_runs.append(measured.seconds)
        floor_cpu.append(measured.cpu_s)
        peak["floor"] = round(max(peak.get("floor", 0), measured.peak_rss_mb), 1)
        log(f"[{label}] floor run {run + 1}: {measured.seconds:.2f} s")
    floor_db.unlink(missing_ok=True)

    # A straightforward Great Expectations on pandas pipeline over the same files (see
    # gx_baseline.py): what the "4-5x the floor" refers to, measured here.
    baseline_runs = []
    for run in range(runs if baseline else 0):
        measured = run_measured(python_command("-m", "benchmarks.gx_baseline", str(folder),
                                               str(floor_db)), nice=nice)
        baseline_runs.append(measured.seconds)
        peak["gx_baseline"] = round(max(peak.get("gx_baseline", 0), measured.peak_rss_mb), 1)
        log(f"[{label}] GX-on-pandas baseline run {run + 1}: {measured.seconds:.1f} s")
    floor_db.unlink(missing_ok=True)

    load_runs, load_cpu = [], []
    for run in range(runs):
        _remove_database(db)
        measured = run_measured(python_command("-m", "pipelines", "load", str(folder), "--db", str(db)),
                                env=load_env(turns), nice=nice)
        load_runs.append(measured.seconds)
        load_cpu.append(measured.cpu_s)
        peak["load"] = round(max(peak.get("load", 0), measured.peak_rss_mb), 1)
        log(f"[{label}] full load run {run + 1}: {measured.seconds:.1f} s, "
            f"{measured.cpu_s:.1f} s CPU, {measured.peak_rss_mb:.0f} MB")

    increment = workdir / f"new-meeting-{label}"
    shutil.rmtree(increment, ignore_errors=True)
    meeting_id = new_meeting_files(folder, db, increment)
    increment_rows = sum(max(0, len(p.read_text().splitlines()) - 1) for p in increment.glob("*.csv"))
    incremental_db = workdir / f"incremental-{label}.duckdb"
    incremental_runs = []
    for run in range(runs):
        _remove_database(incremental_db)
        shutil.copyfile(db, incremental_db)  # not timed: the quarterly database before the load
        measured = run_measured(python_command("-m", "pipelines", "load", str(increment),
                                               "--db", str(incremental_db)),
                                env=load_env(turns), nice=nice)
        incremental_runs.append(measured.seconds)
        peak["incremental"] = round(max(peak.get("incremental", 0), measured.peak_rss_mb), 1)
        log(f"[{label}] incremental load run {run + 1}: {measured.seconds:.1f} s")
    _remove_database(incremental_db)
    # the same files as the Import page loads them, in a process already running
    upload_out = workdir / f"upload-{label}.json"
    run_measured(python_command("-m", "benchmarks.upload", str(increment), str(db),
                                str(upload_out), "--runs", str(runs)),
                 env=load_env(turns), nice=nice)
    upload = json.loads(upload_out.read_text())
    log(f"[{label}] upload in the app: {upload['seconds']:.2f} s")

    queries_out = workdir / f"page-queries-{label}.json"
    measured = run_measured(python_command("-m", "benchmarks.page_queries", str(db), str(queries_out),
                                           "--reps", str(query_reps)), nice=nice)
    peak["page_queries"] = round(measured.peak_rss_mb, 1)
    page_queries = json.loads(queries_out.read_text())
    log(f"[{label}] page queries: " + ", ".join(
        f"{page} {figures['first_view_p95_ms']:.0f} ms" for page, figures in page_queries.items()))

    first_render = None
    if render:
        render_out = workdir / f"first-render-{label}.json"
        measured = run_measured(python_command("-m", "benchmarks.first_render", str(render_out),
                                               "--reps", str(render_reps)),
                                env={"COPDASH_DB": str(db)}, nice=nice)
        peak["first_render"] = round(measured.peak_rss_mb, 1)
        first_render = json.loads(render_out.read_text())
        log(f"[{label}] first render: " + ", ".join(
            f"{page} {figures['median_s']:.2f} s" for page, figures in first_render.items()))

    floor_s = statistics.median(floor_runs)
    load_s = statistics.median(load_runs)
    return {
        "label": label, "turns": turns, "rows": rows,
        "floor_s": round(floor_s, 3), "floor_runs_s": [round(s, 3) for s in floor_runs],
        "load_s": round(load_s, 2), "load_runs_s": [round(s, 2) for s in load_runs],
        "load_ratio": round(load_s / floor_s, 2),
        # CPU seconds (user + system): steadier than wall time on a shared machine
        "floor_cpu_s": round(statistics.median(floor_cpu), 2),
        "load_cpu_s": round(statistics.median(load_cpu), 2),
        "load_cpu_ratio": round(statistics.median(load_cpu) / statistics.median(floor_cpu), 2),
        "gx_baseline_s": round(statistics.median(baseline_runs), 2) if baseline_runs else None,
        "gx_baseline_ratio": (round(statistics.median(baseline_runs) / floor_s, 2)
                              if baseline_runs else None),
        "load_s_per_million_rows": round(load_s / (rows / 1e6), 2),
        "incremental_s": round(statistics.median(incremental_runs), 2),
        "incremental_runs_s": [round(s, 2) for s in incremental_runs],
        "incremental_meeting": {"meeting_id": meeting_id, "rows": increment_rows},
        "upload_in_app_s": upload["seconds"],
        "upload_in_app": upload,
        "page_p95_ms": {page: figures["first_view_p95_ms"] for page, figures in page_queries.items()},
        "page_queries": page_queries,
        "first_render_s": ({page: figures["median_s"] for page, figures in first_render.items()}
                           if first_render else None),
        "first_render": first_render,
        "generate_s": round(generated.seconds, 2) if generated else None,
        "peak_rss_mb": peak,
    }


def profile_load(folder: Path, workdir: Path, out: Path, top: int = 30, *,
                 turns: int = 0) -> None:
    """cProfile one full load of `folder`; the top functions by cumulative and own time."""
    db = workdir / "profiled.duckdb"
    _remove_database(db)
    stats_file = workdir / "load.prof"
    run_measured(python_command("-m", "cProfile", "-o", str(stats_file), "-m", "pipelines",
                                "load", str(folder), "--db", str(db)), env=load_env(turns))
    _remove_database(db)
    import io
    import pstats

    text = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=text)
    stats.strip_dirs()
    text.write(f"# cProfile of `copdash load {folder.name}` (one run)\n\n## by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(top)
    text.write("\n## by own time\n")
    stats.sort_stats("tottime").print_stats(top)
    out.write_text(text.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100k,1M", help="speaking turns, e.g. 100k,1M,10M")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median taken)")
    parser.add_argument("--query-reps", type=int, default=10,
                        help="repetitions of each page's queries (p50/p95 over them)")
    parser.add_argument("--render-sizes", default="1M",
                        help="sizes at which to time first renders ('' for none)")
    parser.add_argument("--render-reps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--bad-share", type=float, default=0.01)
    parser.add_argument("--nice", type=int, default=0, help="run the commands at this niceness")
    parser.add_argument("--skip-baseline", action="store_true",
                        help="leave out the GX-on-pandas baseline (gx_baseline.py)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where programmes and databases go (default: a temporary folder); "
                             "a programme already generated there is reused")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile one load of the smallest size -> load_profile.txt")
    parser.add_argument("--report-render", action="store_true",
                        help="also time the printable report on the sample programme "
                             "(report_render.py -> report_render.json)")
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--readme", type=Path, default=HERE / "README.md")
    args = parser.parse_args(argv)

    sizes = parse_sizes(args.sizes)
    render_sizes = set(parse_sizes(args.render_sizes))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="copdash-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    settings = {"runs": args.runs, "query_reps": args.query_reps, "seed": args.seed,
                "bad_share": args.bad_share, "render_reps": args.render_reps}
    measured = {}
    for turns in sizes:
        figures = bench_size(turns, workdir, runs=args.runs, query_reps=args.query_reps,
                             render=turns in render_sizes, render_reps=args.render_reps,
                             seed=args.seed, bad_share=args.bad_share, nice=args.nice,
                             baseline=not args.skip_baseline)
        measured[figures["label"]] = figures
        # written after every size, so a long run that is stopped keeps what it measured
        results = merge_results(args.results, {figures["label"]: figures}, settings)
        write_readme_table(args.readme, results)
    if args.profile and sizes:
        smallest = label_for(min(sizes))
        profile_load(workdir / f"programme-{smallest}", workdir, HERE / "load_profile.txt",
                     turns=min(sizes))
    if args.report_render:
        from benchmarks.report_render import main as report_render

        report_render(["--runs", str(args.runs), "--nice", str(args.nice)])
    print(f"wrote {args.results} and the table in {args.readme} (work folder {workdir})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
