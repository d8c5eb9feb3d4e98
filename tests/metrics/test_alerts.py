"""Alerts from `[[alerts]]` rules: which fire on a tiny programme worked out by hand, plain
messages for bad rules, and the exit status of `copdash alerts`."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from pipelines import metrics
from pipelines.cli import main
from pipelines.load import load_paths
from pipelines.metrics import AlertConfigProblem, AlertRule

# CoP A, three in-person CoP meetings; L1 and L2 lay, C1 clinical.
# A1: L1 30 s, C1 30 s, L2 present and silent: lay share 30/60 = 0.5, of attendees 2/3
#     -> ER 0.5 / (2/3) = 0.75
# A2: L1 10 s, C1 30 s (L2 absent): 10/40 = 0.25 / (1/2) -> ER 0.5
# A3: L1 10 s, C1 90 s (L2 absent): 10/100 = 0.1 / (1/2) -> ER 0.2
# L2 came to A1 only, then missed A2 and A3.
# R1 proposed on 2020-01-01 and nothing since; R2 proposed then implemented on 2020-03-01.
FILES = {
    "communities.csv": "cop_id,name,started_on\nA,CoP A,2020-01-01\n",
    "members.csv": "member_id,cop_id,member_type\nL1,A,lay\nL2,A,lay\nC1,A,clinical\n",
    "meetings.csv": ("meeting_id,cop_id,held_on,duration_min,mode,meeting_type\n"
                     "A1,A,2020-02-01,60,in_person,cop\nA2,A,2020-03-01,60,in_person,cop\n"
                     "A3,A,2020-04-01,60,in_person,cop\n"),
    "attendance.csv": ("meeting_id,member_id,status\nA1,L1,present\nA1,L2,present\n"
                       "A1,C1,present\nA2,L1,present\nA2,C1,present\nA3,L1,present\n"
                       "A3,C1,present\n"),
    "speaking_turns.csv": ("turn_id,meeting_id,member_id,channel,start_s,duration_s,source\n"
                           "t1,A1,L1,voice,0,30,observation\nt2,A1,C1,voice,30,30,observation\n"
                           "t3,A2,L1,voice,0,10,observation\nt4,A2,C1,voice,10,30,observation\n"
                           "t5,A3,L1,voice,0,10,observation\nt6,A3,C1,voice,10,90,observation\n"),
    "recommendations.csv": ("recommendation_id,cop_id,source,title\n"
                            "R1,A,CoP good practice,Recruit widely\n"
                            "R2,A,CoP good practice,Offer preparation\n"),
    "recommendation_status.csv": ("recommendation_id,cop_id,site,status_on,status\n"
                                  "R1,A,CoP,2020-01-01,proposed\nR2,A,CoP,2020-01-01,proposed\n"
                                  "R2,A,CoP,2020-03-01,implemented\n"),
}
TODAY = dt.date(2020, 9, 1)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("alerts")
    for name, text in FILES.items():
        (folder / name).write_text(text)
    report = load_paths([folder], folder / "cop.duckdb")
    assert report.ok and 0 == report.rows_quarantined, report.summary()
    return folder / "cop.duckdb"


@pytest.fixture
def con(db):
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def _fired(con, *rules: AlertRule) -> list[tuple[str, str]]:
    found = metrics.alerts(con, metrics.Selection(), rules, today=TODAY)
    return list(zip(found["rule"], found["subject"], strict=True))


def test_equity_below_in_the_last_two_meetings_fires(con):
    """Below 0.6 in each of the latest two observed meetings: A2 (0.5) and A3 (0.2)."""
    assert [("lay_equity_below", "A2, A3")] == _fired(
        con, AlertRule("lay_equity_below", below=0.6, meetings=2))


def test_equity_rule_needs_every_meeting_of_the_run_below(con):
    """Three meetings: A1 (0.75) is not below 0.6; below 0.5: A2 (0.5) is not below it."""
    assert [] == _fired(con, AlertRule("lay_equity_below", below=0.6, meetings=3),
                        AlertRule("lay_equity_below", below=0.5, meetings=2))


def test_a_lay_member_who_stopped_coming_fires(con):
    """L2 came to A1 and missed A2 and A3: fires for 2 meetings, not for 3 (A1 is one of them)."""
    assert [("lay_member_stopped_coming", "L2")] == _fired(
        con, AlertRule("lay_member_stopped_coming", meetings=2))
    assert [] == _fired(con, AlertRule("lay_member_stopped_coming", meetings=3))


def test_a_recommendation_stuck_for_more_than_six_months_fires(con):
    """On 2020-09-01, R1 has been proposed since 2020-01-01 (8 months > 6); R2 reached
    implemented, which is not stuck; 9 months: R1 is not yet stuck."""
    assert [("recommendation_stuck", "R1 at CoP")] == _fired(
        con, AlertRule("recommendation_stuck", months=6))
    assert [] == _fired(con, AlertRule("recommendation_stuck", months=9))


def test_rules_are_read_from_the_configuration(tmp_path):
    """Two [[alerts]] tables give two rules, with the default number of meetings."""
    config = tmp_path / "copdash.toml"
    config.write_text('[[alerts]]\nrule = "lay_equity_below"\nbelow = 0.5\n\n'
                      '[[alerts]]\nrule = "lay_member_stopped_coming"\n')
    assert (AlertRule("lay_equity_below", below=0.5, meetings=2),
            AlertRule("lay_member_stopped_coming", meetings=3)) == metrics.load_alert_rules(config)


@pytest.mark.parametrize(("table", "words"), [
    ('rule = "lay_voice"', 'names the rule "lay_voice", which copdash does not know'),
    ('rule = "lay_equity_below"', "below is missing. Add it, such as below = 0.5."),
    ('rule = "lay_equity_below"\nbelow = -1', "below must be a number above 0 (it is -1)"),
    ('rule = "recommendation_stuck"\nmonths = "six"', "months must be a whole number of months"),
    ('rule = "recommendation_stuck"\nmonths = 6\ndays = 3', '"days" is not a setting of this rule'),
], ids=["unknown rule", "missing value", "negative", "text", "unknown key"])
def test_a_bad_rule_is_said_in_plain_words(tmp_path, table, words):
    """Each bad rule names the file, the alert's number and what to write instead."""
    config = tmp_path / "copdash.toml"
    config.write_text(f"[[alerts]]\n{table}\n")
    with pytest.raises(AlertConfigProblem) as raised:
        metrics.load_alert_rules(config)
    assert "copdash.toml, alert 1" in str(raised.value) and words in str(raised.value)


def test_command_exits_1_when_an_alert_fires(db, tmp_path, capsys):
    """L2 stopped coming (2 meetings): `copdash alerts` lists it and exits with 1."""
    config = tmp_path / "copdash.toml"
    config.write_text('[[alerts]]\nrule = "lay_member_stopped_coming"\nmeetings = 2\n')
    assert 1 == main(["alerts", "--db", str(db), "--config", str(config)])
    assert "L2" in capsys.readouterr().out


def test_command_exits_0_when_none_fires(db, tmp_path):
    """Nobody missed the last 3 meetings: exit status 0."""
    config = tmp_path / "copdash.toml"
    config.write_text('[[alerts]]\nrule = "lay_member_stopped_coming"\nmeetings = 3\n')
    assert 0 == main(["alerts", "--db", str(db), "--config", str(config)])


def test_command_exits_2_on_a_bad_rule(db, tmp_path, capsys):
    """A rule without its value: exit status 2 and the plain message, no traceback."""
    config = tmp_path / "copdash.toml"
    config.write_text('[[alerts]]\nrule = "recommendation_stuck"\n')
    assert 2 == main(["alerts", "--db", str(db), "--config", str(config)])
    err = capsys.readouterr().err
    assert "months is missing" in err and "Traceback" not in err
