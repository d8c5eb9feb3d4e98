"""Agreement of two observers: talk-share difference, Cohen's kappa, Krippendorff's alpha.

Both tiny sessions run 4 s. A: P01 0..2, P02 2..4. B: P01 0..3, P02 3..4.
Seconds (labelled at t + 0.5): A = P01 P01 P02 P02, B = P01 P01 P01 P02.
"""

from __future__ import annotations

import pytest

from pipelines.logger.agreement import agreement
from pipelines.logger.journal import parse_journal
from tests.logger.conftest import events, session


def _pair():
    a = parse_journal(events("A", session(), (0, "speak", {"member_id": "P01"}),
                             (2, "speak", {"member_id": "P02"}), (4, "end", {})))
    b = parse_journal(events("B", session(), (0, "speak", {"member_id": "P01"}),
                             (3, "speak", {"member_id": "P02"}), (4, "end", {})))
    return agreement(a, b)


def test_talk_share_difference_per_member():
    # P01: A 2/4 = 50 %, B 3/4 = 75 % -> -25 points; P02: 50 % - 25 % = +25 points.
    shares = {s.member_id: round(s.difference_points, 6) for s in _pair().shares}
    assert {"P01": -25.0, "P02": 25.0} == shares


def test_cohen_kappa_of_the_floor_labels():
    # observed 3/4 = 0.75; expected 0.5*0.75 + 0.5*0.25 = 0.5; kappa (0.75-0.5)/0.5 = 0.5.
    result = _pair()
    assert 0.75 == pytest.approx(result.observed)
    assert 0.5 == pytest.approx(result.kappa)


def test_krippendorff_alpha_of_the_floor_labels():
    # Coincidences: P01-P01 4, P02-P02 2, P01-P02 2 (one unit, both ways); n = 8,
    # n_P01 = 5, n_P02 = 3. alpha = 1 - (n-1) * 2 / (2 * 5 * 3) = 1 - 14/30 = 16/30.
    assert 16 / 30 == pytest.approx(_pair().alpha)
