"""Survey instruments: the shipped questionnaire, checks on instrument files, the tables."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from pipelines.instruments import (
    INSTRUMENTS_DIR,
    InstrumentProblem,
    load_instruments,
    read_instrument,
    write_instruments,
)

from .conftest import TABLES_SQL

VALID = """\
instrument_id: steering_check
title: Steering group check
version: 2
scale: {min: 0, max: 10, labels: {0: Not at all, 10: Completely}}
items:
  - {id: s1, text: "Lay members' views shaped the decisions.", subscale: influence}
  - {id: s2, text: "Papers arrived too late to read.", subscale: support, reverse: true}
"""


def write(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_questionnaire_covers_four_subscales_with_reverse_items():
    """cop_experience: 5-point agreement scale; voice, equal_footing, purpose and support
    with 3-4 items each; at least two reverse-coded items, one of them about voice."""
    (instrument,) = [i for i in load_instruments() if i.instrument_id == "cop_experience"]

    assert (1, 5) == (instrument.scale_min, instrument.scale_max)
    assert "Strongly agree" == instrument.labels[5]
    assert ["voice", "equal_footing", "purpose", "support"] == instrument.subscales
    for subscale in instrument.subscales:
        assert 3 <= sum(item.subscale == subscale for item in instrument.items) <= 4
    reverse = [item for item in instrument.items if item.is_reverse]
    assert len(reverse) >= 2
    assert any(item.subscale == "voice" for item in reverse)


def test_a_valid_file_is_read_with_defaults(tmp_path):
    """min_share_answered defaults to 0.5; items keep their order; version is text."""
    instrument = read_instrument(write(tmp_path, "steering.yaml", VALID))

    assert "2" == instrument.version
    assert 0.5 == instrument.min_share_answered
    assert [("s1", 1, False), ("s2", 2, True)] == [
        (i.item_id, i.position, i.is_reverse) for i in instrument.items
    ]
    assert {0: "Not at all", 10: "Completely"} == instrument.labels


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (("title: Steering group check\n", ""), "'title' is a required property"),
        (("id: s1,", "id: s 1,"), "item 1, id: 's 1' does not match"),
        (("scale: {min: 0, max: 10,", "scale: {min: 0, max: ten,"), "scale.max: 'ten' is not of type 'integer'"),
        (("version: 2\n", "version: 2\ncolour: blue\n"), "Additional properties are not allowed ('colour' was unexpected)"),
        (("reverse: true", "reverse: maybe"), "item 2, reverse: 'maybe' is not of type 'boolean'"),
    ],
)
def test_a_file_breaking_the_schema_is_rejected_naming_file_and_problem(tmp_path, change, says):
    """Schema errors name the file and where in it the problem is."""
    path = write(tmp_path, "steering.yaml", VALID.replace(*change))

    with pytest.raises(InstrumentProblem) as caught:
        read_instrument(path)

    assert str(path) == caught.value.source_file
    assert says in caught.value.problem
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (("id: s2,", "id: s1,"), "item id 's1' is used twice"),
        (("scale: {min: 0, max: 10,", "scale: {min: 10, max: 10,"), "scale min 10 is not below scale max 10"),
        (("10: Completely", "11: Completely"), "scale labels for 11 are outside the scale 0 to 10"),
        ((VALID, "- just\n- a list\n"), "does not describe an instrument"),
        (("items:", "items: ["), "is not valid YAML (line 6:"),
    ],
)
def test_a_file_that_makes_no_sense_is_rejected(tmp_path, change, says):
    """Checks a schema cannot express: unique item ids, min below max, labels on the scale."""
    path = write(tmp_path, "steering.yaml", VALID.replace(*change, 1))

    with pytest.raises(InstrumentProblem, match=None) as caught:
        read_instrument(path)

    assert says in caught.value.problem


def test_a_load_folder_adds_its_instruments(tmp_path):
    """Instruments in an extra folder come after the shipped ones; a missing folder is skipped."""
    write(tmp_path / "instruments", "steering.yaml", VALID)

    ids = [i.instrument_id for i in load_instruments([tmp_path / "instruments", tmp_path / "none"])]

    assert ["cop_experience", "steering_check"] == ids


def test_a_copy_of_a_shipped_instrument_is_fine_a_different_one_is_not(tmp_path):
    """The same instrument_id twice is accepted when both files agree, rejected otherwise,
    naming both files."""
    folder = tmp_path / "instruments"
    folder.mkdir()
    shutil.copy(INSTRUMENTS_DIR / "cop_experience.yaml", folder / "cop_experience.yaml")
    assert 1 == len(load_instruments([folder]))

    text = (folder / "cop_experience.yaml").read_text(encoding="utf-8")
    (folder / "cop_experience.yaml").write_text(text.replace("max: 5", "max: 7"), encoding="utf-8")

    with pytest.raises(InstrumentProblem, match="already defined, differently, in data_contracts/instruments/cop_experience.yaml"):
        load_instruments([folder])


def test_writing_instruments_replaces_their_rows_and_keeps_others(tmp_path):
    """write_instruments replaces the rows of the instruments it is given in the three
    instrument tables; instruments written by an earlier load stay."""
    con = duckdb.connect(str(tmp_path / "cop.duckdb"))
    con.execute(TABLES_SQL.read_text(encoding="utf-8"))
    extra = read_instrument(write(tmp_path, "steering.yaml", VALID))
    write_instruments(con, [*load_instruments(), extra])

    write_instruments(con, load_instruments())
    write_instruments(con, load_instruments())

    counts = con.execute(
        "select instrument_id, count(*) from instrument_items group by all order by 1"
    ).fetchall()
    assert [("cop_experience", 14), ("steering_check", 2)] == counts
    assert [(1, 5, 0.5)] == con.execute(
        "select scale_min, scale_max, min_share_answered from instruments "
        "where instrument_id = 'cop_experience'"
    ).fetchall()
    assert 5 == con.execute(
        "select count(*) from instrument_scale_labels where instrument_id = 'cop_experience'"
    ).fetchone()[0]


def test_responses_to_a_load_folder_instrument_are_checked_against_it(tmp_path, con, run):
    """After the load writes a folder's instrument, survey rows use its items and scale."""
    write_instruments(con, [read_instrument(write(tmp_path, "steering.yaml", VALID))])
    row = {"response_id": "R9", "item_id": "s1", "cop_id": "C1", "instrument_id": "steering_check",
           "wave": "2020", "submitted_on": "2020-01-01", "member_type": "lay", "value": "10"}

    result = run("survey_responses", [row, {**row, "item_id": "s2", "value": "11"}])

    assert 1 == len(result.accepted)
    assert ["survey_responses.value.on_scale"] == result.quarantined["rule"].tolist()
    assert "(0 to 10)" in result.quarantined["message"][0]
