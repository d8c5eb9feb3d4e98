"""The report as HTML (one self-contained file) and as a tagged A4 PDF (WeasyPrint).

One HTML document serves both: the PDF is WeasyPrint's print of it, with CSS paged media
for the running header (CoP and period), page numbers and page breaks, and `pdf_tags` for
a tagged (accessible) PDF whose charts carry their alt text. Charts are SVG, embedded as
data URIs, so both files stand alone and stay vector. Why WeasyPrint: docs/decisions.md.
"""

from __future__ import annotations

import base64
from functools import cache
from importlib import resources

from markupsafe import Markup, escape

from pipelines.report.charts import Chart
from pipelines.report.content import Report
from pipelines.report.tables import Table

__all__ = ["print_pdf", "render_html", "render_pdf"]

_AUDIENCE_LABELS = {"steering": "Steering-group summary", "evaluator": "Evaluator report"}


@cache
def _template():
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True)
    text = resources.files("pipelines.report").joinpath("templates", "report.html.j2").read_text("utf-8")
    return env.from_string(text)


@cache
def _css() -> str:
    return resources.files("pipelines.report").joinpath("templates", "report.css").read_text("utf-8")


def _css_string(text: str) -> Markup:
    """Text as a quoted CSS string for the page's margin boxes: anything but letters,
    digits and plain punctuation as a CSS hex escape, so no value can end the string or
    the <style> element."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.():-")
    return Markup('"' + "".join(c if c in safe else f"\\{ord(c):06x} " for c in str(text)) + '"')


def _chart(chart: Chart, key: str) -> Markup:
    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    read = (f'<span class="how">How to read this: {escape(chart.how_to_read)}</span>'
            if chart.how_to_read else "")
    return Markup(
        f'<figure id="chart-{escape(key)}"><figcaption><span class="chart-title">'
        f'{escape(chart.title)}</span></figcaption>'
        f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(chart.alt)}">'
        f"<figcaption>{read}</figcaption></figure>")


def _table(table: Table) -> Markup:
    numeric = set(table.numeric)
    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if c in numeric else ""}>{escape(c)}</th>'
                   for c in table.frame.columns)
    rows = []
    for values in table.frame.itertuples(index=False, name=None):
        cells = "".join(f'<td{num if c in numeric else ""}>{escape(v)}</td>'
                        for c, v in zip(table.frame.columns, values, strict=True))
        rows.append(f"<tr>{cells}</tr>")
    note = (f'<p class="table-note">How to read this: {escape(table.how_to_read)}</p>'
            if table.how_to_read else "")
    wide = ' class="wide"' if len(table.frame.columns) >= 7 else ""
    return Markup(f"<table{wide}><caption>{escape(table.title)}</caption><thead><tr>{head}</tr>"
                  f"</thead><tbody>{''.join(rows)}</tbody></table>{note}")


class _View:
    """The report with the few words the template needs beside it."""

    def __init__(self, report: Report) -> None:
        self._report = report

    def __getattr__(self, name: str):
        return getattr(self._report, name)

    @property
    def audience_label(self) -> str:
        return _AUDIENCE_LABELS[self._report.audience]


def render_html(report: Report) -> str:
    """The whole report as one HTML file (styles and charts inside it)."""
    return _template().render(report=_View(report), css=Markup(_css()), chart=_chart,
                              table=_table, css_string=_css_string)


def print_pdf(report: Report | str) -> tuple[bytes, int]:
    """The report (or its HTML) printed to a tagged A4 PDF, and its number of pages."""
    from weasyprint import HTML  # imported here: the dashboard pays for it only on a download

    html = report if isinstance(report, str) else render_html(report)
    document = HTML(string=html).render(pdf_tags=True)
    pdf = document.write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1")
    return pdf, len(document.pages)


def render_pdf(report: Report | str) -> bytes:
    """The report (or its HTML) printed to a tagged A4 PDF."""
    return print_pdf(report)[0]
