"""`copdash report`: a PDF or HTML file for a CoP and a period, and a plain message (exit
code 2, no traceback) for every mistake a user can make."""

from __future__ import annotations

import os

import pytest

from pipelines.cli import main
from tests.report.conftest import flat, pdf_text


def test_writes_a_pdf_and_says_so(sample_db, tmp_path, capsys):
    """One CoP and a year to an A4 PDF; the summary line names the file and the pages."""
    out = tmp_path / "steering.pdf"
    assert 0 == main(["report", "--db", str(sample_db), "--out", str(out), "--cop", "cop1",
                      "--from", "2019-01-01", "--to", "2019-12-31"])
    assert out.read_bytes().startswith(b"%PDF")
    said = flat(capsys.readouterr().out)
    assert f"Wrote {out}" in said and "1 January 2019 to 31 December 2019, 1 page" in said
    assert "Are lay members heard?" in pdf_text(out)


def test_writes_html(sample_db, tmp_path):
    """--out FILE.html: the same report as one self-contained HTML file."""
    out = tmp_path / "evaluator.html"
    assert 0 == main(["report", "--db", str(sample_db), "--out", str(out), "--cop", "cop1",
                      "--audience", "evaluator"])
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Participation equity" in html


def test_empty_period_writes_a_report_that_says_so(sample_db, tmp_path, capsys):
    """No meeting in 2040: exit 0, a one-page report saying there is nothing to report."""
    out = tmp_path / "empty.pdf"
    assert 0 == main(["report", "--db", str(sample_db), "--out", str(out), "--cop", "cop1",
                      "--from", "2040-01-01"])
    assert "There were no meetings in this period" in flat(pdf_text(out))
    assert "nothing to report" in flat(capsys.readouterr().out)


@pytest.mark.parametrize(("arguments", "message"), [
    (["--cop", "nope"], "--cop nope: no such CoP in the database. Use one of: cop1, cop2, cop3."),
    (["--from", "2019-13-01"], "--from '2019-13-01' is not a date. Write it as YYYY-MM-DD"),
    (["--from", "2020-01-01", "--to", "2019-01-01"], "--from 2020-01-01 is after --to 2019-01-01"),
])
def test_bad_selection_is_a_plain_message(sample_db, tmp_path, capsys, arguments, message):
    out = tmp_path / "r.pdf"
    assert 2 == main(["report", "--db", str(sample_db), "--out", str(out), *arguments])
    error = flat(capsys.readouterr().err)
    assert message in error and "Traceback" not in error
    assert not out.exists()


def test_missing_folder_is_a_plain_message(sample_db, tmp_path, capsys):
    out = tmp_path / "no such folder" / "r.pdf"
    assert 2 == main(["report", "--db", str(sample_db), "--out", str(out)])
    error = flat(capsys.readouterr().err)
    assert f"Cannot write {out}: the folder {out.parent} does not exist." in error


def test_unwritable_folder_is_a_plain_message(sample_db, tmp_path, capsys):
    """A folder without write permission (as a non-root user would meet it): refused before
    any work, with what to do."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root writes anywhere: a file in the way instead
            target = tmp_path / "in-the-way"
            target.write_text("")
            out = target / "r.pdf"
        else:
            out = folder / "r.pdf"
        assert 2 == main(["report", "--db", str(sample_db), "--out", str(out)])
        error = flat(capsys.readouterr().err)
        assert f"Cannot write {out}" in error and "Traceback" not in error
    finally:
        folder.chmod(0o700)


def test_wrong_suffix_and_missing_database(tmp_path, capsys):
    assert 2 == main(["report", "--db", str(tmp_path / "x.duckdb"), "--out", str(tmp_path / "r.docx")])
    assert "must end in .pdf or .html" in capsys.readouterr().err
    assert 2 == main(["report", "--db", str(tmp_path / "x.duckdb"), "--out", str(tmp_path / "r.pdf")])
    assert "No database at" in capsys.readouterr().err
