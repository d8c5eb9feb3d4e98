"""The contracts are valid Open Data Contract Standard documents and cover the datasets."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import open_data_contract_standard
import pytest
import yaml

from pipelines.contracts import load_contracts
from pipelines.datasets import LOAD_ORDER
from pipelines.settings import PROJECT_ROOT

CONTRACTS = sorted((PROJECT_ROOT / "data_contracts").glob("*.odcs.yaml"))
ODCS_SCHEMA = json.loads(
    (Path(open_data_contract_standard.__file__).parent / "schema.json").read_text(encoding="utf-8")
)


def test_there_is_one_contract_per_dataset():
    """data_contracts/<dataset>.odcs.yaml exists for exactly the datasets of LOAD_ORDER."""
    assert sorted(LOAD_ORDER) == sorted(p.name.removesuffix(".odcs.yaml") for p in CONTRACTS)


@pytest.mark.parametrize("path", CONTRACTS, ids=[p.name for p in CONTRACTS])
def test_contract_is_valid_odcs(path):
    """Each contract validates against the ODCS JSON schema shipped with the installed
    open-data-contract-standard package, as an ODCS v3.1/v3.2 DataContract."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(ODCS_SCHEMA)

    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]

    assert [] == errors
    assert "DataContract" == document["kind"]
    assert document["apiVersion"] in ("v3.1.0", "v3.2.0")


@pytest.mark.parametrize("dataset", LOAD_ORDER)
def test_contract_columns_match_the_core_table(dataset, tmp_path):
    """A contract's columns are its core table's columns, in the same order."""
    import duckdb

    con = duckdb.connect(str(tmp_path / "cop.duckdb"))
    con.execute((PROJECT_ROOT / "pipelines" / "sql" / "core" / "tables.sql").read_text(encoding="utf-8"))

    table_columns = [row[0] for row in con.execute(f"describe {dataset}").fetchall()]

    assert table_columns == load_contracts()[dataset].columns


def test_cross_dataset_rules_are_great_expectations_entries():
    """Every quality entry is a custom great-expectations expectation with a message."""
    for path in CONTRACTS:
        schema = yaml.safe_load(path.read_text(encoding="utf-8"))["schema"][0]
        for entry in schema.get("quality", []):
            assert ("custom", "great-expectations") == (entry["type"], entry["engine"]), entry["name"]
            assert entry["implementation"]["type"].startswith("expect_"), entry["name"]
            assert "message" in {p["property"] for p in entry["customProperties"]}, entry["name"]
