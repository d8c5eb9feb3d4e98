"""Above settings.bootstrap_max_meetings a figure's 95% interval is linearised (delta
method) instead of bootstrapped: hand-worked intervals, agreement with the bootstrap on
skewed synthetic meetings, and the switch at the threshold."""

from __future__ import annotations

import numpy as np
import pytest

from pipelines import metrics
from pipelines.metrics import Selection
from pipelines.metrics import bootstrap as bs

# a ratio of sums over 4 meetings: A = 2+4+1+3 = 10, B = 4+4+2+10 = 20, R = A/B = 0.5
TOP = np.array([2.0, 4.0, 1.0, 3.0])
BOTTOM = np.array([4.0, 4.0, 2.0, 10.0])


def test_ratio_of_sums_linearised_by_hand() -> None:
    """4 meetings above a threshold of 2: R +/- 1.959964 SE, SE from z_i = (a_i - R b_i)/B."""
    # gradient of A/B: (1/B, -A/B^2), so z_i = (a_i - R b_i) / B
    # a - 0.5 b = (0, 2, 0, -2) -> z = (0, 0.1, 0, -0.1), mean 0
    # SE = sqrt(0 + 0.01 + 0 + 0.01) = sqrt(0.02) = 0.141421; 1.959964 x SE = 0.277181
    est = bs.estimate(bs.ratio_of_sums(TOP, BOTTOM), 4, 2000, 1, max_meetings=2)
    assert (0.5, False, 4) == (est.value, est.too_few, est.meetings_n)
    assert (0.5 - 0.277181, 0.5 + 0.277181) == pytest.approx((est.ci_low, est.ci_high), abs=1e-6)


def test_difference_of_independent_sets_adds_variances() -> None:
    """Means over 3 and 4 meetings, both above a threshold of 2: variances add."""
    # mean (1,2,3) = 2: z_i = (x_i - 2)/3 = (-1, 0, 1)/3, sum z^2 = 2/9 = 0.222222
    # mean (2,4,6,8) = 5: z_i = (x_i - 5)/4 = (-3,-1,1,3)/4, sum z^2 = 20/16 = 1.25
    # difference 5 - 2 = 3, SE = sqrt(0.222222 + 1.25) = 1.213352; 1.959964 x SE = 2.378126
    diff = bs.difference(bs.mean_of(np.array([1.0, 2.0, 3.0])), 3,
                         bs.mean_of(np.array([2.0, 4.0, 6.0, 8.0])), 4, 2000, 1,
                         max_meetings=2)
    assert (2.0, 5.0, 3.0) == pytest.approx((diff.first, diff.second, diff.difference))
    assert (3 - 2.378126, 3 + 2.378126) == pytest.approx((diff.ci_low, diff.ci_high), abs=1e-6)


def test_paired_difference_uses_each_meetings_difference() -> None:
    """Two ratios over the same 4 meetings: z_i = z_second,i - z_first,i."""
    # first: TOP/BOTTOM, z1 = (0, 0.1, 0, -0.1) (test above)
    # second: (4,2,2,2)/BOTTOM = 10/20 = 0.5, c - 0.5 b = (2, 0, 1, -3), z2 = (0.1, 0, 0.05, -0.15)
    # z2 - z1 = (0.1, -0.1, 0.05, -0.05): sum of squares 0.025, SE 0.158114
    # difference 0.5 - 0.5 = 0, 1.959964 x SE = 0.309898
    # (as independent sets the variance would be 0.02 + 0.035 = 0.055: pairing matters)
    first = bs.ratio_of_sums(TOP, BOTTOM)
    second = bs.ratio_of_sums(np.array([4.0, 2.0, 2.0, 2.0]), BOTTOM)
    diff = bs.paired_differences([(first, second)], 4, 2000, 1, max_meetings=2)[0]
    assert 0.0 == pytest.approx(diff.difference, abs=1e-12)
    assert (-0.309898, 0.309898) == pytest.approx((diff.ci_low, diff.ci_high), abs=1e-6)


