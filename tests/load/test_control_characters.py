"""Issue 19 item 2 through the load: a NUL byte past the reader's first 8 KB (which the
binary-file check looks at) is not stored, the row is quarantined with a reason."""

from __future__ import annotations

import duckdb

from pipelines.load import load_paths
from tests.load.conftest import MINI, write_folder


def test_a_nul_after_the_first_8_kb_quarantines_its_row(tmp_path, db_path):
    # members.csv: the header, 400 members of about 30 bytes (12 KB), then M999 whose role
    # holds a NUL at byte ~12,000. Expected: 400 + 3 (MINI's) loaded, M999 quarantined on
    # line 1 + 3 + 400 + 1 = 405 with members.role.characters, and no stored role has a NUL.
    filler = "".join(f"M{n:04d},C1,clinical,physiotherapist,false\n" for n in range(1000, 1400))
    members = MINI["members.csv"] + filler + "M999,C1,lay,pat\x00ient,false\n"
    folder = write_folder(tmp_path / "programme", {**MINI, "members.csv": members})
    assert members.index("\x00") > 8192

    report = load_paths([folder], db_path)

    with duckdb.connect(str(db_path), read_only=True) as con:
        stored = con.execute("select count(*) from members").fetchone()[0]
        with_nul = con.execute("select count(*) from members where role like '%' || chr(0) || '%'").fetchone()[0]
        quarantined = con.execute("select line_number, rule, message from quarantine").fetchall()
    assert (403, 0) == (stored, with_nul)
    assert [(405, "members.role.characters")] == [(line, rule) for line, rule, _ in quarantined]
    assert "control character" in quarantined[0][2]
    assert 1 == report.rows_quarantined
