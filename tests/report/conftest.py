"""Databases for the report tests: the sample programme and a small hand-worked programme,
each loaded through the real pipeline into a real DuckDB file, and helpers that read a
PDF the way a person's tools do (pdftotext, pdftoppm from Debian's poppler-utils)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipelines.load import load_paths
from pipelines.settings import PROJECT_ROOT

# The hand-worked programme (worked out in tests/report/test_report_hand.py):
# CoP h: members L1 (lay), C1, C2 (clinical), N1 (non-clinical); three in-person CoP
# meetings, everyone present; at each, 400 s of talk of which L1 50 s. CoP p: clinical
# members only, one observed meeting. CoP q: one meeting, nobody's turns recorded.
HAND = {
    "communities.csv": ("cop_id,name,started_on\nh,Hand-worked CoP,2020-01-01\n"
                        "p,Professionals-only CoP,2020-01-01\nq,Unobserved CoP,2020-01-01\n"),
    "members.csv": ("member_id,cop_id,member_type,role,is_facilitator\n"
                    "L1,h,lay,patient,false\nC1,h,clinical,,false\nC2,h,clinical,,false\n"
                    "N1,h,non_clinical,,false\nP1,p,clinical,,false\nP2,p,clinical,,false\n"
                    "Q1,q,lay,patient,false\nQ2,q,clinical,,false\n"),
    "meetings.csv": ("meeting_id,cop_id,held_on,duration_min,mode,meeting_type\n"
                     "M1,h,2020-02-01,60,in_person,cop\nM2,h,2020-03-01,60,in_person,cop\n"
                     "M3,h,2020-04-01,60,in_person,cop\nP1M,p,2020-02-01,60,online,cop\n"
                     "Q1M,q,2020-02-01,60,in_person,cop\n"),
    "attendance.csv": "meeting_id,member_id,status\n" + "".join(
        f"{m},{who},present\n" for m in ("M1", "M2", "M3") for who in ("L1", "C1", "C2", "N1"))
        + "P1M,P1,present\nP1M,P2,present\nQ1M,Q1,present\nQ1M,Q2,present\n",
    "speaking_turns.csv": "turn_id,meeting_id,member_id,channel,start_s,duration_s,source\n"
        + "".join(f"{m}-{who},{m},{who},voice,{start},{seconds},observation\n"
                  for m in ("M1", "M2", "M3")
                  for who, start, seconds in (("L1", 0, 50), ("C1", 50, 150), ("C2", 200, 100),
                                              ("N1", 300, 100)))
        + "P1M-1,P1M,P1,voice,0,120,observation\nP1M-2,P1M,P2,voice,120,60,observation\n",
    "costs.csv": ("cost_id,cop_id,meeting_id,incurred_on,category,amount_gbp\n"
                  "K1,h,M1,2020-02-01,venue,300.00\nK2,h,M2,2020-03-01,venue,300.00\n"
                  "K3,h,,2020-02-15,administration,300.00\n"),
    "recommendations.csv": ("recommendation_id,source,title\nR1,CoP,First\nR2,CoP,Second\n"
                            "R3,CoP,Third\n"),
    "recommendation_status.csv": (
        "recommendation_id,cop_id,site,status_on,status\n"
        "R1,h,CoP,2020-02-01,proposed\nR1,h,CoP,2020-04-01,implemented\n"
        "R2,h,CoP,2020-02-01,proposed\nR2,h,CoP,2020-03-01,in_progress\n"
        "R3,h,CoP,2020-03-01,proposed\n"),
}


def _load(folder: Path, db: Path) -> Path:
    report = load_paths([folder], db)
    assert report.ok, report.summary()
    assert 0 == report.rows_quarantined, report.summary()
    return db


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sample_data/ loaded as `make db` loads it."""
    return _load(PROJECT_ROOT / "sample_data", tmp_path_factory.mktemp("sample") / "cop.duckdb")


@pytest.fixture(scope="session")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hand")
    for name, text in HAND.items():
        (folder / name).write_text(text)
    return _load(folder, folder / "cop.duckdb")


@pytest.fixture
def sample_con(sample_db: Path):
    con = duckdb.connect(str(sample_db), read_only=True)
    yield con
    con.close()


@pytest.fixture
def hand_con(hand_db: Path):
    con = duckdb.connect(str(hand_db), read_only=True)
    yield con
    con.close()


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} (Debian's poppler-utils) is needed: apt-get install poppler-utils")
    return found


def pdf_text(path: Path, *args: str) -> str:
    """The PDF's text as pdftotext extracts it."""
    return subprocess.run([_poppler("pdftotext"), *args, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def flat(text: str) -> str:
    """Whitespace (line breaks inside table cells and sentences) folded to single spaces."""
    return re.sub(r"\s+", " ", text)


def pdf_pages(path: Path) -> int:
    info = subprocess.run([_poppler("pdfinfo"), str(path)], check=True, capture_output=True,
                          text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def pdf_info(path: Path) -> str:
    return subprocess.run([_poppler("pdfinfo"), str(path)], check=True, capture_output=True,
                          text=True).stdout


def page_images(path: Path, folder: Path) -> list[Path]:
    """Each page drawn to a PNG (pdftoppm), as a person would look at it."""
    subprocess.run([_poppler("pdftoppm"), "-r", "30", "-png", str(path), str(folder / "page")],
                   check=True, capture_output=True)
    return sorted(folder.glob("page-*.png"))


from tests.local_mode import local_server_address  # noqa: E402, F401  (autouse)
