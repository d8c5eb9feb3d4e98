"""The printable report on a page: for the selection shown, the audience the viewer's
role allows, built on request with its progress shown, then offered as a PDF and as HTML.

The report asks `queries.call` and `queries.audit` for every figure, as the page does
(cached, read-only, and role-aware once issue 13's query layer refuses member-level calls
to steering-group viewers: the evaluator report is offered only when the viewer's role
may read member-level rows). The report is built only when asked (a button), never on every run,
and nothing of it is kept in st.session_state: another click builds it again, from the
cache.
"""

from __future__ import annotations

import re

import streamlit as st

from dashboard import queries
from pipelines.metrics import Selection
from pipelines.report.access import AUDIENCE_LABELS

__all__ = ["report_download"]


def _file_name(cops: str, period: str, audience: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", f"copdash {audience} {cops} {period}".lower()).strip("-")
    return stem[:100]


def report_download(sel: Selection, key: str) -> None:
    """The report's widgets: audience, a button that builds it, then its downloads."""
    st.subheader("Report for the meeting papers")
    st.caption("A printable A4 report of this selection (CoPs and dates in the sidebar): "
               "page 1 in plain words for the steering group; the evaluator version adds "
               "every figure with its interval, n and definition.")
    # asked of the role, not by reading the rows: the check ran the member-level query (80 ms
    # at 10M turns) on every page; building the report still reads through queries.call
    audiences = ["steering", "evaluator"] if queries.allowed("lay_members") else ["steering"]
    audience = st.radio("Report", audiences, format_func=AUDIENCE_LABELS.get,
                        key=f"report_audience_{key}", horizontal=True)
    if not st.button("Prepare the report", key=f"report_prepare_{key}",
                     icon=":material/picture_as_pdf:"):
        return
    from pipelines.report import build_report, print_pdf, render_html

    with st.status("Preparing the report…", expanded=True) as status:
        bar = st.progress(0.0, text="Working out the figures")

        def progress(done: int, total: int, message: str) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=f"Working out: {message}")

        report = build_report(queries.call, sel, audience=audience, audit=queries.audit_if_allowed,
                              k=queries.settings().min_group_size, progress=progress)
        bar.progress(1.0, text="Printing the PDF")
        html = render_html(report)
        pdf, pages = print_pdf(html)
        status.update(label=f"Report ready: {pages} page{'s' if pages != 1 else ''}, "
                            f"{report.cops}, {report.period}.", state="complete",
                      expanded=False)
    from dashboard import auth
    from pipelines import audit_trail

    user = auth.current_user()
    audit_trail.record("exported", user.id if user else "unknown",
                       f"{audience} report: {report.cops}, {report.period}",
                       db_path=queries.settings().db_path)
    if report.empty:
        st.info(report.empty, icon=":material/info:")
    name = _file_name(report.cops, report.period, audience)
    left, right = st.columns(2)
    left.download_button("Download the report (PDF)", pdf, file_name=f"{name}.pdf",
                         mime="application/pdf", key=f"report_pdf_{key}",
                         icon=":material/download:", on_click="ignore")
    right.download_button("Download the report (HTML)", html.encode("utf-8"),
                          file_name=f"{name}.html", mime="text/html",
                          key=f"report_html_{key}", icon=":material/download:",
                          on_click="ignore")
