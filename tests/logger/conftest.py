"""Fixtures for the logger tests: a small programme in a real DuckDB file (built through
the real load), and a helper that writes a journal the way the spec describes it.

The programme: CoP C1 with members P01 (lay), P02 (clinical), P03 (non_clinical), P04
(lay); meetings M1 (in person, 60 min) and M2 (hybrid, 60 min). CoP C2 with member Q01 and
meeting N1 (in person, 60 min).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PROGRAMME = {
    "communities.csv": (
        "cop_id,name,started_on,ended_on\n"
        "C1,Knee pain CoP,2021-01-01,2022-12-31\n"
        "C2,Stroke CoP,2021-01-01,2022-12-31\n"
    ),
    "members.csv": (
        "member_id,cop_id,member_type,role,is_facilitator\n"
        "P01,C1,lay,patient,false\n"
        "P02,C1,clinical,physiotherapist,false\n"
        "P03,C1,non_clinical,service lead,false\n"
        "P04,C1,lay,carer,false\n"
        "Q01,C2,lay,patient,false\n"
    ),
    "meetings.csv": (
        "meeting_id,cop_id,held_on,start_time,duration_min,mode,meeting_type\n"
        "M1,C1,2021-04-15,10:00,60,in_person,cop\n"
        "M2,C1,2021-05-04,10:00,60,hybrid,cop\n"
        "N1,C2,2021-05-04,14:00,60,in_person,cop\n"
    ),
}


def build_programme(tmp_path: Path) -> Path:
    from pipelines.load import load_paths

    folder = tmp_path / "programme"
    folder.mkdir()
    for name, text in PROGRAMME.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "cop.duckdb"
    report = load_paths([folder], db)
    assert report.ok, report.summary()
    assert 0 == report.rows_quarantined, report.summary()
    return db


@pytest.fixture
def programme_db(tmp_path: Path) -> Path:
    return build_programme(tmp_path)


def events(session_id: str, *items: tuple) -> list[dict]:
    """(at, kind, fields) tuples -> v1 events with event ids e1, e2, ... in order.

    An item may give its own id as a fourth element.
    """
    out = []
    for number, item in enumerate(items, start=1):
        at, kind, fields = item[:3]
        event_id = item[3] if len(item) > 3 else f"e{number}"
        out.append({"v": 1, "event_id": event_id, "session_id": session_id, "at": at,
                    "kind": kind, **fields})
    return out


def session(meeting_id: str = "M1", **extra) -> tuple:
    return (0, "session", {"meeting_id": meeting_id,
                           "started_at": "2021-04-15T10:00:00+01:00", **extra})


def write_journal(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in items), encoding="utf-8")
    return path
