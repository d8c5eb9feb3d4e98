"""Which reports a viewer may have, asked of their caller (light: no charts, no PDF engine).

The evaluator pages need member-level rows (each lay member's record, each meeting's
chair); a caller that refuses them (issue 13's steering role raises PermissionError) gets
the steering-group summary only, whose calls are all aggregates by member type and over
time."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["AUDIENCES", "AUDIENCE_LABELS", "evaluator_allowed"]

AUDIENCES = ("steering", "evaluator")
AUDIENCE_LABELS = {"steering": "Steering-group summary (page 1)",
                   "evaluator": "Evaluator report (every figure, with definitions)"}


def evaluator_allowed(call: Callable, sel) -> bool:
    """Whether `call` gives member-level rows for `sel` (what the evaluator pages need)."""
    try:
        call("lay_members", sel)
    except PermissionError:
        return False
    return True
