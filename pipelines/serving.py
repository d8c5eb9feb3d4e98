"""How the dashboard is served: Streamlit's production settings, applied in code.

`.streamlit/config.toml` is read by Streamlit only when it starts in the repository root;
started anywhere else (an installed copy, a service, a container) Streamlit would listen on
every interface, accept 200 MB uploads and bring back its own table download, which skips
the formula guard of `dashboard/downloads.py`. `copdash serve` therefore passes every
setting below as a command-line option, which Streamlit ranks above any config file.

The address: 127.0.0.1 unless sign-in is configured (an `[auth]` table in the secrets file
Streamlit reads, see `st.login`). Any other address without sign-in is refused unless the
operator passes `--allow-unauthenticated`, and then a warning says what that exposes.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

from pipelines.errors import CopdashError

__all__ = [
    "APP_PATH",
    "LOCAL_ADDRESS",
    "MAX_UPLOAD_MB",
    "PRODUCTION_OPTIONS",
    "checked_address",
    "secrets_files",
    "sign_in_configured",
    "streamlit_command",
]

APP_PATH = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
LOCAL_ADDRESS = "127.0.0.1"
_LOCAL_NAMES = {"127.0.0.1", "localhost", "::1"}
# Uploads on the Import pages are canonical or meeting files; 50 MB is ample.
MAX_UPLOAD_MB = 50

# Streamlit option -> value; the same as `.streamlit/config.toml` (a test keeps them equal),
# so `make run` and `copdash serve` behave alike. Why each one: see that file's comments.
PRODUCTION_OPTIONS: dict[str, object] = {
    "browser.gatherUsageStats": False,
    "client.showErrorDetails": "none",
    "client.showErrorLinks": False,
    "client.toolbarMode": "viewer",
    "client.disableDataExport": True,
    "server.headless": True,
    "server.maxUploadSize": MAX_UPLOAD_MB,
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "server.runOnSave": False,
    "logger.level": "info",
    "runner.fastReruns": True,
    "theme.base": "light",
    "theme.textColor": "#111318",
}


def secrets_files(explicit: str | os.PathLike | None = None) -> list[Path]:
    """The secrets files Streamlit will read: the one given, else its own search order
    (the user's `~/.streamlit/secrets.toml`, then `./.streamlit/secrets.toml`)."""
    if explicit is not None:
        return [Path(explicit).resolve()]
    return [Path.home() / ".streamlit" / "secrets.toml",
            Path.cwd() / ".streamlit" / "secrets.toml"]


def sign_in_configured(files: list[Path]) -> bool:
    """True when one of the secrets files has a non-empty `[auth]` table (Streamlit's
    `st.login` settings). A file that is not valid TOML is an error, not "no sign-in"."""
    for path in files:
        if not path.is_file():
            continue
        try:
            with path.open("rb") as handle:
                secrets = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise CopdashError(f"{path}: the secrets file is not valid TOML ({exc}). Fix it "
                               "before starting the dashboard.") from None
        auth = secrets.get("auth")
        if isinstance(auth, dict) and auth:
            return True
    return False


def checked_address(address: str | None, *, signed_in: bool,
                    allow_unauthenticated: bool) -> tuple[str, str | None]:
    """The address to bind and a warning to print (or None); refuses an address other
    computers can reach when nobody has to sign in, unless explicitly allowed."""
    if address is None:
        return LOCAL_ADDRESS, None
    if address in _LOCAL_NAMES or signed_in:
        return address, None
    if not allow_unauthenticated:
        raise CopdashError(
            f"Refusing to listen on {address} without sign-in: anyone who can reach this "
            "computer would see every member's data. Configure sign-in (an [auth] table in "
            ".streamlit/secrets.toml, docs/deploy.md), or listen on 127.0.0.1, or pass "
            "--allow-unauthenticated if another layer (a proxy with its own sign-in) "
            "controls who gets in.")
    return address, (
        f"WARNING: listening on {address} WITHOUT SIGN-IN (--allow-unauthenticated). Anyone "
        "who can reach this address sees every page, including member-level data. Put a "
        "proxy with its own sign-in in front, or configure sign-in.")


def streamlit_command(*, address: str, port: int,
                      secrets: list[Path] | None = None) -> list[str]:
    """`python -m streamlit run dashboard/app.py` with every production option as a flag."""
    options = dict(PRODUCTION_OPTIONS)
    options["server.address"] = address
    options["server.port"] = port
    command = [sys.executable, "-m", "streamlit", "run", str(APP_PATH)]
    for name, value in options.items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        command.append(f"--{name}={text}")
    for path in secrets or []:
        command.append(f"--secrets.files={path}")
    return command


def serve(db: Path, *, address: str | None, port: int, secrets: str | None = None,
          allow_unauthenticated: bool = False, open_browser: bool = False) -> int:
    """Start the dashboard on `db` with the production settings; returns Streamlit's exit
    code when it stops (Ctrl+C). Working copies a killed load left are removed first."""
    import subprocess
    import threading

    from pipelines.working_copies import remove_stale_copies_if_idle

    files = secrets_files(secrets)
    if secrets is not None and not files[0].is_file():
        raise CopdashError(f"{files[0]}: no such secrets file. Give the file holding the "
                           "[auth] table, or leave --secrets out.")
    bound, warning = checked_address(address, signed_in=sign_in_configured(files),
                                     allow_unauthenticated=allow_unauthenticated)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    if db.parent.is_dir():
        remove_stale_copies_if_idle(db)
    env = dict(os.environ, COPDASH_DB=str(db), GX_ANALYTICS_ENABLED="false",
               STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    command = streamlit_command(address=bound, port=port,
                                secrets=[f for f in files if f.is_file()])
    url = f"http://{'localhost' if bound in _LOCAL_NAMES else bound}:{port}"
    print(f"copdash: serving {db} at {url} (Ctrl+C stops it)", flush=True)
    if open_browser:
        threading.Thread(target=_open_when_ready, args=(url,), daemon=True).start()
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


def wait_until_healthy(url: str, timeout_s: float = 60.0) -> bool:
    """Poll Streamlit's health endpoint until it answers `ok` (or the time is up)."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    return False


def _open_when_ready(url: str) -> None:
    import webbrowser

    if wait_until_healthy(url):
        webbrowser.open(url)
