"""The Import page's work: save uploads under their own names and run the real load.

The load module (and through it the contracts and great_expectations) is imported only
when the user presses a button, so that opening the dashboard never pays for it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

__all__ = ["import_meeting_files", "kept_table", "load_uploads", "quarantined_rows",
           "report_table", "safe_name"]


def safe_name(name: str) -> str:
    """The upload's own file name, without any folder part a browser might send."""
    return Path(name.replace("\\", "/")).name or "upload"


def load_uploads(uploads: Iterable, *, dry_run: bool,
                 progress: Callable[[int, int, str], None] | None = None):
    """Save the uploaded files in a temporary folder and load that folder (the manager's
    only, refused with `access.Refused` otherwise; over the user's upload limits, refused
    with `UploadRefused` before a file is read; a real load goes in the audit trail).

    The load works in a copy of the database (pipelines/load), so while it runs every other
    user's pages go on reading the live file, as it was before the upload."""
    from dashboard import auth
    from pipelines import access, audit_trail
    from pipelines.load import load_paths
    from pipelines.settings import get_settings
    from pipelines.upload_limits import admit

    user = auth.current_user()
    access.check(user, "import_files")
    db_path = get_settings().db_path
    files = [(safe_name(upload.name), upload.getvalue()) for upload in uploads]
    admit(user.id, files, db_path=db_path)
    names = [name for name, _ in files]
    with tempfile.TemporaryDirectory(prefix="copdash-upload-") as folder:
        for name, data in files:
            (Path(folder) / name).write_bytes(data)
        report = load_paths([folder], db_path, dry_run=dry_run, progress=progress)
    if not dry_run:
        audit_trail.record("imported", user.id, f"{', '.join(names)}: {report.rows_loaded} rows "
                           f"loaded, {report.rows_quarantined} quarantined", db_path=db_path)
    return report


def import_meeting_files(files: list[tuple[str, bytes]], meeting_id: str, *, dry_run: bool,
                         **options):
    """`pipelines.importers.import_meeting_files` for the signed-in user: the manager's only
    (`access.Refused`), within their upload limits (`UploadRefused`; the page's automatic
    check of the same files counts once), and a real import goes in the audit trail."""
    from dashboard import auth
    from pipelines import access, audit_trail, importers
    from pipelines.settings import get_settings
    from pipelines.upload_limits import admit

    user = auth.current_user()
    access.check(user, "import_files")
    db_path = get_settings().db_path
    files = [(safe_name(name), data) for name, data in files]
    admit(user.id, files, db_path=db_path, once_per_content=dry_run)
    report = importers.import_meeting_files(files, meeting_id, dry_run=dry_run, **options)
    if not dry_run:
        loaded = report.load
        audit_trail.record("imported", user.id, f"{', '.join(n for n, _ in files)} into "
                           f"{meeting_id}: {loaded.rows_loaded if loaded else 0} rows loaded, "
                           f"{loaded.rows_quarantined if loaded else 0} quarantined",
                           db_path=db_path)
    return report


def report_table(report) -> pd.DataFrame:
    """One row per file of a LoadReport, for display and download."""
    return pd.DataFrame(
        [{"dataset": f.dataset, "file": safe_name(f.source_file), "rows_read": f.rows_read,
          "rows_loaded": f.rows_loaded, "rows_quarantined": f.rows_quarantined,
          "status": f.status, "warnings": "; ".join(f.warnings)} for f in report.files],
        columns=["dataset", "file", "rows_read", "rows_loaded", "rows_quarantined", "status",
                 "warnings"],
    )


def quarantined_rows(report) -> pd.DataFrame:
    """Every quarantined row of the report, with its file."""
    parts = [f.quarantined.assign(file=safe_name(f.source_file), dataset=f.dataset)
             for f in report.files if f.quarantined is not None and len(f.quarantined)]
    if not parts:
        return pd.DataFrame()
    frame = pd.concat(parts, ignore_index=True)
    first = [c for c in ("dataset", "file", "line_number", "rule", "message") if c in frame]
    return frame[first + [c for c in frame.columns if c not in first]]


def kept_table(report) -> pd.DataFrame:
    """What a meeting-file import leaves as stored while a name is unmatched (ImportReport.kept),
    one row per member and dataset, in words."""
    return pd.DataFrame(
        [{"Member": k.member_id,
          "What is kept": k.describe().split(": ", 1)[1]} for k in report.kept],
        columns=["Member", "What is kept"])
