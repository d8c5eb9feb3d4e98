"""Issue 19 item 2: a control character in any text column quarantines the row.

Every text (`string`) column of every contract has the rule `<dataset>.<column>.characters`
against C0 control characters and DEL (tab, line feed and carriage return are allowed), in
both engines. Each case puts one control character inside the TEMPLATE row's value of one
column and expects that row, and only it, quarantined with that rule alone (the column's
pattern or enum rule is not also reported: the control character is the basic problem).
"""

from __future__ import annotations

import pytest

from pipelines.contracts import load_contracts
from tests.contracts.conftest import GOOD, TEMPLATE

TEXT_COLUMNS = [(dataset, name) for dataset, contract in load_contracts().items()
                for name, prop in contract.properties.items() if prop.logical_type == "string"]
MESSAGE = "contains an invisible control character"


@pytest.mark.parametrize("engine", ["sql", "gx"])
@pytest.mark.parametrize(("dataset", "column"), TEXT_COLUMNS, ids=[f"{d}.{c}" for d, c in TEXT_COLUMNS])
def test_a_control_character_in_a_text_column_quarantines_the_row(dataset, column, engine, run):
    # A NUL inside the value ("x" when the template leaves the column blank): the template
    # row (line 2 + number of GOOD rows) is quarantined with the column's characters rule.
    value = TEMPLATE[dataset].get(column) or "x"
    rows = [*GOOD[dataset], {**TEMPLATE[dataset], column: value[:1] + "\x00" + value[1:]}]

    result = run(dataset, rows, engine=engine)

    line = len(GOOD[dataset]) + 2
    assert [(line, f"{dataset}.{column}.characters")] == list(
        zip(result.quarantined["line_number"], result.quarantined["rule"], strict=True))
    assert MESSAGE in result.quarantined["message"].iloc[0]


@pytest.mark.parametrize("engine", ["sql", "gx"])
@pytest.mark.parametrize("character", ["\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"])
def test_each_control_character_is_refused(character, engine, run):
    """C0 controls other than tab/LF/CR, and DEL, inside members.role: quarantined."""
    rows = [{**TEMPLATE["members"], "role": "com" + character + "missioner"}]

    result = run("members", rows, engine=engine)

    assert ["members.role.characters"] == list(result.quarantined["rule"])


@pytest.mark.parametrize("engine", ["sql", "gx"])
@pytest.mark.parametrize("character", ["\t", "\n", "\r"])
def test_tab_line_feed_and_carriage_return_are_allowed(character, engine, run):
    """Inside members.role (a free-text column) these three are ordinary text: accepted."""
    rows = [{**TEMPLATE["members"], "role": "com" + character + "missioner"}]

    result = run("members", rows, engine=engine)

    assert (0, 1) == (len(result.quarantined), len(result.accepted))
