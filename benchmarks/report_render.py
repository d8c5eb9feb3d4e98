"""How long the printable report takes (issue 15): `python benchmarks/report_render.py`.

On the sample programme (loaded into a temporary database unless `--db` names one), for
each case below it measures, median of `--runs`:
- the whole command, `copdash report ... --out FILE.pdf`, in its own process (wall time and
  its own peak memory: what a user waits for at the terminal, imports included);
- in one warm process, where the time goes: the figures (`build_report`, every metrics API
  call, the charts drawn), the HTML and WeasyPrint's PDF, and the number of pages.

Cases: the steering-group summary and the evaluator report for one CoP over one year, and
the evaluator report for one CoP over its whole life. Writes `benchmarks/report_render.json`.
Not a test: nothing is asserted; benchmarks/README.md says what the figures mean.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `pipelines` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.processes import REPO, python_command, run_measured  # noqa: E402

__all__ = ["CASES", "bench_report", "main"]

HERE = Path(__file__).resolve().parent
CASES = {
    "steering, one CoP, one year": ("steering", "cop1", "2019-01-01", "2019-12-31"),
    "evaluator, one CoP, one year": ("evaluator", "cop1", "2019-01-01", "2019-12-31"),
    "evaluator, one CoP, whole life": ("evaluator", "cop1", None, None),
}


def _arguments(case: tuple[str, str, str | None, str | None]) -> list[str]:
    audience, cop, first, last = case
    arguments = ["--audience", audience, "--cop", cop]
    if first:
        arguments += ["--from", first]
    if last:
        arguments += ["--to", last]
    return arguments


def _phases(db: Path, case: tuple[str, str, str | None, str | None], runs: int) -> dict:
    """build / html / pdf seconds (medians) in this process, after one untimed warm-up."""
    import duckdb

    from pipelines.metrics import Selection
    from pipelines.report import build_report, connection_caller
    from pipelines.report.render import print_pdf, render_html

    audience, cop, first, last = case
    sel = Selection(cop_ids=(cop,), date_from=dt.date.fromisoformat(first) if first else None,
                    date_to=dt.date.fromisoformat(last) if last else None)
    timings: dict[str, list[float]] = {"build_s": [], "html_s": [], "pdf_s": []}
    pages = 0
    with duckdb.connect(str(db), read_only=True) as con:
        call, audit = connection_caller(con)
        for run in range(runs + 1):
            started = time.perf_counter()
            report = build_report(call, sel, audience=audience, audit=audit)
            built = time.perf_counter()
            html = render_html(report)
            rendered = time.perf_counter()
            _pdf, pages = print_pdf(html)
            printed = time.perf_counter()
            if run:  # the first run pays the imports
                timings["build_s"].append(built - started)
                timings["html_s"].append(rendered - built)
                timings["pdf_s"].append(printed - rendered)
    return {**{k: round(statistics.median(v), 3) for k, v in timings.items()}, "pages": pages}


def bench_report(db: Path, runs: int = 3, nice: int = 0, log=print) -> dict:
    """Every case's figures: command wall time and peak memory, and the warm phases."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="copdash-report-") as folder:
        for name, case in CASES.items():
            walls, peaks = [], []
            for _ in range(runs):
                out = Path(folder) / "report.pdf"
                measured = run_measured(python_command(
                    "-m", "pipelines", "report", "--db", str(db), "--out", str(out),
                    *_arguments(case)), nice=nice)
                walls.append(measured.seconds)
                peaks.append(measured.peak_rss_mb)
            phases = _phases(db, case, runs)
            results[name] = {"command_s": round(statistics.median(walls), 2),
                             "command_runs_s": [round(s, 2) for s in walls],
                             "peak_rss_mb": round(max(peaks), 1), **phases}
            log(f"{name}: command {results[name]['command_s']:.2f} s "
                f"(figures {phases['build_s']:.2f} s, HTML {phases['html_s']:.2f} s, "
                f"PDF {phases['pdf_s']:.2f} s, {phases['pages']} pages), "
                f"{results[name]['peak_rss_mb']:.0f} MB")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a loaded database (default: the sample "
                        "programme, loaded into a temporary one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--nice", type=int, default=0)
    parser.add_argument("--out", type=Path, default=HERE / "report_render.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="copdash-report-db-") as folder:
        db = args.db
        if db is None:
            db = Path(folder) / "sample.duckdb"
            run_measured(python_command("-m", "pipelines", "load", str(REPO / "sample_data"),
                                        "--db", str(db)), nice=args.nice)
        from benchmarks.report import machine

        results = {"cases": bench_report(db, args.runs, args.nice), "runs": args.runs,
                   "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
                   "machine": machine()}
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
