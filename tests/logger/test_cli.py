"""`copdash logger replay`: exit codes and plain messages."""

from __future__ import annotations

import duckdb

from pipelines.cli import main
from tests.logger.conftest import events, session, write_journal


def test_replay_loads_the_journal_and_exits_0(programme_db, tmp_path, capsys):
    # P01 speaks 10..40: one logger turn of M1 loaded.
    journal = write_journal(tmp_path / "s1.jsonl", events(
        "S1", session(), (1, "present", {"member_id": "P01"}),
        (10, "speak", {"member_id": "P01"}), (40, "end", {})))
    assert 0 == main(["logger", "replay", str(journal), "--db", str(programme_db)])
    con = duckdb.connect(str(programme_db), read_only=True)
    try:
        count = con.execute("select count(*) from speaking_turns where source = 'logger'")
        assert 1 == count.fetchone()[0]
    finally:
        con.close()


def test_a_bad_journal_exits_non_zero_with_a_plain_message(programme_db, tmp_path, capsys):
    # Line 1 is not JSON: the command names the file and gives no traceback.
    journal = tmp_path / "bad.jsonl"
    journal.write_text("this is not json\n", encoding="utf-8")
    code = main(["logger", "replay", str(journal), "--db", str(programme_db)])
    out = capsys.readouterr()
    assert 0 != code
    assert "bad.jsonl" in out.out + out.err
    assert "Traceback" not in out.out + out.err
