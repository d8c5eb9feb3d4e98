"""`copdash demo`: the sample programme in a user data folder, and the dashboard on it.

For someone who installed copdash with `pip install .` (Windows, macOS, Linux; no `make`,
no repository): the sample files shipped with the package (`PROJECT_ROOT/sample_data`,
SYNTHETIC DATA) are loaded through the real load into `<data folder>/cop.duckdb`, then the
dashboard starts exactly as `copdash serve` starts it on 127.0.0.1 (local mode: one person,
no sign-in). The load is the ordinary one, so a second demo finds the files unchanged and
writes nothing.

The data folder is the one each system keeps for an application's data (platformdirs):
`%LOCALAPPDATA%\\copdash` on Windows, `~/Library/Application Support/copdash` on macOS,
`~/.local/share/copdash` on Linux; `--data-dir` chooses another.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from pipelines.errors import CopdashError
from pipelines.settings import PROJECT_ROOT

__all__ = ["SAMPLE_DATA", "data_dir", "demo_db", "load_sample", "port_is_free"]

SAMPLE_DATA = PROJECT_ROOT / "sample_data"
DB_NAME = "cop.duckdb"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The folder the demo keeps its database in (created if missing)."""
    if explicit is not None:
        folder = Path(explicit).expanduser().resolve()
    else:
        import platformdirs

        folder = platformdirs.user_data_path("copdash", appauthor=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CopdashError(f"{folder}: cannot create the demo's data folder ({error.strerror}). "
                           "Choose another with --data-dir.") from None
    return folder


def demo_db(folder: Path) -> Path:
    return folder / DB_NAME


def load_sample(db: Path, progress=None):
    """Load the shipped sample programme into `db` (the real load: nothing new the second
    time) and record a load that changed the database in the audit trail."""
    from pipelines import audit_trail
    from pipelines.load import load_paths

    if not SAMPLE_DATA.is_dir():
        raise CopdashError(f"{SAMPLE_DATA}: the sample programme is missing from this "
                           "installation. Reinstall copdash (pip install .).")
    report = load_paths([SAMPLE_DATA], db, progress=progress)
    if report.ok and not report.unchanged:
        audit_trail.record("loaded", audit_trail.os_user(),
                           f"the sample programme (copdash demo): {report.rows_loaded} rows "
                           f"loaded, {report.rows_quarantined} quarantined", db_path=db)
    return report


def port_is_free(port: int, address: str = "127.0.0.1") -> bool:
    """Whether nothing listens on `address:port` now (so the dashboard can)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((address, port))
        except OSError:
            return False
    return True
