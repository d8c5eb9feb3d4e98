"""Every query each dashboard page runs, timed cold and warm.

The calls below are read from `dashboard/pages/*.py`, `dashboard/sidebar.py` (drawn before
every page: `communities`, `date_bounds`) and `dashboard/queries.py` (the Overview's
`headline_figures` for the selection and for the selection before its latest meeting).
The default selection is what the sidebar starts with: every CoP, the full date range.
When a page changes its calls, change its list here.

- cold: as the dashboard runs a query on a cache miss: a fresh read-only connection per call
  (`pipelines.load.open_readonly`), so DuckDB's buffers are empty; the operating system's
  file cache is not dropped (that needs root), so a first view after a reboot is slower.
- warm: one connection, the page's calls repeated after a first pass.

A page's time is the sum of its calls (what a user waits for on a cache miss); p50 and p95
are taken over the repetitions. `python -m benchmarks.page_queries DB OUT.json --reps N`.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

__all__ = ["PageCall", "page_calls", "percentile", "time_pages"]

_DASHBOARD_SQL = Path(__file__).resolve().parent.parent / "dashboard" / "sql"


@dataclass(frozen=True)
class PageCall:
    """One call a page makes: a metrics API function, or an audit query of `dashboard/sql`."""

    label: str
    kind: str  # "metrics" | "audit"
    name: str
    selection: object | None = None
    kwargs: dict[str, object] = field(default_factory=dict)

    def run(self, con: duckdb.DuckDBPyConnection) -> object:
        import pipelines.metrics as metrics

        if self.kind == "audit":
            sql = (_DASHBOARD_SQL / f"{self.name}.sql").read_text(encoding="utf-8")
            return con.execute(sql, self.kwargs).df() if self.kwargs else con.execute(sql).df()
        function = getattr(metrics, self.name)
        if self.selection is None:
            return function(con, **self.kwargs)
        return function(con, self.selection, **self.kwargs)


def page_calls(db: Path) -> dict[str, list[PageCall]]:
    """The calls of every page that reads data, with the sidebar's default selection."""
    from pipelines.load import open_readonly
    from pipelines.metrics import Selection, date_bounds, survey_summary

    with open_readonly(db) as con:
        first, last = date_bounds(con)
        sel = Selection(date_from=first, date_to=last)
        summary = survey_summary(con, sel, by="member_type")
    instrument = sorted(summary["instrument_id"].unique())[0] if len(summary) else None
    # the Overview compares with the selection ending the day before the latest meeting
    earlier = Selection(date_from=first, date_to=last - dt.timedelta(days=1)) if last else sel

    def m(name: str, selection: object | None = sel, **kwargs: object) -> PageCall:
        suffix = "".join(f" {k}={v}" for k, v in kwargs.items())
        when = " (before latest meeting)" if selection is earlier and earlier is not sel else ""
        return PageCall(f"{name}{suffix}{when}", "metrics", name, selection, kwargs)

    def a(name: str, **params: object) -> PageCall:
        return PageCall(f"audit {name}", "audit", name, None, params)

    sidebar = [m("communities", None), m("date_bounds", None)]
    headline = ["meeting_summary", "meeting_averages", "pooled_equity", "cost_summary",
                "uptake_funnel"]

    def headline_calls(selection: object) -> list[PageCall]:
        return [m(name, selection, by="member_type", basis="time") if name == "pooled_equity"
                else m(name, selection) for name in headline]

    surveys = [m("survey_summary", by="member_type"), a("adapter_instruments")]
    if instrument is not None:
        surveys.append(m("survey_item_distribution", instrument_id=instrument))
    pages = {
        "overview": [*headline_calls(sel), *headline_calls(earlier), a("load_freshness")],
        "participation": [m("pooled_equity", by="member_type", basis="time"),
                          m("meeting_group", by="member_type"), m("meeting_summary"),
                          m("turn_acts")],
        "online_vs_in_person": [m("mode_comparison"), m("lay_timeline"), m("chat_by_group"),
                                m("hybrid_comparison")],
        "cost": [m("cost_summary"), m("cost_by_category"), m("cost_by_month"),
                 m("meeting_cost"), m("mode_cost"), m("time_rates_used"), m("missing_rates")],
        "uptake": [m("uptake_funnel"), m("time_to_implementation"), m("uptake_by_month"),
                   m("uptake"), m("recommendation_meetings")],
        "surveys": surveys,
        "lay_members": [m("lay_timeline"), m("pooled_equity", by="member_type", basis="time"),
                        m("meeting_group", by="member_type"), m("lay_members"),
                        m("turn_acts"), m("meeting_summary"),
                        m("survey_summary", by="member_type")],
        "data_quality": [a("recent_loads", limit=40), a("contract_results"),
                         a("quarantine_by_rule"), a("quarantine_rows")],
    }
    return {page: [*sidebar, *calls] for page, calls in pages.items()}


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 10 values is the largest: no interpolation)."""
    ordered = sorted(values)
    rank = max(1, int(-(-share * len(ordered) // 1)))  # ceil(share * n)
    return ordered[min(rank, len(ordered)) - 1]


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def time_pages(db: Path, reps: int) -> dict[str, dict[str, object]]:
    """Per page: cold and warm p50/p95 of the page's total, and each call's cold p95 (ms)."""
    from pipelines.load import open_readonly

    def cold(call: PageCall) -> float:
        def once() -> None:
            with open_readonly(db) as con:
                call.run(con)
        return _timed(once)

    results: dict[str, dict[str, object]] = {}
    for page, calls in page_calls(db).items():
        cold_runs = [[cold(call) for call in calls] for _ in range(reps)]
        with open_readonly(db) as con:
            for call in calls:  # the first pass fills DuckDB's buffers
                call.run(con)
            warm_runs = [[_timed(lambda c=call: c.run(con)) for call in calls]
                         for _ in range(reps)]
        cold_totals = [sum(run) for run in cold_runs]
        warm_totals = [sum(run) for run in warm_runs]
        results[page] = {
            "calls_n": len(calls),
            "cold_p50_ms": round(statistics.median(cold_totals), 1),
            "cold_p95_ms": round(percentile(cold_totals, 0.95), 1),
            "warm_p50_ms": round(statistics.median(warm_totals), 1),
            "warm_p95_ms": round(percentile(warm_totals, 0.95), 1),
            "calls_cold_p95_ms": {
                call.label: round(percentile([run[i] for run in cold_runs], 0.95), 1)
                for i, call in enumerate(calls)},
        }
    return results


if __name__ == "__main__":
    database, out = Path(sys.argv[1]), Path(sys.argv[2])
    repetitions = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else 10
    out.write_text(json.dumps(time_pages(database, repetitions), indent=2))
