"""The printable report: page 1 in plain words for the steering group, then every figure of
the dashboard's pages for evaluators, from the same metrics API calls (docs/report.md).

    from pipelines.report import build_report, render_pdf, connection_caller
    call, audit = connection_caller(con)            # or dashboard.queries.call / .audit
    report = build_report(call, Selection(cop_ids=("cop1",)), audience="evaluator", audit=audit)
    Path("report.pdf").write_bytes(render_pdf(report))

Names are imported on first use, so a page that only draws the report's button does not
pay for matplotlib or WeasyPrint until someone asks for a report.
"""

from __future__ import annotations

import importlib

__all__ = ["AUDIENCES", "AuditCaller", "Caller", "Report", "build_report", "connection_caller",
           "evaluator_allowed", "print_pdf", "render_html", "render_pdf"]

_WHERE = {
    "AUDIENCES": "access", "evaluator_allowed": "access",
    "AuditCaller": "content", "Caller": "content", "Report": "content", "build_report": "content",
    "connection_caller": "sources",
    "print_pdf": "render", "render_html": "render", "render_pdf": "render",
}


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'pipelines.report' has no attribute {name!r}")
    return getattr(importlib.import_module(f"pipelines.report.{_WHERE[name]}"), name)
