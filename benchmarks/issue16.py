"""How long issue 16's fair comparison and funnel plots take on a loaded database.

`python -m benchmarks.issue16 DB OUT.json --reps 3` records the calls the In person vs
online and Overview pages make (`page_queries.page_calls`, those two pages only), then, each
repetition on a new connection opened as the dashboard opens it (a first view), times:

- every distinct call of the two pages (wall ms and CPU ms of this process: user + system,
  all DuckDB threads; the fairer figure on a shared machine);
- the fair comparison section: its calls (`fair_comparison` before h16f; `mode_comparison`,
  `within_member`, `adjusted_mode_effect` after) and the section's chart;
- the funnel section: `cop_funnel`, `funnel_curve` and the two funnel charts
  (`charts_programme.funnel_plot`, drawn and serialised to JSON as Streamlit sends it).

Each figure is the median of the repetitions. It measures whichever code is importable, so
the same script times an older checkout with `PYTHONPATH=/that/checkout` (the database's
tables must be the same). Not a test; nothing is asserted.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

__all__ = ["FAIR_CALLS", "FUNNEL_CALLS", "measure"]

FAIR_CALLS = {"fair_comparison", "mode_comparison", "within_member", "adjusted_mode_effect"}
FUNNEL_CALLS = {"cop_funnel", "funnel_curve"}
PAGES = ["online_vs_in_person", "overview"]


def _timed(function) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    answer = function()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, answer


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def measure(db: Path, reps: int) -> dict[str, object]:
    import benchmarks.first_render as first_render
    from benchmarks.page_queries import dashboard_connection, distinct_calls, page_calls

    first_render.PAGES = PAGES  # page_calls records only these two pages
    recorded = page_calls(db)
    import dashboard.charts_fairness as charts_fairness
    import dashboard.charts_programme as charts_programme
    from pipelines.metrics import mode_fairness

    out: dict[str, object] = {"db": str(db), "reps": reps, "pages": {}}
    answers: dict[str, object] = {}
    for page, calls in recorded.items():
        calls = distinct_calls(calls)
        walls: dict[str, list[float]] = {c.label: [] for c in calls}
        cpus: dict[str, list[float]] = {c.label: [] for c in calls}
        totals: list[float] = []
        for _ in range(reps):
            with dashboard_connection(db) as con:
                total = 0.0
                for call in calls:
                    cursor = con.cursor()
                    cursor.execute("use live")
                    wall, cpu, answer = _timed(lambda call=call, cursor=cursor: call.run(cursor))
                    cursor.close()
                    walls[call.label].append(wall)
                    cpus[call.label].append(cpu)
                    answers[call.name if not call.kwargs else f"{call.name} {call.kwargs}"] = answer
                    answers.setdefault(call.name, answer)
                    total += wall
                totals.append(total)
        out["pages"][page] = {
            "calls": {label: {"wall_ms": _median(walls[label]), "cpu_ms": _median(cpus[label])}
                      for label in walls},
            "page_wall_ms": _median(totals),
            "fair_wall_ms": _median([sum(walls[c.label][i] for c in calls if c.name in FAIR_CALLS)
                                     for i in range(reps)]),
            "fair_cpu_ms": _median([sum(cpus[c.label][i] for c in calls if c.name in FAIR_CALLS)
                                    for i in range(reps)]),
            "funnel_wall_ms": _median([sum(walls[c.label][i] for c in calls
                                           if c.name in FUNNEL_CALLS) for i in range(reps)]),
            "funnel_cpu_ms": _median([sum(cpus[c.label][i] for c in calls
                                          if c.name in FUNNEL_CALLS) for i in range(reps)]),
        }
    adjusted = answers.get("adjusted_mode_effect {'group': 'lay'}")
    if adjusted is None:  # before h16f the page asked for the whole fair comparison
        fair = answers["fair_comparison {'group': 'lay'}"]
        row = fair[fair["comparison"] == "adjusted"].iloc[0]
        out["adjusted"] = {"estimate": float(row["difference"]), "ci_low": float(row["ci_low"]),
                           "ci_high": float(row["ci_high"]), "note": row["note"]}
        frame = fair
    else:
        row = adjusted.iloc[0]
        out["adjusted"] = {"estimate": float(row["estimate"]), "ci_low": float(row["ci_low"]),
                           "ci_high": float(row["ci_high"]), "method": row["method"],
                           "cops_n": int(row["cops_n"]), "meetings_n": int(row["meetings_n"]),
                           "note": row["note"]}
        frame = mode_fairness.side_by_side(answers["mode_comparison"], answers["within_member"],
                                           adjusted, "lay")
    chart_walls = [_timed(lambda: charts_fairness.fair_comparison(
        frame, "Fair comparison", "Online − in person").to_json())[0] for _ in range(reps)]
    out["fair_chart_ms"] = _median(chart_walls)
    cops, curve = answers["cop_funnel"], answers["funnel_curve"]
    out["cops_n"] = int(cops["cop_id"].nunique())

    def both_funnels() -> None:
        for metric in ("lay_equity_ratio", "voice_coverage"):
            charts_programme.funnel_plot(
                cops[cops["metric"] == metric], curve[curve["metric"] == metric], "Funnel",
                "n", "value", percent=metric == "voice_coverage").to_json()

    out["funnel_charts_ms"] = _median([_timed(both_funnels)[0] for _ in range(reps)])
    return out


if __name__ == "__main__":
    database, target = Path(sys.argv[1]), Path(sys.argv[2])
    repetitions = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else 3
    target.write_text(json.dumps(measure(database, repetitions), indent=2, default=str))
