"""Headers a person typed, matched to the canonical columns."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.contracts import conform_columns, load_contracts
from pipelines.errors import FileProblem


def frame(columns: list[str], *rows: list[str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows) or [[""] * len(columns)], columns=columns, dtype="str")


def test_headers_match_ignoring_case_and_surrounding_spaces():
    """' Cop_ID ', 'NAME' and 'Started On' are cop_id, name and started_on."""
    read = frame([" Cop_ID ", "NAME", "Started On"], ["C1", "MSK", "2018-02-01"])

    conformed, warnings = conform_columns("communities", read, "communities.csv")

    assert load_contracts()["communities"].columns == list(conformed.columns)
    assert ["C1", "MSK", "2018-02-01"] == conformed.iloc[0, :3].tolist()
    assert [] == warnings


def test_missing_optional_columns_are_added_blank():
    """A file without the optional columns gets them, every value blank."""
    read = frame(["cop_id", "name", "started_on"], ["C1", "MSK", "2018-02-01"])

    conformed, _ = conform_columns("communities", read, "communities.csv")

    assert ["", "", ""] == conformed.loc[0, ["ended_on", "host_organisation", "topic"]].tolist()


def test_unknown_columns_are_dropped_with_a_warning():
    """An extra column is not stored, and the warning says so naming file and column."""
    read = frame(["member_id", "cop_id", "member_type", "Notes"], ["M1", "C1", "lay", "likes tea"])

    conformed, warnings = conform_columns("members", read, "members.csv")

    assert "Notes" not in conformed.columns
    assert ["members.csv: column 'Notes' is not part of members and was not stored"] == warnings


def test_a_missing_required_column_is_a_file_problem_naming_it():
    """Without member_type the file cannot load; the problem names the missing column and
    lists the columns that were found."""
    read = frame(["member_id", "cop_id", "type"], ["M1", "C1", "lay"])

    with pytest.raises(FileProblem) as caught:
        conform_columns("members", read, "members.csv")

    problem = caught.value
    assert "members.csv" == problem.source_file
    assert "the required column member_type is missing (columns found: member_id, cop_id, type)" in problem.problem
    assert "member_type" in problem.fix


def test_a_column_given_twice_is_a_file_problem():
    """Two headers for one column (here 'cop_id' and 'COP_ID') cannot both be stored."""
    read = frame(["cop_id", "name", "started_on", "COP_ID"], ["C1", "MSK", "2018-02-01", "C2"])

    with pytest.raises(FileProblem, match="the column cop_id appears twice"):
        conform_columns("communities", read, "communities.csv")


def test_a_headerless_column_with_values_is_warned_about():
    """A column without a header but with values is reported, not silently dropped."""
    read = frame(["cop_id", "name", "started_on", ""], ["C1", "MSK", "2018-02-01", "x"])

    _, warnings = conform_columns("communities", read, "communities.csv")

    assert ["communities.csv: a column without a header (column 4) is not part of communities and was not stored"] == warnings
