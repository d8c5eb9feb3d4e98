"""Spoil a share of generated rows with the mistakes users really make (`--bad-share`).

Benchmarks must measure the quarantine path as well as the happy path, so `copdash generate
--scale N --bad-share 0.01` plants about 1% bad rows of the kinds documented in
`sample_data/bad/README.md`: a role in the member_type column, a yes/no written `Y`, a
date in day/month/year, a duration `90 mins`, an unknown meeting, a turn ending long after
the meeting, a chat message with a duration, a value off the survey scale, an unknown item,
money written `£1,200.50`, a negative amount. A spoiled member or meeting also makes the rows
that refer to it fail (their dependent rows), as it would for a user.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["BAD_KINDS", "spoil_table"]

# dataset -> [(column, bad text)]; one kind is drawn per spoiled row.
BAD_KINDS: dict[str, list[tuple[str, str]]] = {
    "members": [("member_type", "patient"), ("is_facilitator", "Y")],
    "meetings": [("duration_min", "90 mins"), ("held_on", "03/04/2019")],
    "attendance": [("meeting_id", "no-such-meeting"), ("status", "attended")],
    "speaking_turns": [("start_s", "999999.0"), ("channel", "chat"),
                       ("member_id", "no-such-member")],
    "survey_responses": [("value", "7"), ("item_id", "q99")],
    "costs": [("amount_gbp", "£1,200.50"), ("amount_gbp", "-35.00"),
              ("incurred_on", "03/04/2019")],
}


def spoil_table(dataset: str, table: pa.Table, share: float,
                rng: np.random.Generator) -> pa.Table:
    """Replace one value in about `share` of the rows with a documented mistake."""
    kinds = BAD_KINDS.get(dataset)
    if not kinds or table.num_rows == 0:
        return table
    n = table.num_rows
    spoiled = rng.random(n) < share
    kind = rng.integers(0, len(kinds), n)
    if dataset == "speaking_turns":
        # a chat message with a duration only breaks a rule on a voice turn's row
        voice = pc.equal(table["channel"], "voice").to_numpy(zero_copy_only=False)
        spoiled &= (kind != 1) | voice
    for index, (column, text) in enumerate(kinds):
        mask = spoiled & (kind == index)
        if not mask.any():
            continue
        position = table.schema.get_field_index(column)
        values = pc.cast(table[column], pa.string())
        values = pc.if_else(pa.array(mask), pa.scalar(text), values)
        table = table.set_column(position, column, values)
    return table
