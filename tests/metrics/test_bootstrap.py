"""The bootstrap drawn in blocks and shared between figures gives the intervals of one
whole draw per figure; figures shown without an interval skip it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pipelines import metrics
from pipelines.metrics import Selection
from pipelines.metrics import bootstrap as bs

VALUES = np.array([0.2, 0.9, 0.4, 0.7, 0.1, 0.5, 0.8])  # 7 meetings


def test_block_size_does_not_change_the_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    """300 resamples drawn in blocks of 7 give the interval of one block of 300."""
    whole = bs.estimate(bs.mean_of(VALUES), len(VALUES), 300, 11)
    monkeypatch.setattr(bs, "CHUNK", 7)
    blocks = bs.estimate(bs.mean_of(VALUES), len(VALUES), 300, 11)
    assert whole == blocks


def test_figures_over_the_same_meetings_share_draws() -> None:
    """estimates of two figures = each figure's own estimate with the same seed and n."""
    squares = VALUES ** 2
    shared = bs.estimates([bs.mean_of(VALUES), bs.mean_of(squares)], len(VALUES), 400, 3)
    alone = [bs.estimate(bs.mean_of(VALUES), len(VALUES), 400, 3),
             bs.estimate(bs.mean_of(squares), len(VALUES), 400, 3)]
    assert alone == shared


def test_differences_share_draws_like_one_difference_each() -> None:
    """Two differences over the same 3 and 4 meetings = each one's own difference."""
    first, second = VALUES[:3], VALUES[3:]
    pairs = [(bs.mean_of(first), bs.mean_of(second)),
             (bs.mean_of(first ** 2), bs.mean_of(second ** 2))]
    shared = bs.differences(pairs, 3, 4, 500, 5)
    alone = [bs.difference(a, 3, b, 4, 500, 5) for a, b in pairs]
    assert alone == shared


def test_paired_difference_of_a_figure_with_itself_is_zero() -> None:
    """The same figure on both sides: difference 0 and interval [0, 0] (same draws)."""
    stat = bs.mean_of(VALUES)
    diff = bs.paired_differences([(stat, stat)], len(VALUES), 200, 1)[0]
    assert (0.0, 0.0, 0.0) == (diff.difference, diff.ci_low, diff.ci_high)


def test_pooled_equity_without_intervals_keeps_the_figures(con) -> None:
    """intervals=False: same ratios, shares and meeting counts; ci_low and ci_high NaN."""
    # lay over the four observed meetings: (150/770)/(5/12) = 0.467532 (test_api)
    full = metrics.pooled_equity(con, Selection())
    bare = metrics.pooled_equity(con, Selection(), intervals=False)
    columns = ["group", "equity_ratio", "meetings_n", "too_few", "talk_share", "attendee_share"]
    assert full[columns].equals(bare[columns])
    assert bare["ci_low"].isna().all() and bare["ci_high"].isna().all()


def test_meeting_averages_without_intervals_keep_the_values(con) -> None:
    """intervals=False: the three averages unchanged, their intervals NaN."""
    full = metrics.meeting_averages(con, Selection())
    bare = metrics.meeting_averages(con, Selection(), intervals=False)
    assert full[["metric", "value", "meetings_n"]].equals(bare[["metric", "value", "meetings_n"]])
    assert all(math.isnan(v) for v in [*bare["ci_low"], *bare["ci_high"]])