def test_pooled_equity_linearised_through_the_setting(con, monkeypatch) -> None:
    """COPDASH_BOOTSTRAP_MAX_MEETINGS=3: the lay ratio over 4 observed meetings is linearised."""
    # lay talk a = (60,30,0,60) of b = (300,120,150,200); lay attendees c = (1,2,0,2) of
    # d = (3,3,2,4): A = 150, B = 770, C = 5, D = 12, f = A D / (B C) = 1800/3850 = 0.467532
    # f = A D/(B C) so z_i = f (a_i/A - b_i/B - c_i/C + d_i/D):
    #   M1 0.4 - 0.389610 - 0.2 + 0.25     =  0.060390
    #   M2 0.2 - 0.155844 - 0.4 + 0.25     = -0.105844
    #   M3 0   - 0.194805 - 0   + 0.166667 = -0.028139
    #   M4 0.4 - 0.259740 - 0.4 + 0.333333 =  0.073593   (they add to 0)
    # sum of squares 0.021058 -> SE = 0.467532 x 0.145112 = 0.067845; 1.959964 SE = 0.132973
    monkeypatch.setenv("COPDASH_BOOTSTRAP_MAX_MEETINGS", "3")
    lay = metrics.pooled_equity(con, Selection()).set_index("group").loc["lay"]
    assert (0.467532, 0.334559, 0.600506) == pytest.approx(
        (lay["equity_ratio"], lay["ci_low"], lay["ci_high"]), abs=1e-6)


def test_the_switch_is_at_the_threshold(con, monkeypatch) -> None:
    """4 observed meetings: a threshold of 4 keeps the bootstrap, 3 linearises."""
    # bootstrap (the default threshold is far above 4): lay 0.467532 in [0.277778, 0.666667],
    # not symmetric about the figure; linearised: [0.334559, 0.600506] (test above)
    default = metrics.pooled_equity(con, Selection())
    monkeypatch.setenv("COPDASH_BOOTSTRAP_MAX_MEETINGS", "4")
    at = metrics.pooled_equity(con, Selection())
    monkeypatch.setenv("COPDASH_BOOTSTRAP_MAX_MEETINGS", "3")
    above = metrics.pooled_equity(con, Selection()).set_index("group").loc["lay"]
    assert default.equals(at)
    assert (0.334559, 0.600506) == pytest.approx((above["ci_low"], above["ci_high"]), abs=1e-6)


def test_estimate_switch_just_below_and_above() -> None:
    """n = max_meetings: the bootstrap (same as no threshold); n = max_meetings + 1: linearised."""
    values = np.array([0.2, 0.9, 0.4, 0.7, 0.1])
    stat = bs.mean_of(values)
    bootstrap = bs.estimate(stat, 5, 500, 3)
    # mean 2.3/5 = 0.46; x - 0.46 = (-0.26, 0.44, -0.06, 0.24, -0.36), squares add to 0.452;
    # z_i = (x_i - 0.46)/5, sum z^2 = 0.452/25 = 0.01808, SE = 0.134462
    assert bootstrap == bs.estimate(stat, 5, 500, 3, max_meetings=5)
    linear = bs.estimate(stat, 5, 500, 3, max_meetings=4)
    assert (0.46 - 1.959964 * 0.134462, 0.46 + 1.959964 * 0.134462) == pytest.approx(
        (linear.ci_low, linear.ci_high), abs=1e-6)


