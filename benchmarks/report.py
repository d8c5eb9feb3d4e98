"""results.json and the results table of README.md, with the machine they were measured on.

Absolute times drift from machine to machine; the ratios measured in the same run (load to
floor, 10M to 1M per million rows) are what count, so every figure is kept beside the
machine that produced it. Sizes measured in an earlier run stay in results.json until they
are measured again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path

__all__ = ["README_END", "README_START", "machine", "merge_results", "readme_table",
           "write_readme_table"]

README_START = "<!-- results:start (written by run.py; edit the text around it) -->"
README_END = "<!-- results:end -->"


def machine() -> dict[str, object]:
    """Cores, memory, CPU model and the versions that shape the figures."""
    import duckdb
    import pandas as pd

    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory_gb, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(), "duckdb": duckdb.__version__,
        "pandas": pd.__version__, "executable": sys.executable,
    }


def merge_results(path: Path, sizes: dict[str, dict], settings: dict[str, object]) -> dict:
    """Add the sizes just measured to results.json (earlier sizes kept) and write it."""
    results = json.loads(path.read_text()) if path.exists() else {}
    results.setdefault("sizes", {})
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    for label, figures in sizes.items():
        results["sizes"][label] = {**figures, "measured_at": stamp, "settings": settings,
                                   "machine": machine()}
    results["machine"] = machine()
    results["linearity"] = _linearity(results["sizes"])
    ordered = dict(sorted(results["sizes"].items(), key=lambda item: item[1]["turns"]))
    results["sizes"] = ordered
    path.write_text(json.dumps(results, indent=2) + "\n")
    return results


def _linearity(sizes: dict[str, dict]) -> dict[str, float]:
    """Load seconds per million rows at each size over the same at the next smaller size."""
    ordered = sorted(sizes.values(), key=lambda figures: figures["turns"])
    ratios = {}
    for small, large in zip(ordered, ordered[1:], strict=False):
        if small.get("load_s_per_million_rows") and large.get("load_s_per_million_rows"):
            key = f"{small['label']}->{large['label']}"
            ratios[key] = round(large["load_s_per_million_rows"] / small["load_s_per_million_rows"], 2)
    return ratios


def _fmt(value: object, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _baseline_cell(size: dict) -> str:
    """'69.7 s (6.8x)': the GX-on-pandas baseline's median and its ratio to the floor."""
    if size.get("gx_baseline_s") is None:
        return "–"
    return f"{_fmt(size['gx_baseline_s'], 1)} s ({_fmt(size.get('gx_baseline_ratio'), 1)}x)"


def readme_table(results: dict) -> str:
    """Markdown: the machine, one row per size, then page query and first render tables."""
    m = results["machine"]
    sizes = list(results["sizes"].values())
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, {m['os']}; "
        f"Python {m['python']}, DuckDB {m['duckdb']}, pandas {m['pandas']}.",
        "",
        "| size | turns | rows | floor s | full load s | load / floor | GX-on-pandas baseline "
        "| s per M rows | incremental s (in the app) | load peak MB | worst page p95 ms (first view) | runs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        pages = s.get("page_p95_ms") or {}
        worst = max(pages.items(), key=lambda item: item[1]) if pages else None
        lines.append(
            f"| {s['label']} | {_fmt(s['turns'])} | {_fmt(s['rows'])} | {_fmt(s['floor_s'], 2)} "
            f"| {_fmt(s['load_s'], 1)} | {_fmt(s['load_ratio'], 1)}x "
            f"| {_baseline_cell(s)} "
            f"| {_fmt(s['load_s_per_million_rows'], 1)} | {_fmt(s.get('incremental_s'), 1)} "
            f"({_fmt(s.get('upload_in_app_s'), 1)}) "
            f"| {_fmt((s.get('peak_rss_mb') or {}).get('load'), 0)} "
            f"| {f'{worst[1]:,.0f} ({worst[0]})' if worst else '–'} | {(s.get('settings') or {}).get('runs', '–')} |")
    for key, ratio in results.get("linearity", {}).items():
        lines.append(f"\nLinearity {key}: load time per million rows x{ratio:.2f}.")
    page_names = sorted({p for s in sizes for p in (s.get("page_p95_ms") or {})})
    if page_names:
        lines += ["", "Page queries, sum of a page's calls, p95 ms: first view (a new connection "
                  "opened as the dashboard opens it, then the page's calls) / later view (that "
                  "connection already open) / cold (a fresh connection per call, the old way):",
                  "",
                  "| page | " + " | ".join(s["label"] for s in sizes) + " |",
                  "|---|" + "---:|" * len(sizes)]
        for page in page_names:
            cells = []
            for s in sizes:
                detail = (s.get("page_queries") or {}).get(page)
                cells.append(_page_cell(detail))
            lines.append(f"| {page} | " + " | ".join(cells) + " |")
    rendered = [s for s in sizes if s.get("first_render_s")]
    if rendered:
        names = sorted({p for s in rendered for p in s["first_render_s"]})
        lines += ["", "First render with AppTest, median s (data cache cleared each time):", "",
                  "| page | " + " | ".join(s["label"] for s in rendered) + " |",
                  "|---|" + "---:|" * len(rendered)]
        for page in names:
            lines.append(f"| {page} | " + " | ".join(
                _fmt(s["first_render_s"].get(page), 2) for s in rendered) + " |")
    lines += ["", "Peak memory (MB) per command:", "",
              "| size | " + " | ".join(_PEAK_COMMANDS) + " |", "|---|" + "---:|" * len(_PEAK_COMMANDS)]
    for s in sizes:
        lines.append(f"| {s['label']} | " + " | ".join(
            _fmt((s.get("peak_rss_mb") or {}).get(c), 0) for c in _PEAK_COMMANDS) + " |")
    return "\n".join(lines)


def _page_cell(detail: dict | None) -> str:
    if not detail:
        return "–"
    if "first_view_p95_ms" not in detail:  # measured before the first-view figures existed
        return f"cold {detail['cold_p95_ms']:,.0f} / warm {detail['warm_p95_ms']:,.0f}"
    return (f"{detail['first_view_p95_ms']:,.0f} / {detail['later_view_p95_ms']:,.0f} / "
            f"{detail['cold_p95_ms']:,.0f}")


_PEAK_COMMANDS = ["generate", "floor", "gx_baseline", "load", "incremental", "page_queries", "first_render"]


def write_readme_table(readme: Path, results: dict) -> None:
    """Replace the text between the markers (or append the markers and the table)."""
    table = f"{README_START}\n{readme_table(results)}\n{README_END}"
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmark\n\n"
    if README_START in text and README_END in text:
        before = text.split(README_START, 1)[0]
        after = text.split(README_END, 1)[1]
        text = before + table + after
    else:
        text = text.rstrip("\n") + "\n\n" + table + "\n"
    readme.write_text(text, encoding="utf-8")
