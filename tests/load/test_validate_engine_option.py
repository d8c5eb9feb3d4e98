"""`copdash validate --engine gx|sql`: both engines report the same check of a folder."""

from __future__ import annotations

import pytest

from pipelines.cli import main
from tests.load.conftest import MINI, write_folder


@pytest.mark.parametrize("engine", ["sql", "gx"])
def test_validate_with_either_engine_reports_the_planted_row(engine, tmp_path, db_path, capsys):
    # MINI with member M4's member_type "patient" (not lay, clinical or non_clinical): one
    # row quarantined, so the command exits 3 (checked, some rows quarantined) and names
    # the rule, with either engine; the dry run writes no database.
    members = MINI["members.csv"] + "M4,C1,patient,carer,false\n"
    folder = write_folder(tmp_path / "mini", {**MINI, "members.csv": members})

    code = main(["validate", str(folder), "--db", str(db_path), "--engine", engine])

    assert 3 == code
    assert "members.member_type.enum" in capsys.readouterr().out
    assert not db_path.exists()
