"""How `validate` treats a whole file: counts, types, messages, context from the load."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from pipelines.contracts import ContractProblem, load_contracts, validate
from pipelines.datasets import LOAD_ORDER
from pipelines.settings import PROJECT_ROOT

from .conftest import as_frame


@pytest.mark.parametrize("dataset", LOAD_ORDER)
def test_every_row_read_is_accepted_or_quarantined(dataset, run, good, template):
    """rows_read == accepted + quarantined, with good and broken rows mixed."""
    broken = {column: "?? not valid ??" for column in template[dataset]}
    rows = [*good[dataset], broken, template[dataset], broken]

    result = run(dataset, rows)

    assert len(rows) == result.rows_read
    assert result.rows_read == len(result.accepted) + len(result.quarantined)
    assert [len(good[dataset]) + 2, len(good[dataset]) + 4] == result.quarantined["line_number"].tolist()


@pytest.mark.parametrize("dataset", LOAD_ORDER)
def test_accepted_rows_insert_into_the_core_table_by_name(dataset, run, con, good, template):
    """The accepted frame has the table's columns and types: INSERT ... BY NAME works and
    stores the values, blanks as NULL."""
    result = run(dataset, [*good[dataset], template[dataset]])
    con.execute(f"delete from {dataset}")
    con.register("accepted", result.accepted)

    con.execute(f"insert into {dataset} by name select * from accepted")

    stored = con.execute(f"select count(*) from {dataset}").fetchone()[0]
    assert len(good[dataset]) + 1 == stored
    assert load_contracts()[dataset].columns == list(result.accepted.columns)


def test_values_are_converted_to_the_column_types(run, con):
    """Bools in any accepted spelling, whole numbers, dates (with or without a midnight
    time), HH:MM times and stripped text arrive typed; a blank optional bool takes its default."""
    rows = [
        {"member_id": " M20 ", "cop_id": "C1", "member_type": "lay", "is_facilitator": "Yes",
         "joined_on": "2018-03-01 00:00:00", "deprivation_quintile": "3.0"},
        {"member_id": "M21", "cop_id": "C1", "member_type": "clinical", "is_facilitator": "0"},
        {"member_id": "M22", "cop_id": "C1", "member_type": "clinical"},
    ]

    accepted = run("members", rows).accepted

    assert ["M20", "M21", "M22"] == accepted["member_id"].tolist()
    assert [True, False, False] == accepted["is_facilitator"].tolist()
    assert pd.Timestamp("2018-03-01") == accepted["joined_on"][0]
    assert 3 == accepted["deprivation_quintile"][0]
    assert accepted["deprivation_quintile"].isna()[1]
    assert accepted["role"].isna().all()


def test_a_single_digit_hour_is_stored_as_hh_mm(run, good):
    """start_time 9:30 is accepted and stored as 09:30."""
    row = {**good["meetings"][0], "start_time": "9:30"}

    accepted = run("meetings", [row]).accepted

    assert ["09:30"] == accepted["start_time"].tolist()


def test_money_with_two_decimals_is_stored_exactly(run, con, good):
    """amount_gbp 120.50 is stored as the decimal 120.50."""
    result = run("costs", good["costs"])
    con.execute("delete from costs")
    con.register("accepted", result.accepted)
    con.execute("insert into costs by name select * from accepted")

    stored = con.execute("select amount_gbp::varchar from costs order by cost_id").fetchall()

    assert [("120.50",), ("1000.00",)] == stored


def test_each_problem_of_a_row_is_named_and_said(run, template):
    """A row with three problems is quarantined once; rule lists the three rule names in
    contract order, message says all three after the line number."""
    row = {**template["members"], "member_type": "patient", "is_facilitator": "Y",
           "deprivation_quintile": "9"}

    quarantined = run("members", [row]).quarantined

    assert 1 == len(quarantined)
    assert (
        "members.member_type.enum; members.is_facilitator.type; "
        "members.deprivation_quintile.range"
    ) == quarantined["rule"][0]
    message = quarantined["message"][0]
    assert message.startswith("line 2: member_type 'patient' is not one of")
    assert "is_facilitator 'Y' is not a yes/no value" in message
    assert "deprivation_quintile is 9 but must be between 1 and 5." in message


def test_quarantined_rows_keep_the_values_as_read(run, template):
    """raw holds the row's values exactly as the file had them, blanks as ""."""
    row = {**template["members"], "member_type": " Patient "}

    raw = run("members", [row]).quarantined["raw"][0]

    assert " Patient " == raw["member_type"]
    assert "" == raw["age_band"]
    assert load_contracts()["members"].columns == list(raw)


def test_line_numbers_come_from_the_caller(con, template):
    """Messages and line_number use the file's own line numbers (rows may have been skipped)."""
    frame = as_frame("members", [template["members"], {**template["members"], "member_id": "", }])

    result = validate("members", frame, con, source_file="members.csv", line_numbers=[10, 14])

    assert [14] == result.quarantined["line_number"].tolist()
    assert result.quarantined["message"][0].startswith("line 14: ")


