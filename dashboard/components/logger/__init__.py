"""The live logger's recorder, a Streamlit custom component (index.html, logger.js,
logger.css beside this file, served as they are: no build step, no npm).

The browser takes every time at the tap and keeps every event in localStorage until the
journal holds it; this wrapper only passes the session in and returns what the browser
sent: {"device": its id, "nonce": ..., "events": [event, ...]} or None.
"""

from __future__ import annotations

from pathlib import Path

import streamlit.components.v1 as components

_recorder = components.declare_component("copdash_logger", path=str(Path(__file__).parent))


def recorder(*, session_id: str, people: list[dict], journal: list[dict], started_ms: int,
             started_here: bool, read_only: bool, test_clock: bool, key: str) -> dict | None:
    """Draw the recorder for `session_id`. `people`: one dict per member present
    (member_id, label, member_type, type_label, colour, where); `journal`: the events the
    server holds (the browser forgets its copies of these)."""
    return _recorder(session_id=session_id, people=people, journal=journal,
                     started_ms=started_ms, started_here=started_here, read_only=read_only,
                     test_clock=test_clock, key=key, default=None)
