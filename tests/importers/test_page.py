"""The Import meeting files page runs against a real database."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGE = Path(__file__).resolve().parents[2] / "dashboard" / "pages" / "import_meeting_files.py"
FIXTURES = Path(__file__).parent / "fixtures"


def test_page_offers_meetings_newest_first(programme_db, monkeypatch):
    """The meeting picker lists the meetings newest first and waits for files."""
    monkeypatch.setenv("COPDASH_DB", str(programme_db))
    app = AppTest.from_file(str(PAGE), default_timeout=60).run()
    options = app.selectbox(key="meeting_import_meeting").options  # shown with date and mode
    assert (["M3", "M4", "M2", "M1"], []) == ([o.split()[0] for o in options], list(app.exception))


def _page_with(programme_db, monkeypatch, uploads, meeting_id):
    """The page with `uploads` [(name, bytes)] chosen for `meeting_id` (a real upload)."""
    monkeypatch.setenv("COPDASH_DB", str(programme_db))
    app = AppTest.from_file(str(PAGE), default_timeout=60).run()
    app.selectbox(key="meeting_import_meeting").set_value(meeting_id).run()
    app.file_uploader(key="meeting_import_files").set_value(
        [(name, data, "application/octet-stream") for name, data in uploads]).run()
    return app


def _ami_ready(programme_db):
    from pipelines.importers import add_aliases, import_meeting_files

    import_meeting_files([str(FIXTURES / "teams_dmy_utf16.csv")], "M1", db_path=programme_db)
    add_aliases([{"alias": "FEE001", "member_id": "P01", "meeting_id": "M1"},
                 {"alias": "MEE002", "member_id": "P02", "meeting_id": "M1"}], db_path=programme_db)


def test_page_offers_the_recordings_of_a_multi_recording_rttm(programme_db, monkeypatch):
    """An RTTM file with three recordings: the page asks which one, listing each with its
    number of segments (XY2001a 3, XY2001b 2, XY2001c 3), and imports nothing yet."""
    _ami_ready(programme_db)
    app = _page_with(programme_db, monkeypatch,
                     [("ami.rttm", (FIXTURES / "ami_like_multi.rttm").read_bytes())], "M1")
    box = app.selectbox(key="meeting_import_recording")
    assert (["XY2001a", "XY2001b", "XY2001c"], None, [], []) == (
        box.options and [o.split()[0] for o in box.options], box.value,
        [b for b in app.button if b.key == "meeting_import_run"], list(app.exception))


def test_page_imports_the_chosen_recording(programme_db, monkeypatch):
    """Choosing XY2001b then Import stores only its segments: FEE001 2-32 s (30 s, P01) and
    MEE002 33-45 s (12 s, P02)."""
    import duckdb

    _ami_ready(programme_db)
    app = _page_with(programme_db, monkeypatch,
                     [("ami.rttm", (FIXTURES / "ami_like_multi.rttm").read_bytes())], "M1")
    app.selectbox(key="meeting_import_recording").set_value("XY2001b").run()
    app.button(key="meeting_import_run").click().run()
    with duckdb.connect(str(programme_db), read_only=True) as con:
        turns = con.execute("select member_id, start_s, duration_s from speaking_turns "
                            "where meeting_id = 'M1' and source = 'diarization' "
                            "order by start_s").fetchall()
    assert ([("P01", 2.0, 30.0), ("P02", 33.0, 12.0)], []) == (turns, list(app.exception))


def test_page_shows_what_an_unmatched_name_keeps(programme_db, monkeypatch):
    """M2 imported once (Dan Green 60 min); the corrected report names 'Daniel Green', whom
    no alias names: before importing, the page lists Dan's stored row as kept (P04,
    attendance, 60 min attended) beside the name to match."""
    from pipelines.importers import import_meeting_files

    import_meeting_files([str(FIXTURES / "teams_mdy_utf8.csv")], "M2", db_path=programme_db)
    app = _page_with(programme_db, monkeypatch,
                     [("report.csv", (FIXTURES / "teams_mdy_renamed.csv").read_bytes())], "M2")
    kept = app.dataframe[0].value  # the page's only table
    assert ([{"Member": "P04", "What is kept": "attendance (60 min attended)"}], True, []) == (
        kept.to_dict("records"),
        any(s.label == "Person 'Daniel Green'" for s in app.selectbox), list(app.exception))
