"""Hostile meeting exports given to `copdash import` or uploaded on the Import meeting files
page (issue 19): refused by `parse_export` before any parser opens them."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipelines import limits
from pipelines.errors import FileProblem
from pipelines.importers import parse_export


def _docx_bomb() -> bytes:
    """A zip with a .docx's main part padded with 30 MB of spaces (stored in about 30 KB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * 30_000_000)
    return buffer.getvalue()


def test_a_docx_zip_bomb_is_refused_before_it_is_opened():
    """30 MB from about 30 KB is about 1,000 times (the limit is 200): refused as a zip bomb,
    naming the file."""
    with pytest.raises(FileProblem) as refused:
        parse_export("meeting.docx", _docx_bomb())
    assert "meeting.docx" in str(refused.value)
    assert "zip bomb" in str(refused.value)


def test_an_export_over_the_size_limit_is_refused(monkeypatch):
    """With the limit at 100 bytes, a 101-byte WebVTT file is refused by its size."""
    monkeypatch.setattr(limits, "MAX_EXPORT_BYTES", 100)
    data = b"WEBVTT\n\n" + b"x" * 93  # 8 + 93 = 101 bytes
    with pytest.raises(FileProblem) as refused:
        parse_export("talk.vtt", data)
    assert "talk.vtt: the file is 101 bytes; a meeting export may be at most 100 bytes" in str(refused.value)
