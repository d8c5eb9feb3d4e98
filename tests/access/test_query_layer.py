"""Forbidden data never leaves the query layer (dashboard/queries.py), on the sample
programme in a real DuckDB file: every function in the policy is called as each role
through `queries.call` / `queries.audit`, the one door every page and download uses.

The signed-in user is set by replacing `auth.current_user` (who is asking), never the
database or the metrics."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import auth, queries
from pipelines import access
from pipelines.access import Level, Refused, Role, User
from pipelines.metrics import Selection

AUDIT_READS = {"recent_loads", "load_freshness", "row_counts", "quarantine_rows",
               "quarantine_count", "quarantine_fixing_rows", "quarantine_for_fixing",
               "marts_current", "contract_results", "quarantine_by_rule", "audit_trail"}
NO_SELECTION = {"communities", "date_bounds", "instruments"}


def _ask(name: str, sel: Selection | None = None):
    if name in AUDIT_READS:
        return queries.audit(name)
    if name in NO_SELECTION:
        return queries.call(name)
    return queries.call(name, sel or Selection())


def _as(monkeypatch: pytest.MonkeyPatch, user: User | None) -> None:
    monkeypatch.setattr(auth, "current_user", lambda: user)


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.STEERING, Role.OBSERVER])
def test_every_function_a_role_may_not_read_is_refused_before_it_runs(
        use_access_db: Path, monkeypatch: pytest.MonkeyPatch, role: Role) -> None:
    _as(monkeypatch, User("someone@example.org", role))
    forbidden = [n for n, level in access.POLICY.items() if level not in access.ALLOWED[role]]
    assert forbidden  # each of these roles is refused something
    for name in forbidden:
        with pytest.raises(Refused):
            _ask(name)


def test_nobody_signed_in_gets_nothing_at_all(use_access_db: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _as(monkeypatch, None)
    for name in access.POLICY:
        with pytest.raises(Refused):
            _ask(name)


def test_a_query_nobody_classified_is_refused_to_steering(use_access_db: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # cost_rows is in the metrics API; pretend it was added without a POLICY entry.
    monkeypatch.delitem(access.POLICY, "cost_rows")
    _as(monkeypatch, User("s@example.org", Role.STEERING))
    with pytest.raises(Refused):
        queries.call("cost_rows", Selection())


def test_steering_per_meeting_figures_carry_no_member_id(use_access_db: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # meeting_summary has chair_member_id (a member id) for the evaluator; not for steering.
    _as(monkeypatch, User("e@example.org", Role.EVALUATOR))
    assert "chair_member_id" in queries.call("meeting_summary", Selection()).columns
    _as(monkeypatch, User("s@example.org", Role.STEERING))
    assert "chair_member_id" not in queries.call("meeting_summary", Selection()).columns


def test_a_one_cop_steering_member_sees_only_their_cops_rows(use_access_db: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # The sample has meetings in cop1, cop2 and cop3; a member of cop2's group asks for every
    # CoP and gets cop2's meetings only: 19 rows, as meetings.csv has 19 cop2 meetings.
    _as(monkeypatch, User("lee@example.org", Role.STEERING, frozenset({"cop2"})))
    meetings = queries.call("meeting_summary", Selection())
    assert set(meetings["cop_id"]) == {"cop2"}
    assert len(meetings) == 19


def test_a_one_cop_steering_member_asking_for_another_cop_gets_no_rows(
        use_access_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _as(monkeypatch, User("lee@example.org", Role.STEERING, frozenset({"cop2"})))
    assert queries.call("meeting_summary", Selection(cop_ids=("cop1",))).empty


def test_a_one_cop_steering_member_sees_their_cop_in_the_cop_list_only(
        use_access_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _as(monkeypatch, User("lee@example.org", Role.STEERING, frozenset({"cop2"})))
    assert list(queries.call("communities")["cop_id"]) == ["cop2"]


def test_a_one_cop_figure_is_the_managers_figure_for_that_cop(use_access_db: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # The same meetings count, worked out either way: the restriction only narrows the CoPs.
    _as(monkeypatch, User("m@example.org", Role.MANAGER))
    managers = queries.call("meeting_counts", Selection(cop_ids=("cop2",)))
    _as(monkeypatch, User("lee@example.org", Role.STEERING, frozenset({"cop2"})))
    theirs = queries.call("meeting_counts", Selection())
    assert int(theirs["meetings_n"].iloc[0]) == int(managers["meetings_n"].iloc[0]) == 19


def test_a_manager_reads_the_audit_trail(use_access_db: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines import audit_trail

    audit_trail.record("exported", "m@example.org", "cost summary CSV", db_path=use_access_db)
    _as(monkeypatch, User("m@example.org", Role.MANAGER))
    trail = queries.audit("audit_trail")
    assert trail.iloc[0][["event", "user_id", "detail"]].tolist() == [
        "exported", "m@example.org", "cost summary CSV"]


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.STEERING])
def test_the_steering_report_is_built_from_allowed_calls_only(
        use_access_db: Path, monkeypatch: pytest.MonkeyPatch, role: Role) -> None:
    # The report download (dashboard/report_download.py) asks queries.call for every figure;
    # the steering audience's calls are all allowed to steering, so it builds for both.
    from pipelines.report import build_report

    _as(monkeypatch, User("x@example.org", role))
    report = build_report(queries.call, Selection(), audience="steering", audit=queries.audit,
                          k=5)
    assert report.cops


def test_steering_cannot_build_the_evaluator_report(use_access_db: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.report.access import evaluator_allowed

    _as(monkeypatch, User("s@example.org", Role.STEERING))
    assert evaluator_allowed(queries.call, Selection()) is False


def test_levels_steering_may_read_hold_no_member_rows() -> None:
    assert Level.MEMBER_ROWS not in access.ALLOWED[Role.STEERING]
