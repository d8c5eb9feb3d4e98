"""A user limited to some CoPs (roles file: `cops = [...]`) never reads another CoP's rows,
also through the audit reads: loading history, quarantine, the live logger's set-up, and
the Data quality page (dashboard/queries.py `audit`, pipelines/access.py PROGRAMME_WIDE).

The sample programme: cop1 has 23 in-person and 9 online meetings, cop2 9 hybrid, 1 in
person and 9 online, cop3 25 online; members: cop1 20, cop2 15, cop3 40."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth, queries
from pipelines import access
from pipelines.access import Refused, Role, User
from pipelines.metrics import Selection
from pipelines.settings import PROJECT_ROOT

COP2_EVALUATOR = User("eve@example.org", Role.EVALUATOR, frozenset({"cop2"}))
COP2_OBSERVER = User("obi@example.org", Role.OBSERVER, frozenset({"cop2"}))
EVALUATOR = User("e@example.org", Role.EVALUATOR)
# The loading reads an evaluator may make when they see every CoP.
LOADING_READS = sorted(name for name in access.PROGRAMME_WIDE
                       if access.allowed(EVALUATOR, name))


def _as(monkeypatch: pytest.MonkeyPatch, user: User) -> None:
    monkeypatch.setattr(auth, "current_user", lambda: user)


def test_an_evaluator_of_every_cop_reads_the_loading_history(use_access_db: Path,
                                                             monkeypatch) -> None:
    """The reads below are an evaluator's (so refusing them to cop2's evaluator is the
    narrowing, not the role): loads, row counts, contract results, quarantine counts."""
    _as(monkeypatch, EVALUATOR)
    assert ["contract_results", "quarantine_by_rule", "quarantine_count", "recent_loads",
            "row_counts"] == LOADING_READS
    assert 11 == len(queries.audit("recent_loads"))  # the sample's 11 files


@pytest.mark.parametrize("name", LOADING_READS)
def test_an_evaluator_of_one_cop_is_refused_every_cops_loading(use_access_db: Path,
                                                               monkeypatch, name: str) -> None:
    """A file's counts and quarantined rows hold every CoP's rows: refused, saying why."""
    _as(monkeypatch, COP2_EVALUATOR)
    with pytest.raises(Refused, match="covers every CoP"):
        queries.audit(name)


def test_an_observer_of_one_cop_is_offered_only_their_cops_meetings(use_access_db: Path,
                                                                    monkeypatch) -> None:
    """The live logger lists in-person and hybrid meetings: cop2 has 9 hybrid + 1 in person
    = 10 (cop1's 23 in-person meetings are not offered)."""
    _as(monkeypatch, COP2_OBSERVER)
    meetings = queries.audit("logger_meetings")
    assert {"cop2"} == set(meetings["cop_id"])
    assert 10 == len(meetings)


def test_an_observer_of_one_cop_gets_no_members_of_another(use_access_db: Path,
                                                           monkeypatch) -> None:
    """Asking for cop1's members (a page's parameter, not their choice) finds none; their
    own CoP's 15 members are listed."""
    _as(monkeypatch, COP2_OBSERVER)
    assert queries.audit("logger_members", cop_id="cop1").empty
    assert 15 == len(queries.audit("logger_members", cop_id="cop2"))


def test_an_evaluator_of_one_cop_sees_data_quality_of_their_meetings_only(
        use_access_db: Path, monkeypatch) -> None:
    """The per-meeting data quality rows: cop2's 19 meetings, as the manager's rows for
    cop2 (the same query, narrowed)."""
    _as(monkeypatch, User("m@example.org", Role.MANAGER))
    managers = queries.call("data_quality", Selection(cop_ids=("cop2",)))
    _as(monkeypatch, COP2_EVALUATOR)
    theirs = queries.call("data_quality", Selection())
    assert {"cop2"} == set(theirs["cop_id"])
    assert 19 == len(theirs) == len(managers)


def test_the_data_quality_page_shows_a_one_cop_evaluator_no_loading_table(
        use_access_db: Path, monkeypatch) -> None:
    """Opened by cop2's evaluator, the Data quality page runs without an error, shows the
    plain "not available" note and no table (the loading history covers every CoP)."""
    _as(monkeypatch, COP2_EVALUATOR)
    page = PROJECT_ROOT / "dashboard" / "pages" / "data_quality.py"
    at = AppTest.from_file(str(page), default_timeout=120).run()
    assert [] == [e.value for e in at.exception]
    assert [] == at.dataframe
    assert any("every CoP" in i.value for i in at.info)


def test_a_one_cop_evaluators_report_leaves_out_the_whole_databases_counts(
        use_access_db: Path, monkeypatch) -> None:
    """The evaluator report, as the Overview's download builds it, for cop2's evaluator:
    built without a refusal, about cop2 only, and without the table of rows stored per
    dataset in the whole database (which the manager's report has)."""
    from pipelines.report import build_report, render_html

    def html_for(user: User) -> str:
        _as(monkeypatch, user)
        return render_html(build_report(queries.call, Selection(), audience="evaluator",
                                        audit=queries.audit_if_allowed, k=5))

    assert "per dataset (whole database)" in html_for(User("m@example.org", Role.MANAGER))
    theirs = html_for(COP2_EVALUATOR)
    assert "per dataset (whole database)" not in theirs
    assert "cop1" not in theirs
