"""The app as `make run` starts it: on 127.0.0.1 without sign-in (local mode, the manager;
dashboard/auth.py). One fixture, imported by the conftests of the suites that run pages
(tests/access leaves it out: its fail-closed tests need sign-in required)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def local_server_address(monkeypatch: pytest.MonkeyPatch):
    """AppTest has no server, so the address option is set here (and the operator's flag
    for an AppTest started in a subprocess)."""
    from streamlit import config

    monkeypatch.setenv("COPDASH_ALLOW_NO_SIGN_IN", "1")
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)
