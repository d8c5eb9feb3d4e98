"""Data contracts: ODCS YAML per dataset, run as Great Expectations suites.

The contracts in `data_contracts/*.odcs.yaml` hold every rule a canonical dataset must
follow; this package compiles them (generically: nothing here knows a dataset's rules) and
runs them. Importing it is cheap: Great Expectations is imported on the first `validate`,
or in a background thread from `warm_up()`.
See `docs/contracts.md`.
"""

from __future__ import annotations

from ._columns import conform_columns
from ._gx import warm_up
from ._in_duckdb import CheckedInDuckDB
from ._model import Check, Contract, ContractProblem, Relationship, load_contracts
from ._validate import ValidationResult, validate, validate_in_parts

__all__ = [
    "Check",
    "CheckedInDuckDB",
    "Contract",
    "ContractProblem",
    "Relationship",
    "ValidationResult",
    "conform_columns",
    "load_contracts",
    "validate",
    "validate_in_parts",
    "warm_up",
]
