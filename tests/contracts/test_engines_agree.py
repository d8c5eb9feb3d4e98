"""The SQL engine and Great Expectations agree on every dataset's rows.

Hypothesis starts from the conftest's valid rows of a dataset (its GOOD rows and its
TEMPLATE row, often with one or two of test_rules.py's breaking changes) and breaks them: a value replaced by a blank, spaces, other scripts' digits,
a boundary value (0, -1, 24:00, 29 February of a leap and a non-leap year, ...), another
row's value of the same column (duplicate keys, references to other rows), a control
character, a value of another column, or a whole row repeated. Both engines then validate
the same frame against the same database; the expected outcome is whatever GX (the
reference) says, so each example's expected value is the GX result itself: the same
quarantined lines, the same rule names per line, the same messages, the same accepted rows.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.contracts import load_contracts, validate
from tests.contracts.conftest import GOOD, TEMPLATE, as_frame
from tests.contracts.test_rules import CASES

# Values that sit on or just past a rule's edge, or that look like a value but are not.
TRICKY = [
    "", " ", "  \t ", "0", "-0", "+1", "-1", "1", "1.0", "1.5", "0.001", "1e3", "1e999", ".5",
    "5.", "999999999", "1000000000", "100000", "١٢", "１２", "²", "12:00", "24:00", "9:30",
    "2024-02-29", "2023-02-29", "2020-01-01 00:00:00", "2019-12-31T00:00", "31/12/2019",
    "yes", "No", "TRUE", "maybe", "present", "absent", "in_person", "online", "hybrid",
    "lay", "Lay", "clinical", "non-clinical", "voice", "chat", "M1", "M2", "M9", "C1", "C2",
    "MT1", "MT2", "MT3", "MT9", "REC1", "cop_experience", "voice_1", "voice_3", "2019-Q4",
    "a b", "x" * 65, "x" * 300, "é", "e\u0301", "ß", "M1\x00", "a\x07b", "tab\there", "a\x7f",
    "line\nbreak", "A_.-9",
]


@st.composite
def broken_rows(draw, dataset: str) -> list[dict[str, str]]:
    columns = load_contracts()[dataset].columns
    rows = [dict(row) for row in [*GOOD[dataset], TEMPLATE[dataset]]]
    pool = {c: [row.get(c, "") for row in rows] for c in columns}
    # Often a rule test's own breaking change first (test_rules.CASES), so every rule is met.
    cases = [case for case in CASES if case.dataset == dataset]
    for case in draw(st.lists(st.sampled_from(cases), max_size=2)) if cases else []:
        rows[-1].update(case.changes)
    for _ in range(draw(st.integers(0, 6))):
        row = draw(st.sampled_from(rows))
        column = draw(st.sampled_from(columns))
        row[column] = draw(st.one_of(
            st.sampled_from(TRICKY),
            st.sampled_from(pool[column]),
            st.sampled_from([v for values in pool.values() for v in values]),
            st.text(max_size=6),
        ))
    if draw(st.booleans()):
        rows.append(dict(draw(st.sampled_from(rows))))
    return rows


def _outcome(result) -> tuple[list[tuple], pd.DataFrame]:
    quarantined = [(int(r.line_number), r.rule, r.message, r.raw)
                   for r in result.quarantined.itertuples()]
    return quarantined, result.accepted


@pytest.mark.parametrize("dataset", list(GOOD))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_sql_and_gx_quarantine_the_same_rows_for_the_same_reasons(con, dataset, data):
    """Same quarantined lines, rule names, messages and raw values; same accepted rows."""
    rows = data.draw(broken_rows(dataset))
    (gx_quarantined, gx_accepted), (sql_quarantined, sql_accepted) = _both(con, dataset, rows)
    assert gx_quarantined == sql_quarantined
    pd.testing.assert_frame_equal(gx_accepted, sql_accepted)


def _both(con, dataset: str, rows: list[dict[str, str]]):
    frame = as_frame(dataset, rows)
    return [_outcome(validate(dataset, frame.copy(), con, source_file=f"{dataset}.csv",
                              line_numbers=range(2, len(rows) + 2), engine=engine))
            for engine in ("gx", "sql")]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_sql_and_gx_agree_on_each_rule_test(case, con):
    """Every rule's own breaking row (test_rules.CASES) after the GOOD rows: the engines
    quarantine the same line with the same rule and message, and accept the same rows."""
    rows = [*GOOD[case.dataset], {**TEMPLATE[case.dataset], **case.changes}]
    (gx_quarantined, gx_accepted), (sql_quarantined, sql_accepted) = _both(con, case.dataset, rows)
    assert gx_quarantined == sql_quarantined
    pd.testing.assert_frame_equal(gx_accepted, sql_accepted)
