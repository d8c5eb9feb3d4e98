"""The printable report: page 1 in plain words for the steering group, then every figure of
the dashboard's pages for evaluators, from the same metrics API calls (docs/report.md).

    from pipelines.report import build_report, render_pdf, connection_caller
    call, audit = connection_caller(con)            # or dashboard.queries.call / .audit
    report = build_report(call, Selection(cop_ids=("cop1",)), audience="evaluator", audit=audit)
    Path("report.pdf").write_bytes(render_pdf(report))
"""

from __future__ import annotations

from pipelines.report.content import (
    AUDIENCES,
    AuditCaller,
    Caller,
    Report,
    build_report,
    evaluator_allowed,
)
from pipelines.report.render import render_html, render_pdf
from pipelines.report.sources import connection_caller

__all__ = ["AUDIENCES", "AuditCaller", "Caller", "Report", "build_report", "connection_caller",
           "evaluator_allowed", "render_html", "render_pdf"]