def _meetings(n: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Skewed synthetic meetings: 0-5 lay and 1-8 other attendees, each attendee's talk
    lognormal(4, 1.2) seconds, a fifth silent. Columns: lay talk, all talk, lay attendees,
    all attendees."""
    lay_n, other_n = rng.integers(0, 6, n), rng.integers(1, 9, n)

    def talk(counts: np.ndarray) -> np.ndarray:
        seconds = rng.lognormal(4, 1.2, counts.sum()) * (rng.random(counts.sum()) > 0.2)
        starts = np.r_[0, np.cumsum(counts)[:-1]]
        return np.add.reduceat(np.r_[seconds, 0], starts) * (counts > 0)

    lay, other = talk(lay_n), talk(other_n)
    return [lay, lay + other, lay_n.astype(float), (lay_n + other_n).astype(float)]


def _gap(linear, bootstrap) -> float:
    """Largest endpoint gap as a share of the bootstrap interval's half-width."""
    half = (bootstrap.ci_high - bootstrap.ci_low) / 2
    return max(abs(linear.ci_low - bootstrap.ci_low), abs(linear.ci_high - bootstrap.ci_high)) / half


def test_linearised_agrees_with_the_bootstrap_on_many_meetings() -> None:
    """3,000 skewed meetings: each linearised endpoint within 10% of the bootstrap's
    half-width (pooled ratio, mean, independent and paired differences).

    Why 10%: a percentile of B = 2,000 resamples has Monte Carlo standard error
    sqrt(0.025 x 0.975 / 2000) / phi(1.96) = 0.0035 / 0.0584 = 0.060 SD, which is 3% of a
    half-width of 1.96 SD; 10% is over 3 such errors, room for the small skew the normal
    interval ignores (measured on such data: 2-8%, the bootstrap against itself with
    another seed 3-9%)."""
    n, seed = 3000, 20180201
    rng = np.random.default_rng(7)
    first, second = bs.pooled_ratio(*_meetings(n, rng)), bs.pooled_ratio(*_meetings(n, rng))
    mean = bs.mean_of(rng.beta(2, 5, n) ** 2)
    lay_talk, talk, lay_n, all_n = _meetings(n, rng)
    paired = (bs.ratio_of_sums(lay_n, all_n), bs.ratio_of_sums(lay_talk, talk))
    def both(interval):  # (linearised, bootstrap): threshold just below n, then at n
        return interval(n - 1), interval(n)

    gaps = [
        _gap(*both(lambda limit: bs.estimate(first, n, 2000, seed, max_meetings=limit))),
        _gap(*both(lambda limit: bs.estimate(mean, n, 2000, seed, max_meetings=limit))),
        _gap(*both(lambda limit: bs.difference(first, n, second, n, 2000, seed,
                                               max_meetings=limit))),
        _gap(*both(lambda limit: bs.paired_differences([paired], n, 2000, seed,
                                                       max_meetings=limit)[0])),
    ]
    assert all(gap < 0.10 for gap in gaps), gaps


def test_one_large_side_keeps_the_small_sides_bootstrap() -> None:
    """A difference of 30 meetings (bootstrapped) and 3,000 (linearised): the interval is
    within 10% (half-width) of the all-bootstrap one, and the figures are unchanged."""
    rng = np.random.default_rng(11)
    small, large = bs.pooled_ratio(*_meetings(30, rng)), bs.pooled_ratio(*_meetings(3000, rng))
    boot = bs.difference(small, 30, large, 3000, 2000, 5)
    mixed = bs.difference(small, 30, large, 3000, 2000, 5, max_meetings=100)
    assert (boot.first, boot.second, boot.difference) == (mixed.first, mixed.second,
                                                          mixed.difference)
    assert _gap(mixed, boot) < 0.10


def test_undefined_figure_has_no_linearised_interval() -> None:
    """A ratio whose denominator sums to 0 (a group never present) is blank, interval too."""
    # 0/0 is undefined: the figure, and so its interval, is NaN, as with the bootstrap
    est = bs.estimate(bs.ratio_of_sums(np.zeros(5), np.zeros(5)), 5, 2000, 1, max_meetings=2)
    assert all(np.isnan([est.value, est.ci_low, est.ci_high]))
