"""A tiny valid programme written as canonical CSV files, for the loader's tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

MINI = {
    "communities.csv": (
        "cop_id,name,started_on,ended_on\n"
        "C1,Knee pain CoP,2020-01-01,2021-12-31\n"
    ),
    "members.csv": (
        "member_id,cop_id,member_type,role,is_facilitator\n"
        "M1,C1,lay,patient,false\n"
        "M2,C1,clinical,physiotherapist,false\n"
        "M3,C1,non_clinical,facilitator,true\n"
    ),
    "meetings.csv": (
        "meeting_id,cop_id,held_on,duration_min,mode,meeting_type\n"
        "MT1,C1,2020-02-01,90,in_person,cop\n"
        "MT2,C1,2020-05-01,60,online,cop\n"
    ),
    "attendance.csv": (
        "meeting_id,member_id,status,attended_via\n"
        "MT1,M1,present,in_person\n"
        "MT1,M2,present,in_person\n"
        "MT2,M1,present,online\n"
        "MT2,M2,apologies,\n"
    ),
    "speaking_turns.csv": (
        "turn_id,meeting_id,member_id,channel,start_s,duration_s,source\n"
        "T1,MT1,M1,voice,0,30,observation\n"
        "T2,MT1,M2,voice,30,60,observation\n"
        "T3,MT2,M1,chat,100,0,chat_log\n"
    ),
}


def write_folder(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def mini_folder(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "mini", MINI)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "db" / "cop.duckdb"


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: what 'the database content' means in these tests."""
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() order by table_name").fetchall()]
        return {n: sorted(con.execute(f'select * from "{n}"').fetchall(), key=repr) for n in names}


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
