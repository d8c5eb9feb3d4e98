"""Fixtures for the importer tests: the export files, and a small programme in a real
DuckDB file built through the real load (communities, members, meetings, aliases).

The programme: CoP C1 with five members; meetings M1 (2021-04-15 10:00, 90 min, online),
M2 (2021-05-04, no start time, 60 min, online), M3 (2021-06-10 18:00, 60 min, online),
M4 (2021-05-20 10:00, 60 min, online). Aliases: names for P01, P02, P04, P05, an e-mail for
P03, the diarization labels SPEAKER_00/01 for M1 only, and a general alias SPEAKER_02 (which
a diarization label must not use).
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

PROGRAMME = {
    "communities.csv": (
        "cop_id,name,started_on,ended_on\n"
        "C1,Knee pain CoP,2021-01-01,2022-12-31\n"
    ),
    "members.csv": (
        "member_id,cop_id,member_type,role,is_facilitator\n"
        "P01,C1,lay,patient,false\n"
        "P02,C1,clinical,physiotherapist,false\n"
        "P03,C1,non_clinical,service lead,false\n"
        "P04,C1,lay,carer,false\n"
        "P05,C1,non_clinical,knowledge broker,true\n"
    ),
    "meetings.csv": (
        "meeting_id,cop_id,held_on,start_time,duration_min,mode,meeting_type\n"
        "M1,C1,2021-04-15,10:00,90,online,cop\n"
        "M2,C1,2021-05-04,,60,online,steering_group\n"
        "M3,C1,2021-06-10,18:00,60,online,cop\n"
        "M4,C1,2021-05-20,10:00,60,online,cop\n"
    ),
    "member_aliases.csv": (
        "alias,meeting_id,member_id\n"
        "Alice Smith,,P01\n"
        "Bob Jones,,P02\n"
        "carol@nhs.net,,P03\n"
        "Dan Green,,P04\n"
        "Fay Host,,P05\n"
        "SPEAKER_00,M1,P01\n"
        "SPEAKER_01,M1,P02\n"
        "SPEAKER_02,,P03\n"
    ),
}


@pytest.fixture
def fixture_bytes():
    """The bytes of an export fixture, by file name."""
    return lambda name: (FIXTURES / name).read_bytes()


def build_programme(tmp_path: Path) -> Path:
    """Write the programme's canonical files and load them with the real `load_paths`."""
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
    """A real database holding the programme above, for one test."""
    return build_programme(tmp_path)


@pytest.fixture(scope="module")
def shared_programme_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same database shared by the examples of a property-based test."""
    return build_programme(tmp_path_factory.mktemp("shared"))


# The Import meeting files page runs as `make run` runs it: local mode, the manager (its
# imports now go through access, the upload limits and the audit trail: dashboard/imports.py).
from tests.local_mode import local_server_address  # noqa: E402, F401  (autouse)