def test_a_reference_to_a_row_quarantined_earlier_in_the_load_says_so(run, template):
    """When the member a row names was quarantined earlier in the same load, the message
    says to fix that row first, naming its file when the load gives it."""
    row = {**template["attendance"], "member_id": "M30"}

    by_set = run("attendance", [row], quarantined_keys={"members": {("M30",)}})
    by_file = run("attendance", [row], quarantined_keys={"members": {("M30",): "members.xlsx"}})

    assert "attendance.member_id.foreign_key" == by_set.quarantined["rule"][0]
    assert (
        "the members row for M30 was itself quarantined in this load (the members file): "
        "fix that row first." in by_set.quarantined["message"][0]
    )
    assert "in this load (members.xlsx)" in by_file.quarantined["message"][0]


def test_a_speaker_whose_attendance_row_was_quarantined_is_told_so(run, template):
    """speaker_present names the attendance row quarantined earlier in the load."""
    row = {**template["speaking_turns"], "meeting_id": "MT2", "start_s": "10"}

    result = run("speaking_turns", [row], quarantined_keys={"attendance": {("MT2", "M2")}})

    assert "speaking_turns.speaker_present" == result.quarantined["rule"][0]
    assert "the attendance row for MT2, M2 was itself quarantined" in result.quarantined["message"][0]


def test_a_malformed_id_is_not_also_reported_missing(run, template):
    """A value that breaks its own rules is not looked up: 'C 1' is reported as not a valid
    id, not also as an unknown CoP nor as a CoP mismatch."""
    row = {**template["meetings"], "cop_id": "C 1"}

    result = run("meetings", [row])

    assert "meetings.cop_id.pattern" == result.quarantined["rule"][0]


def test_an_empty_file_validates_to_nothing(run):
    """No rows: nothing accepted, nothing quarantined, the accepted frame keeps its columns."""
    result = run("communities", [])

    assert 0 == result.rows_read
    assert load_contracts()["communities"].columns == list(result.accepted.columns)
    assert result.quarantined.empty


def test_rows_for_an_unknown_instrument_are_quarantined_not_fatal(run, template):
    """A survey naming an instrument that no file defines is quarantined row by row; its
    item is not also reported (there is no instrument to look it up in)."""
    row = {**template["survey_responses"], "instrument_id": "ppeet", "item_id": "p1"}

    result = run("survey_responses", [row])

    assert "survey_responses.instrument_id.foreign_key" == result.quarantined["rule"][0]


def test_validation_prints_no_progress_bars(run, good, capfd):
    """Great Expectations' progress bars are off: validation writes nothing to the terminal."""
    run("speaking_turns", good["speaking_turns"])
    capfd.readouterr()

    run("speaking_turns", good["speaking_turns"])

    captured = capfd.readouterr()
    assert ("", "") == (captured.out, captured.err)


def test_suites_are_built_once_per_dataset(run, good):
    """A second validation of a dataset reuses the first one's expectation suites (GX
    engine)."""
    from pipelines.contracts import _gx

    run("costs", good["costs"], engine="gx")
    (first,) = _gx._suites[("costs", False)]
    run("costs", good["costs"], engine="gx")

    assert first is _gx._suites[("costs", False)][0]


def test_each_suite_sees_only_the_columns_its_checks_read():
    """For big frames checks are grouped by the columns they read, each check in one suite."""
    from pipelines.contracts import _gx, load_contracts

    contract = load_contracts()["costs"]
    suites = _gx._get_suites(contract, grouped=True)
    placed = sorted(i for cached in suites
                    for expectation in cached.suite.expectations for i in expectation.meta["checks"])
    # every check of the contract once, whatever the grouping
    assert list(range(len(contract.checks))) == placed
    for cached in suites:
        for expectation in cached.suite.expectations:
            for index in expectation.meta["checks"]:
                assert set(contract.checks[index].frame_columns) == set(cached.columns)


def test_importing_the_contracts_does_not_import_great_expectations():
    """conform_columns (and the dashboard) do not pay for Great Expectations' import."""
    code = (
        "import sys, pipelines.contracts as c; c.load_contracts(); "
        "print('great_expectations' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )

    assert "False" == out.stdout.strip()


def test_an_expectation_reading_a_missing_column_is_a_contract_problem(run, good, monkeypatch):
    """A contract whose expectation reads a column nobody provides fails loudly, naming the
    rule, instead of quarantining every row."""
    from dataclasses import replace

    contract = load_contracts()["costs"]
    broken = replace(contract.checks[-1], kwargs={**contract.checks[-1].kwargs, "column_A": "nope"})
    monkeypatch.setitem(
        load_contracts(), "costs", replace(contract, checks=(*contract.checks[:-1], broken))
    )

    with pytest.raises(ContractProblem, match="nope"):
        run("costs", good["costs"])


def test_a_prepare_query_giving_a_row_twice_is_a_contract_problem(run, good, monkeypatch):
    """The prepare query must give one row per incoming row: a query that gives each row
    twice (its result unioned with itself) fails loudly, naming the file, instead of
    checking rows against the wrong neighbours."""
    from dataclasses import replace

    contract = load_contracts()["speaking_turns"]
    doubled = contract.prepare_sql.replace(
        "select * from final", "select * from final union all select * from final")
    assert doubled != contract.prepare_sql
    monkeypatch.setitem(load_contracts(), "speaking_turns", replace(contract, prepare_sql=doubled))

    with pytest.raises(ContractProblem, match="speaking_turns.sql must return exactly one row"):
        run("speaking_turns", good["speaking_turns"])
