"""The report's contract with its caller: every figure through `call`, refusals (roles,
issue 13) turned into words, and definitions read from docs/metrics.md."""

from __future__ import annotations

from html import unescape

from pipelines.metrics import Selection
from pipelines.report import build_report, connection_caller, evaluator_allowed, render_html
from pipelines.report.definitions import SECTIONS, definitions

SEL = Selection(cop_ids=("h",))


def _steering_only(call):
    """A caller as a steering-group viewer's would be: member-level rows refused."""
    def refusing(name, sel=None, **kwargs):
        if name in ("lay_members", "meeting_summary"):
            raise PermissionError(f"{name}: not for the steering role")
        return call(name, sel, **kwargs)
    return refusing


def test_every_figure_comes_through_the_caller(hand_con):
    """The report asks only for metrics API functions (by name) and audit reads."""
    call, audit = connection_caller(hand_con)
    asked = []

    def recording(name, sel=None, **kwargs):
        asked.append(name)
        return call(name, sel, **kwargs)

    build_report(recording, SEL, audience="evaluator", audit=audit)
    from pipelines import metrics
    assert set(asked) <= set(metrics.__all__)
    assert {"pooled_equity", "mode_comparison", "survey_summary", "uptake_funnel",
            "cost_totals"} <= set(asked)


def test_steering_page_needs_no_member_level_call(hand_con):
    """A steering viewer's caller refuses member-level rows; page 1 needs none."""
    call, audit = connection_caller(hand_con)
    report = build_report(_steering_only(call), SEL, audience="steering", audit=audit)
    assert "not available" not in render_html(report)


def test_refused_section_says_so(hand_con):
    """An evaluator report over a refusing caller: the refused parts say they are not
    available to the viewer's role; the rest is there; the probe says no."""
    call, audit = connection_caller(hand_con)
    refusing = _steering_only(call)
    html = unescape(render_html(build_report(refusing, SEL, audience="evaluator", audit=audit)))
    assert "Each lay member's record is not available to your role." in html
    assert "Each meeting's figures are not available to your role." in html
    assert "Participation equity" in html and "In person versus online" in html
    assert not evaluator_allowed(refusing, SEL)
    assert evaluator_allowed(call, SEL)


def test_definitions_are_read_from_the_metrics_doc():
    """Every section the report prints is in docs/metrics.md (a renamed heading fails here)."""
    found = definitions()
    assert list(SECTIONS) == [d.title for d in found]
    assert all(d.found and d.html for d in found)


def test_header_text_cannot_break_out_of_its_css_string():
    """A CoP name with quotes, braces and '</style>' becomes one CSS string: no raw quote,
    angle bracket or brace survives (each is a hex escape, ended by a space)."""
    from pipelines.report.render import _css_string

    text = str(_css_string('CoP "A"; } body { display: none } </style>'))
    inner = text[1:-1]
    assert text.startswith('"') and text.endswith('"')
    assert not set('"<>{};') & set(inner)
    assert "\\000022 A\\000022 " in inner  # the quotes round A, escaped
