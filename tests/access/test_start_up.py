"""Fail closed at start-up (dashboard/auth.py, gated in dashboard/app.py): every way the
sign-in can be missing or wrong ends in a plain message and no data, never an open app."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.settings import PROJECT_ROOT

APP = PROJECT_ROOT / "dashboard" / "app.py"
UNREACHABLE = "http://127.0.0.1:9/.well-known/openid-configuration"  # port 9: nothing listens


def _auth(metadata_url: str = UNREACHABLE, **changes: object) -> dict:
    auth = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c" * 32,
            "client_id": "copdash", "client_secret": "secret",
            "server_metadata_url": metadata_url}
    auth.update(changes)
    return {k: v for k, v in auth.items() if v is not None}


def _run(auth: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    if auth is not None:
        at.secrets["auth"] = auth
    at.user = user or {"is_logged_in": False}
    at.run()
    return at


def _shows_no_data(at: AppTest) -> bool:
    return not (at.dataframe or at.metric or at.get("plotly_chart") or at.sidebar.multiselect)


@pytest.fixture
def discovery() -> Iterator[str]:
    """A local HTTP server answering the provider's discovery URL (enough to be 'reachable')."""

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/openid-configuration"
    server.shutdown()


def test_local_mode_on_127_0_0_1_says_local_single_user(use_access_db: Path, server_address) -> None:
    server_address("127.0.0.1")
    at = _run()
    assert any("Local, single user" in c.value for c in at.sidebar.caption)
    assert at.title[0].value == "Overview"


def test_an_open_address_without_sign_in_shows_no_data(use_access_db: Path, server_address) -> None:
    server_address("0.0.0.0")
    at = _run()
    assert "open address without sign-in" in at.error[0].value
    assert _shows_no_data(at)


def test_an_open_address_without_sign_in_runs_with_the_operators_flag(
        use_access_db: Path, server_address, monkeypatch: pytest.MonkeyPatch) -> None:
    server_address("0.0.0.0")
    monkeypatch.setenv("COPDASH_ALLOW_NO_SIGN_IN", "1")
    at = _run()
    assert any("Local, single user" in c.value for c in at.sidebar.caption)


def test_sign_in_set_up_without_a_client_secret_names_what_is_missing(
        use_access_db: Path, server_address) -> None:
    server_address("0.0.0.0")
    at = _run(_auth(client_secret=None))
    assert "lacks client_secret" in at.error[0].value
    assert _shows_no_data(at)


def test_an_unreachable_provider_says_so_and_shows_no_data(use_access_db: Path,
                                                          server_address) -> None:
    server_address("0.0.0.0")
    at = _run(_auth(UNREACHABLE))
    assert "does not answer" in at.error[0].value
    assert _shows_no_data(at)


def test_signed_out_sees_a_sign_in_button_and_no_figures(use_access_db: Path, server_address,
                                                         discovery: str) -> None:
    server_address("0.0.0.0")
    at = _run(_auth(discovery))
    assert [b.label for b in at.button] == ["Sign in"]
    assert _shows_no_data(at)


def test_a_signed_in_stranger_is_told_whom_to_ask_and_shown_no_data(use_access_db: Path,
                                                                   server_address) -> None:
    server_address("0.0.0.0")
    at = _run(_auth(), {"is_logged_in": True, "email": "stranger@example.org"})
    assert "stranger@example.org" in at.warning[0].value
    assert "Ask Ana, the programme manager (ana@example.org)" in at.warning[0].value
    assert _shows_no_data(at)


def test_a_missing_roles_file_shows_no_data(use_access_db: Path, server_address,
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server_address("0.0.0.0")
    monkeypatch.setenv("COPDASH_ROLES", str(tmp_path / "roles.toml"))
    at = _run(_auth(), {"is_logged_in": True, "email": "manager@example.org"})
    assert "no roles file" in at.error[0].value
    assert _shows_no_data(at)


def test_a_roles_file_with_a_misspelt_role_shows_no_data(use_access_db: Path, server_address,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    server_address("0.0.0.0")
    roles = tmp_path / "roles.toml"
    roles.write_text('[people]\n"manager@example.org" = "boss"\n', encoding="utf-8")
    monkeypatch.setenv("COPDASH_ROLES", str(roles))
    at = _run(_auth(), {"is_logged_in": True, "email": "manager@example.org"})
    assert "'boss'" in at.error[0].value
    assert _shows_no_data(at)
