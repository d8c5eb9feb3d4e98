"""The Import meeting files page runs against a real database."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGE = Path(__file__).resolve().parents[2] / "dashboard" / "pages" / "import_meeting_files.py"


def test_page_offers_meetings_newest_first(programme_db, monkeypatch):
    """The meeting picker lists the meetings newest first and waits for files."""
    monkeypatch.setenv("COPDASH_DB", str(programme_db))
    app = AppTest.from_file(str(PAGE), default_timeout=60).run()
    options = app.selectbox(key="meeting_import_meeting").options  # shown with date and mode
    assert (["M3", "M4", "M2", "M1"], []) == ([o.split()[0] for o in options], list(app.exception))
