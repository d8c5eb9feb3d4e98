"""Cluster bootstrap over meetings: 95% percentile intervals for pooled figures.

Meetings are the clusters: a resample draws meetings with replacement, and a pooled figure
is recomputed from the drawn meetings' sums. Resamples are held as a count matrix W
(resamples x meetings, W[b, m] = times meeting m was drawn), so every pooled sum is one
matrix product. A fixed seed makes the same data always give the same interval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "MIN_MEETINGS",
    "Estimate",
    "Difference",
    "draw_weights",
    "estimate",
    "difference",
    "ratio_of_sums",
    "pooled_ratio",
    "mean_of",
]

MIN_MEETINGS = 3  # no interval below this many meetings

Statistic = Callable[[np.ndarray], np.ndarray]  # W (B x n) -> one value per row


@dataclass(frozen=True)
class Estimate:
    value: float
    ci_low: float
    ci_high: float
    meetings_n: int
    too_few: bool


@dataclass(frozen=True)
class Difference:
    first: float
    second: float
    difference: float  # second - first
    ci_low: float
    ci_high: float
    first_n: int
    second_n: int


def draw_weights(n: int, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Count matrix of `resamples` draws of n meetings with replacement."""
    if n == 0:
        return np.zeros((resamples, 0))
    picks = rng.integers(0, n, size=(resamples, n))
    flat = (picks + np.arange(resamples)[:, None] * n).ravel()
    return np.bincount(flat, minlength=resamples * n).reshape(resamples, n).astype(float)


def _divide(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom != 0, top / np.where(bottom != 0, bottom, 1), np.nan)


def ratio_of_sums(top: np.ndarray, bottom: np.ndarray) -> Statistic:
    """sum(top) / sum(bottom) over the drawn meetings."""
    top, bottom = np.asarray(top, float), np.asarray(bottom, float)
    return lambda w: _divide(w @ top, w @ bottom)


def pooled_ratio(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> Statistic:
    """(sum a / sum b) / (sum c / sum d): the pooled equity ratio (a ratio of sums)."""
    first, second = ratio_of_sums(a, b), ratio_of_sums(c, d)
    return lambda w: _divide(first(w), second(w))


def mean_of(x: np.ndarray) -> Statistic:
    """Mean over the drawn meetings, each meeting weighing the same."""
    x = np.asarray(x, float)
    return lambda w: _divide(w @ x, w.sum(axis=1))


def _interval(samples: np.ndarray, point: float) -> tuple[float, float]:
    samples = samples[~np.isnan(samples)]
    if samples.size == 0 or np.isnan(point):
        return float("nan"), float("nan")
    low, high = np.percentile(samples, [2.5, 97.5])
    # a percentile interval of a skewed ratio can, very rarely, miss its own point estimate;
    # widen it to include the estimate rather than show an interval beside the figure
    return float(min(low, point)), float(max(high, point))


def estimate(statistic: Statistic, n: int, resamples: int, seed: int) -> Estimate:
    """Point value and 95% interval; NaN interval and too_few below MIN_MEETINGS meetings."""
    point = float(statistic(np.ones((1, n)))[0]) if n else float("nan")
    if n < MIN_MEETINGS:
        return Estimate(point, float("nan"), float("nan"), n, True)
    weights = draw_weights(n, resamples, np.random.default_rng(seed))
    low, high = _interval(statistic(weights), point)
    return Estimate(point, low, high, n, False)


def difference(first: Statistic, first_n: int, second: Statistic, second_n: int,
               resamples: int, seed: int) -> Difference:
    """second - first, meetings resampled within each set; NaN interval if either < 3."""
    a = float(first(np.ones((1, first_n)))[0]) if first_n else float("nan")
    b = float(second(np.ones((1, second_n)))[0]) if second_n else float("nan")
    point = b - a
    if min(first_n, second_n) < MIN_MEETINGS:
        return Difference(a, b, point, float("nan"), float("nan"), first_n, second_n)
    rng = np.random.default_rng(seed)
    w_first = draw_weights(first_n, resamples, rng)
    w_second = draw_weights(second_n, resamples, rng)
    low, high = _interval(second(w_second) - first(w_first), point)
    return Difference(a, b, point, low, high, first_n, second_n)
