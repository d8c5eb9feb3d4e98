"""Every page as each role, in Streamlit's AppTest, signed in the way a deployment signs in:
`[auth]` in the secrets (AppTest's `at.secrets`) and the identity Streamlit reads from the
provider's token (AppTest's `at.user`, what `st.user` returns), looked up in the sample's
roles file (tests/access/conftest.py).

A page a role may not open is not in its navigation; on a page it may open, no table
shows a member id or another member-level column unless the role may read member rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines import access
from pipelines.access import Role
from pipelines.settings import PROJECT_ROOT
from tests.access.conftest import EMAILS

APP = PROJECT_ROOT / "dashboard" / "app.py"
PAGES = sorted(p.stem for p in (APP.parent / "pages").glob("*.py") if p.stem != "__init__")
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c" * 32,
        "client_id": "copdash", "client_secret": "secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
MEMBER_ID = re.compile(r"^cop\d+-m\d+$")  # the sample's member ids: cop1-m19, ...


def signed_in(email: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email}
    at.run()
    return at


def _member_cells(at: AppTest) -> list[str]:
    found = []
    for frame in at.dataframe:
        value = frame.value
        found += [c for c in value.columns if c in access.MEMBER_COLUMNS]
        for column in value.columns:
            found += [str(v) for v in value[column] if MEMBER_ID.match(str(v))]
    return found


CASES = [(role, page) for role in Role for page in PAGES]


@pytest.mark.parametrize(("role", "page"), CASES, ids=[f"{r}-{p}" for r, p in CASES])
def test_each_role_sees_only_its_pages_and_only_its_rows(use_access_db: Path, role: Role,
                                                        page: str) -> None:
    at = signed_in(EMAILS[role])
    assert not at.exception
    if role not in access.PAGES.get(page, frozenset({Role.MANAGER})):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"pages/{page}.py")
        return
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    # an observer ticks who is present on the logger page: the CoP's pseudonymous ids
    # (never names) are what they record against
    recording = Role(role) is Role.OBSERVER and page == "logger"
    if Role(role) not in (Role.MANAGER, Role.EVALUATOR) and not recording:
        assert _member_cells(at) == []


def test_steering_sees_a_plain_note_where_the_lay_members_table_was(use_access_db: Path) -> None:
    at = signed_in(EMAILS["steering"])
    at.switch_page("pages/lay_members.py")
    at.run()
    assert any("not available for your role" in note.value for note in at.info)
    assert not any(t.value == "Lay members attendance and roles" for t in at.markdown)


def test_the_evaluator_gets_the_lay_members_rows(use_access_db: Path) -> None:
    # The same page as the evaluator shows member ids (the sample's lay members).
    at = signed_in(EMAILS["evaluator"])
    at.switch_page("pages/lay_members.py")
    at.run()
    assert _member_cells(at)


def test_a_one_cop_steering_member_is_offered_only_their_cop(use_access_db: Path) -> None:
    at = signed_in("one-cop@example.org")
    assert [str(o) for o in at.sidebar.multiselect[0].options] == [
        "Diabetic foot care CoP (synthetic)"]


def test_the_signed_in_user_and_role_are_shown(use_access_db: Path) -> None:
    at = signed_in(EMAILS["evaluator"])
    assert "Signed in as evaluator@example.org (evaluator)" in [c.value for c in at.sidebar.caption]


def test_a_manager_sees_the_audit_trail_on_the_data_quality_page(use_access_db: Path) -> None:
    # Signing in is recorded, so the manager's own sign-in is in the trail's table.
    at = signed_in(EMAILS["manager"])
    at.switch_page("pages/data_quality.py")
    at.run()
    trails = [f.value for f in at.dataframe if "user_id" in f.value.columns]
    assert trails and "manager@example.org" in list(trails[0]["user_id"])


def test_lay_member_totals_are_the_sums_of_the_rows_whoever_reads_them(use_access_db: Path) -> None:
    """A steering member's totals come from the aggregate call, an evaluator's from the
    member rows the page also shows (one query for both): the figures must be the same,
    and the evaluator's must add up from the table on their page."""
    # Worked out from sample_data's CSVs with the csv module: members.csv has 18 lay
    # members who are not facilitators; one of them (cop1-m05) attended before, has no
    # left_on and missed the last three CoP meetings of cop1 they were expected at;
    # meetings.csv has 67 meetings with a chair_member_id, 10 of them a lay member's; and
    # attendance.csv has 19 lay members' "present" rows at preparation meetings.
    seen = {}
    for role in ("steering", "evaluator"):
        at = signed_in(EMAILS[role])
        at.switch_page("pages/lay_members.py")
        at.run()
        seen[role] = {m.label: m.value for m in at.metric}
        if role == "steering":
            assert ("1 of 18 lay members attended before and missed the last three meetings "
                    "they were expected at.") in [m.value for m in at.markdown]
        else:
            rows = [f.value for f in at.dataframe if "chaired_n" in f.value.columns]
            table = max(rows, key=len)  # the whole table (the first lists who stopped coming)
            assert len(table) == 18 and min(len(r) for r in rows) == 1
            assert seen[role]["Meetings chaired by a lay member"] == f"{table['chaired_n'].sum()} of 67"
            assert seen[role]["Lay attendances at preparation sessions"] == str(
                table["preparation_attended_n"].sum())
    assert seen["steering"] == seen["evaluator"]
    assert seen["steering"]["Meetings chaired by a lay member"] == "10 of 67"
    assert seen["steering"]["Lay attendances at preparation sessions"] == "19"
