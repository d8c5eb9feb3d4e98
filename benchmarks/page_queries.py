"""Every query each dashboard page runs, timed as the dashboard runs them.

The calls are recorded by running each page once (`page_calls`), so the list follows the
pages as they change: the sidebar's (`communities`, `date_bounds`), the page's own, and those
made for it by `dashboard/queries.py` (e.g. the Overview's headline figures for the
selection and for the selection before its latest meeting), with the selection a first
visit has (the sidebar's defaults: every CoP, the full date range). A call the page makes
twice with the same arguments is timed once: Streamlit's data cache answers the second.

- first view (the figure `page_p95_ms` reports): as the first view of a page after a load:
  a new connection opened the way `dashboard/queries.py` opens it (in-memory DuckDB with
  the file ATTACHed read-only), then the page's calls, each on its own cursor;
- later view: the same on a connection already open (a page view whose selection is not
  yet in Streamlit's cache);
- cold (a worst case the dashboard no longer pays): a fresh read-only connection per call
  (`pipelines.load.open_readonly`). The operating system's file cache is not dropped
  (that needs root), so a first view after a reboot is slower.

A page's time is the sum of its calls (what a user waits for on a cache miss); p50 and p95
are taken over the repetitions. `python -m benchmarks.page_queries DB OUT.json --reps N`.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

__all__ = ["PageCall", "dashboard_connection", "distinct_calls", "page_calls", "percentile",
           "time_pages"]

_DASHBOARD_SQL = Path(__file__).resolve().parent.parent / "dashboard" / "sql"


@dataclass(frozen=True)
class PageCall:
    """One call a page makes: a metrics API function, or an audit read (`pipelines.audit` or `dashboard/sql`)."""

    label: str
    kind: str  # "metrics" | "audit"
    name: str
    selection: object | None = None
    kwargs: dict[str, object] = field(default_factory=dict)

    def run(self, con: duckdb.DuckDBPyConnection) -> object:
        import pipelines.metrics as metrics

        if self.kind == "audit":
            import pipelines.audit

            shared = getattr(pipelines.audit, self.name, None)  # as dashboard.queries.audit
            if shared is not None:
                return shared(con, **self.kwargs)
            sql = (_DASHBOARD_SQL / f"{self.name}.sql").read_text(encoding="utf-8")
            return con.execute(sql, self.kwargs).df() if self.kwargs else con.execute(sql).df()
        function = getattr(metrics, self.name)
        if self.selection is None:
            return function(con, **self.kwargs)
        return function(con, self.selection, **self.kwargs)


def page_calls(db: Path) -> dict[str, list[PageCall]]:
    """The calls each page really makes, recorded by running it once with AppTest.

    `dashboard.queries.call` and `.audit` are wrapped to note each call (name, selection,
    arguments) before running it as usual, so the page follows its normal branches; the
    chart functions (dashboard/charts*.py) are replaced by empty figures while recording
    (a slow chart must not slow the recording; charts are timed by `first_render.py`).
    AppTest runs the page without the router, so the selection is the empty one (every
    CoP, every date, as the sidebar's defaults) and the sidebar's calls are added by hand.
    """
    import plotly.graph_objects as go
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import dashboard.charts as charts
    import dashboard.charts_fairness as charts_fairness
    import dashboard.charts_programme as charts_programme
    import dashboard.charts_turns as charts_turns
    import dashboard.queries as queries
    from benchmarks.first_render import APP, PAGES, local_mode

    os.environ["COPDASH_DB"] = str(db)
    local_mode()
    recorded: list[PageCall] = []
    call, audit = queries.call, queries.audit
    chart_modules = (charts, charts_programme, charts_turns, charts_fairness)

    def recording_call(name: str, sel: object | None = None, **kwargs: object) -> object:
        # a long argument (the Overview's alert rules) is labelled by its length
        suffix = "".join(f" {k}={v}" if len(str(v)) <= 40 else f" {k}=({len(v)} items)"
                         for k, v in kwargs.items())
        recorded.append(PageCall(f"{name}{suffix}", "metrics", name, sel, kwargs))
        return call(name, sel, **kwargs)

    def recording_audit(name: str, **params: object) -> object:
        if name != "audit_trail":  # the trail is a SQLite file beside the database, not a query
            recorded.append(PageCall(f"audit {name}", "audit", name, None, params))
        return audit(name, **params)

    # every drawing function of the chart modules (issue 16's sections draw from their own
    # modules: the heat map, the fair comparison, the funnel plots and the exclusion bars):
    # their queries are timed with the page's others, the drawing is stubbed
    originals = {(module, name): f for module in chart_modules for name, f in vars(module).items()
                 if callable(f) and not name.startswith("_") and getattr(f, "__module__", "") == module.__name__
                 # only the drawing functions: helpers that return words stay as they are
                 and str(getattr(f, "__annotations__", {}).get("return")) in ("go.Figure", str(go.Figure))}
    queries.call, queries.audit = recording_call, recording_audit
    for module, name in originals:
        setattr(module, name, lambda *args, **kwargs: go.Figure())
    pages: dict[str, list[PageCall]] = {}
    try:
        for page in PAGES:
            recorded.clear()
            st.cache_data.clear()
            at = AppTest.from_file(str(APP), default_timeout=600)
            at.switch_page(f"pages/{page}.py")
            at.run()
            if at.exception:
                # a page that fails records only the calls before the failure: its time
                # would look better than it is (the 10M pages did, before issue 18's table cap)
                raise RuntimeError(f"{db}: the {page} page failed: {at.exception[0].message}")
            if recorded:
                # AppTest runs a page switched to before its first run without the router,
                # so the sidebar's two calls (made before every page) are added here.
                sidebar = [PageCall("communities", "metrics", "communities"),
                           PageCall("date_bounds", "metrics", "date_bounds")]
                pages[page] = _labelled(sidebar + list(recorded))
    finally:
        queries.call, queries.audit = call, audit
        for (module, name), function in originals.items():
            setattr(module, name, function)
    return pages


def _labelled(calls: list[PageCall]) -> list[PageCall]:
    """Number repeated labels (the Overview calls the same functions for two selections)."""
    seen: dict[str, int] = {}
    labelled = []
    for call in calls:
        seen[call.label] = seen.get(call.label, 0) + 1
        label = call.label if seen[call.label] == 1 else f"{call.label} #{seen[call.label]}"
        labelled.append(PageCall(label, call.kind, call.name, call.selection, call.kwargs))
    return labelled


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 10 values is the largest: no interpolation)."""
    ordered = sorted(values)
    rank = max(1, int(-(-share * len(ordered) // 1)))  # ceil(share * n)
    return ordered[min(rank, len(ordered)) - 1]


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def distinct_calls(calls: list[PageCall]) -> list[PageCall]:
    """The calls that reach the database: a repeat with the same function, selection and
    arguments is a Streamlit cache hit within the page run (an argument that spells out the
    function's default is keyed as the dashboard keys it: `queries.call_key`)."""
    from dashboard.queries import call_key

    seen: set[tuple] = set()
    kept = []
    for call in calls:
        arguments = (call_key(call.name, call.kwargs) if call.kind == "metrics"
                     else tuple(sorted(call.kwargs.items())))
        key = (call.kind, call.name, call.selection, arguments)
        if key not in seen:
            seen.add(key)
            kept.append(call)
    return kept


@contextmanager
def dashboard_connection(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection opened as `dashboard/queries.py` opens its shared one."""
    con = duckdb.connect(":memory:")
    try:
        con.execute((_DASHBOARD_SQL / "attach_live.sql").read_text(encoding="utf-8"),
                    {"path": str(db)})
        con.execute("use live")
        yield con
    finally:
        con.close()


def _on_cursor(con: duckdb.DuckDBPyConnection, call: PageCall) -> float:
    cursor = con.cursor()
    try:
        cursor.execute("use live")
        return _timed(lambda: call.run(cursor))
    finally:
        cursor.close()


def _figures(runs: list[list[float]], prefix: str) -> dict[str, float]:
    totals = [sum(run) for run in runs]
    return {f"{prefix}_p50_ms": round(statistics.median(totals), 1),
            f"{prefix}_p95_ms": round(percentile(totals, 0.95), 1)}


def time_pages(db: Path, reps: int) -> dict[str, dict[str, object]]:
    """Per page: first-view, later-view and cold p50/p95 of the page's total, and each
    call's first-view p95 (ms)."""
    from pipelines.load import open_readonly

    def cold(call: PageCall) -> float:
        def once() -> None:
            with open_readonly(db) as con:
                call.run(con)
        return _timed(once)

    results: dict[str, dict[str, object]] = {}
    for page, recorded in page_calls(db).items():
        calls = distinct_calls(recorded)
        first_runs = []
        for _ in range(reps):
            with dashboard_connection(db) as con:
                first_runs.append([_on_cursor(con, call) for call in calls])
        with dashboard_connection(db) as con:
            for call in calls:  # the first pass fills DuckDB's buffers
                _on_cursor(con, call)
            later_runs = [[_on_cursor(con, call) for call in calls] for _ in range(reps)]
        cold_runs = [[cold(call) for call in calls] for _ in range(reps)]
        results[page] = {
            "calls_n": len(calls),
            "calls_recorded_n": len(recorded),
            **_figures(first_runs, "first_view"),
            **_figures(later_runs, "later_view"),
            **_figures(cold_runs, "cold"),
            "calls_first_view_p95_ms": {
                call.label: round(percentile([run[i] for run in first_runs], 0.95), 1)
                for i, call in enumerate(calls)},
        }
    return results


if __name__ == "__main__":
    database, out = Path(sys.argv[1]), Path(sys.argv[2])
    repetitions = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else 10
    out.write_text(json.dumps(time_pages(database, repetitions), indent=2))
