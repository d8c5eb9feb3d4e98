"""End to end: chromium signs in to `streamlit run dashboard/app.py` against a real OpenID
Connect server started by the test (`oidc-provider-mock`), as each role, and checks the
pages each role is offered, what it cannot open, and what its downloads hold.

The app runs with `[auth]` in `.streamlit/secrets.toml` of its working folder (as in a
deployment) and the roles file beside its database. Debian's chromium, as the dashboard's
browser tests (tests/dashboard/browser_helpers.py)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT
from tests.access.conftest import EMAILS
from tests.dashboard.browser_helpers import (
    WAIT_MS,
    chromium_tab,
    free_port,
    require_chromium,
    wait_until_idle,
)

MEMBER_ID = re.compile(r"\bcop\d+-m\d+\b")  # the sample's member ids
NAV = '[data-testid="stSidebarNav"] a'
EXPECTED_PAGES = {  # the navigation's page titles per role (pipelines.access.PAGES)
    "manager": {"Overview", "Participation equity", "In person vs online", "Cost and value",
                "Recommendation uptake", "Surveys", "Lay members", "Data quality",
                "Import files", "Import meeting files", "Live logger"},
    "evaluator": {"Overview", "Participation equity", "In person vs online", "Cost and value",
                  "Recommendation uptake", "Surveys", "Lay members", "Data quality"},
    "steering": {"Overview", "Participation equity", "In person vs online",
                 "Recommendation uptake", "Surveys", "Lay members"},
}


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub=email, claims={"email": email}) for email in EMAILS.values()]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def app(access_db: Path, provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard with sign-in configured, on a free port; its address."""
    require_chromium()
    port = free_port()
    folder = tmp_path_factory.mktemp("signed-app")
    (folder / ".streamlit").mkdir()
    shutil.copy(PROJECT_ROOT / ".streamlit" / "config.toml", folder / ".streamlit")
    (folder / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{"k" * 40}"\n'
        'client_id = "copdash"\nclient_secret = "copdash-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8")
    env = {**os.environ, "COPDASH_DB": str(access_db), "COPDASH_BOOTSTRAP_RESAMPLES": "200",
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("COPDASH_ALLOW_NO_SIGN_IN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard" / "app.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true"],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"streamlit did not start:\n{output[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def signed_in(app: str, email: str) -> Iterator:
    """A tab signed in as `email`: the app's Sign in button, then the provider's page."""
    with chromium_tab() as tab:
        tab.goto(app)
        tab.get_by_role("button", name="Sign in").click()
        tab.get_by_role("button", name=email).click()  # the provider's one-click user
        tab.wait_for_url(re.compile(rf"^{re.escape(app)}"), timeout=WAIT_MS)
        tab.wait_for_selector("h1", timeout=WAIT_MS)
        wait_until_idle(tab)
        yield tab


def _nav(tab) -> set[str]:
    return {link.inner_text().strip().splitlines()[-1] for link in tab.locator(NAV).all()}


def _downloads(tab, limit: int = 3) -> list[str]:
    """The first `limit` CSV downloads of the page, as text."""
    found = []
    for button in tab.get_by_role("button", name=re.compile(r"Download .*\(CSV\)")).all()[:limit]:
        with tab.expect_download(timeout=WAIT_MS) as info:
            button.click()
        found.append(Path(info.value.path()).read_text(encoding="utf-8"))
    return found


def test_a_browser_not_signed_in_sees_a_sign_in_button_and_no_figures(app: str) -> None:
    with chromium_tab() as tab:
        tab.goto(app)
        tab.get_by_role("button", name="Sign in").wait_for(timeout=WAIT_MS)
        wait_until_idle(tab)
        assert tab.locator(".js-plotly-plot").count() == 0
        assert tab.locator('[data-testid="stMetric"]').count() == 0
        assert _nav(tab) == set()


@pytest.mark.parametrize("role", ["manager", "evaluator", "steering"])
def test_each_role_is_offered_its_pages(app: str, role: str) -> None:
    with signed_in(app, EMAILS[role]) as tab:
        assert f"Signed in as {EMAILS[role]} ({role})" in tab.inner_text("body")
        assert _nav(tab) == EXPECTED_PAGES[role]


def test_steering_cannot_open_the_cost_page_by_its_address(app: str) -> None:
    with signed_in(app, EMAILS["steering"]) as tab:
        tab.goto(f"{app}/cost")
        tab.wait_for_selector("h1", timeout=WAIT_MS)
        wait_until_idle(tab)
        assert "Cost and value" not in [h.inner_text() for h in tab.locator("h1").all()]


def test_steering_downloads_on_the_lay_members_page_hold_no_member_id(app: str) -> None:
    with signed_in(app, EMAILS["steering"]) as tab:
        tab.goto(f"{app}/lay_members")
        tab.wait_for_selector("h1", timeout=WAIT_MS)
        wait_until_idle(tab)
        assert "not available for your role" in tab.inner_text("body")
        files = _downloads(tab)
        assert files and not any(MEMBER_ID.search(text) for text in files)


def test_the_evaluator_downloads_the_lay_members_rows(app: str) -> None:
    # The same page as the evaluator: the member table's download has the member ids.
    with signed_in(app, EMAILS["evaluator"]) as tab:
        tab.goto(f"{app}/lay_members")
        tab.wait_for_selector("h1", timeout=WAIT_MS)
        wait_until_idle(tab)
        files = _downloads(tab, limit=10)
        assert any(MEMBER_ID.search(text) for text in files)


def test_an_observer_is_offered_only_the_live_logger(app: str) -> None:
    # access.PAGES: the logger is the observer's only page (issue 13 item 2, issue 14)
    with signed_in(app, EMAILS["observer"]) as tab:
        assert _nav(tab) <= {"Live logger"}
        assert "Start recording" in tab.inner_text("body")


def test_an_observer_sees_no_figures(app: str) -> None:
    with signed_in(app, EMAILS["observer"]) as tab:
        assert tab.locator(".js-plotly-plot").count() == 0
        assert "share of talk" not in tab.inner_text("body").lower()
