"""Cluster bootstrap over meetings: 95% percentile intervals for pooled figures.

Meetings are the clusters: a resample draws meetings with replacement, and a pooled figure
is recomputed from the drawn meetings' sums. Resamples are held as a count matrix W
(resamples x meetings, W[b, m] = times meeting m was drawn), so every pooled sum is one
matrix product. A fixed seed makes the same data always give the same interval.

W is drawn in blocks of `CHUNK` resamples, so memory stays at CHUNK x meetings counts
whatever the number of resamples (a whole 2,000 x 54,000-meeting matrix would be about
0.9 GB); the blocks come from one generator in order, so the draws, and the intervals, are
the same as drawing W at once. Figures over the same number of meetings with the same
seed get the same draws, so `estimates` and `differences` draw once for several figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from pipelines.metrics._blas import single_thread

__all__ = [
    "CHUNK",
    "MIN_MEETINGS",
    "Estimate",
    "Difference",
    "draw_weights",
    "estimate",
    "estimates",
    "difference",
    "differences",
    "paired_differences",
    "point",
    "ratio_of_sums",
    "pooled_ratio",
    "mean_of",
]

MIN_MEETINGS = 3  # no interval below this many meetings
CHUNK = 250  # resamples per block of the count matrix

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
    # int32 picks are the same numbers as int64 ones from the same generator, half the memory;
    # the offsets are int64, so the flat index is computed (and widened) in one pass
    picks = rng.integers(0, n, size=(resamples, n), dtype=np.int32)
    flat = (picks + (np.arange(resamples, dtype=np.int64) * n)[:, None]).ravel()
    return np.bincount(flat, minlength=resamples * n).reshape(resamples, n).astype(float)


def _blocks(n: int, resamples: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """The count matrix of `resamples` draws, CHUNK rows at a time."""
    for start in range(0, resamples, CHUNK):
        yield draw_weights(n, min(CHUNK, resamples - start), rng)


def _samples(statistics: Sequence[Statistic], n: int, resamples: int,
             rng: np.random.Generator) -> np.ndarray:
    """Each statistic on each resample (len(statistics) x resamples), drawn block by block."""
    with single_thread():
        blocks = [np.stack([statistic(w) for statistic in statistics])
                  for w in _blocks(n, resamples, rng)]
    return np.concatenate(blocks, axis=1) if blocks else np.empty((len(statistics), 0))


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


def point(statistic: Statistic, n: int) -> float:
    """The figure over all n meetings, each drawn once (NaN without meetings)."""
    return float(statistic(np.ones((1, n)))[0]) if n else float("nan")


def _interval(samples: np.ndarray, point: float) -> tuple[float, float]:
    samples = samples[~np.isnan(samples)]
    if samples.size == 0 or np.isnan(point):
        return float("nan"), float("nan")
    low, high = np.percentile(samples, [2.5, 97.5])
    # a percentile interval of a skewed ratio can, very rarely, miss its own point estimate;
    # widen it to include the estimate rather than show an interval beside the figure
    return float(min(low, point)), float(max(high, point))


def estimates(statistics: Sequence[Statistic], n: int, resamples: int, seed: int,
              *, intervals: bool = True) -> list[Estimate]:
    """`estimate` of several figures over the same n meetings, from one set of draws.

    intervals=False gives the point values only (NaN intervals), for figures shown without
    one; too_few still says whether an interval would have been shown."""
    values = [point(statistic, n) for statistic in statistics]
    if n < MIN_MEETINGS or not intervals or not statistics:
        return [Estimate(v, float("nan"), float("nan"), n, n < MIN_MEETINGS) for v in values]
    samples = _samples(statistics, n, resamples, np.random.default_rng(seed))
    return [Estimate(v, *_interval(s, v), n, False) for v, s in zip(values, samples, strict=True)]


def estimate(statistic: Statistic, n: int, resamples: int, seed: int) -> Estimate:
    """Point value and 95% interval; NaN interval and too_few below MIN_MEETINGS meetings."""
    return estimates([statistic], n, resamples, seed)[0]


def differences(pairs: Sequence[tuple[Statistic, Statistic]], first_n: int, second_n: int,
                resamples: int, seed: int) -> list[Difference]:
    """`difference` of several figures over the same two sets of meetings, one set of draws
    (the first set's draws, then the second's, from one generator, as `difference`)."""
    rows = []
    for first, second in pairs:
        a, b = point(first, first_n), point(second, second_n)
        rows.append([a, b, b - a])
    if min(first_n, second_n) < MIN_MEETINGS or not pairs:
        return [Difference(a, b, d, float("nan"), float("nan"), first_n, second_n)
                for a, b, d in rows]
    rng = np.random.default_rng(seed)
    first_samples = _samples([f for f, _ in pairs], first_n, resamples, rng)
    second_samples = _samples([s for _, s in pairs], second_n, resamples, rng)
    return [Difference(a, b, d, *_interval(s2 - s1, d), first_n, second_n)
            for (a, b, d), s1, s2 in zip(rows, first_samples, second_samples, strict=True)]


def difference(first: Statistic, first_n: int, second: Statistic, second_n: int,
               resamples: int, seed: int) -> Difference:
    """second - first, meetings resampled within each set; NaN interval if either < 3."""
    return differences([(first, second)], first_n, second_n, resamples, seed)[0]


def paired_differences(pairs: Sequence[tuple[Statistic, Statistic]], n: int, resamples: int,
                       seed: int) -> list[Difference]:
    """second - first where both figures are over the same n meetings (e.g. attendees in
    the room and remote at the same hybrid meetings): one draw serves both sides."""
    rows = []
    for first, second in pairs:
        a, b = point(first, n), point(second, n)
        rows.append([a, b, b - a])
    if n < MIN_MEETINGS or not pairs:
        return [Difference(a, b, d, float("nan"), float("nan"), n, n) for a, b, d in rows]
    samples = _samples([s for pair in pairs for s in pair], n, resamples,
                       np.random.default_rng(seed))
    return [Difference(a, b, d, *_interval(samples[2 * i + 1] - samples[2 * i], d), n, n)
            for i, (a, b, d) in enumerate(rows)]
