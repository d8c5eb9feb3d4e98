"""How much one signed-in user may upload on the Import pages: a size per upload and a
number of uploads per window of time.

Streamlit caps each file at 50 MB (`server.maxUploadSize`, pipelines/serving.py); an upload
of many files is capped in all at `upload_total_mb`; and one user may make at most
`uploads_per_user` uploads in any `upload_window_min` minutes (copdash.toml, or
`COPDASH_UPLOADS_PER_USER` etc.), so that one person (or one stolen session) cannot keep the
server busy parsing files. Every admitted upload is an `uploaded` event in the audit trail
(pipelines/audit_trail.py), which is also what is counted: the count holds across sessions,
browser tabs and restarts of the server. A refusal is a `refused` event.

An automatic preview (the Import meeting files page checks its files on every rerun) counts
once per set of files: `once_per_content` finds the same files' digest in the window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path

from pipelines import audit_trail
from pipelines.errors import CopdashError

__all__ = ["UploadRefused", "admit"]


class UploadRefused(CopdashError):
    """An upload over the user's limits (the message says which limit and what to do)."""


def _digest(files: Sequence[tuple[str, bytes]]) -> str:
    whole = hashlib.sha256()
    for name, content in sorted((name, hashlib.sha256(data).hexdigest()) for name, data in files):
        whole.update(f"{name}\0{content}\n".encode())
    return whole.hexdigest()[:16]


def admit(user_id: str, files: Sequence[tuple[str, bytes]], *, db_path: Path,
          once_per_content: bool = False) -> None:
    """Count this upload (file name, bytes) against `user_id`'s limits, or refuse it
    (`UploadRefused`, recorded in the audit trail) before any file is read."""
    from pipelines.settings import get_settings

    settings = get_settings()
    digest = _digest(files)
    window = settings.upload_window_min
    earlier = audit_trail.since("uploaded", user_id, window, db_path=db_path)
    if once_per_content and earlier["detail"].str.endswith(f"[{digest}]").any():
        return
    size_mb = sum(len(data) for _, data in files) / 1_000_000
    if size_mb > settings.upload_total_mb:
        _refuse(user_id, db_path, f"upload of {size_mb:.1f} MB over the {settings.upload_total_mb} MB limit",
                f"These files are {size_mb:.1f} MB together; one upload may be at most "
                f"{settings.upload_total_mb} MB. Upload them in smaller groups.")
    if len(earlier) >= settings.uploads_per_user:
        oldest = dt.datetime.strptime(earlier["at_utc"].iloc[0], "%Y-%m-%d %H:%M:%S")
        again = (oldest + dt.timedelta(minutes=window)).strftime("%H:%M")
        _refuse(user_id, db_path, f"upload limit: {len(earlier)} uploads in {window} minutes",
                f"You have uploaded files {len(earlier)} times in the last {window} minutes, "
                f"the most one person may. Try again after {again} UTC; nothing from this "
                "upload was read. (The limit is uploads_per_user in copdash.toml.)")
    names = ", ".join(name for name, _ in files)
    audit_trail.record("uploaded", user_id, f"{len(files)} file(s), {size_mb:.1f} MB: "
                       f"{names[:300]} [{digest}]", db_path=db_path)


def _refuse(user_id: str, db_path: Path, detail: str, message: str) -> None:
    audit_trail.record("refused", user_id, detail, db_path=db_path)
    raise UploadRefused(message)
