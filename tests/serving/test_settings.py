"""`copdash serve` applies the production settings in code, wherever it starts, and refuses
an open address without sign-in."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pipelines.errors import CopdashError
from pipelines.serving import (
    LOCAL_ADDRESS,
    PRODUCTION_OPTIONS,
    checked_address,
    sign_in_configured,
    streamlit_command,
)
from pipelines.settings import PROJECT_ROOT

HOSTILE_CONFIG = """
[server]
maxUploadSize = 200
address = "0.0.0.0"
enableXsrfProtection = false
headless = false
[client]
disableDataExport = false
toolbarMode = "developer"
[browser]
gatherUsageStats = true
"""


def _flattened(toml: dict) -> dict[str, object]:
    return {f"{section}.{name}": value
            for section, options in toml.items() for name, value in options.items()}


def _effective_options(cwd: Path, flags: list[str]) -> dict[str, object]:
    """Streamlit's own view of its options (`streamlit config show`) run in `cwd`."""
    out = subprocess.run([sys.executable, "-m", "streamlit", "config", "show", *flags],
                         cwd=cwd, capture_output=True, text=True, check=True).stdout
    options, section = {}, ""
    for line in out.splitlines():
        if match := re.fullmatch(r"\[(\w+)\]", line.strip()):
            section = match.group(1)
        elif match := re.fullmatch(r"(\w+) = (.+)", line):
            try:
                options[f"{section}.{match.group(1)}"] = tomllib.loads(f"v = {match.group(2)}")["v"]
            except tomllib.TOMLDecodeError:
                continue  # a multi-line value: none of ours
    return options


def test_serve_options_are_the_repository_config():
    """`make run` (reading .streamlit/config.toml) and `copdash serve` (flags) behave alike:
    every option of the file has the same value in PRODUCTION_OPTIONS, and no other."""
    with (PROJECT_ROOT / ".streamlit" / "config.toml").open("rb") as handle:
        file_options = _flattened(tomllib.load(handle))
    assert file_options == PRODUCTION_OPTIONS


def test_flags_win_over_a_config_file_where_serve_starts(tmp_path):
    """Started in a folder whose .streamlit/config.toml asks for 200 MB uploads, every
    interface, no XSRF and Streamlit's table download, Streamlit still takes serve's values
    (50 MB, 127.0.0.1, XSRF on, download off, headless, no usage statistics)."""
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "config.toml").write_text(HOSTILE_CONFIG, encoding="utf-8")
    flags = streamlit_command(address=LOCAL_ADDRESS, port=8599)[5:]  # after `run APP`
    effective = _effective_options(tmp_path, flags)
    expected = {"server.maxUploadSize": 50, "server.address": "127.0.0.1",
                "server.enableXsrfProtection": True, "server.headless": True,
                "client.disableDataExport": True, "client.toolbarMode": "viewer",
                "browser.gatherUsageStats": False, "server.port": 8599}
    assert expected == {name: effective.get(name) for name in expected}


def test_default_address_is_local():
    """No --address: 127.0.0.1, whatever the sign-in, and no warning."""
    assert ("127.0.0.1", None) == checked_address(None, signed_in=False,
                                                  allow_unauthenticated=False)


def test_open_address_without_sign_in_is_refused():
    """0.0.0.0 without sign-in and without the explicit flag: refused, saying what to do."""
    with pytest.raises(CopdashError, match="--allow-unauthenticated"):
        checked_address("0.0.0.0", signed_in=False, allow_unauthenticated=False)


def test_open_address_with_the_flag_warns_loudly():
    """0.0.0.0 without sign-in but with --allow-unauthenticated: bound, with a warning."""
    address, warning = checked_address("0.0.0.0", signed_in=False, allow_unauthenticated=True)
    assert "0.0.0.0" == address
    assert warning.startswith("WARNING") and "WITHOUT SIGN-IN" in warning


def test_open_address_with_sign_in_is_allowed():
    """0.0.0.0 with sign-in configured: bound, no warning."""
    assert ("0.0.0.0", None) == checked_address("0.0.0.0", signed_in=True,
                                                allow_unauthenticated=False)


def test_an_auth_table_in_the_secrets_means_sign_in(tmp_path):
    """A secrets file with an [auth] table counts as sign-in configured; one without does not."""
    with_auth = tmp_path / "with.toml"
    with_auth.write_text('[auth]\nredirect_uri = "https://cop.example/oauth2callback"\n'
                         'cookie_secret = "x"\n', encoding="utf-8")
    without = tmp_path / "without.toml"
    without.write_text('[other]\nkey = "x"\n', encoding="utf-8")
    assert (True, False) == (sign_in_configured([with_auth]), sign_in_configured([without]))


def test_a_broken_secrets_file_is_an_error_not_an_open_app(tmp_path):
    """A secrets file that is not TOML stops serve with its name (fail closed)."""
    broken = tmp_path / "secrets.toml"
    broken.write_text("[auth\n", encoding="utf-8")
    with pytest.raises(CopdashError, match="secrets.toml"):
        sign_in_configured([broken])


def test_start_up_leaves_a_running_loads_working_copy_alone(tmp_path: Path) -> None:
    """While a load holds the writer lock (here: this test, through the same file lock a
    load takes), `copdash serve`'s start-up clean-up keeps the working copy; once the lock
    is free it removes it."""
    from filelock import FileLock

    from pipelines.working_copies import remove_stale_copies_if_idle

    db = tmp_path / "cop.duckdb"
    copy = tmp_path / "cop.duckdb.tmp-0123456789ab"
    copy.write_bytes(b"a load's working copy")
    with FileLock(tmp_path / "cop.duckdb.lock"):
        assert [] == remove_stale_copies_if_idle(db)
        assert copy.exists()
    assert [copy] == remove_stale_copies_if_idle(db)
    assert not copy.exists()
