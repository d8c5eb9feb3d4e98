"""95% intervals for pooled figures: cluster bootstrap over meetings, linearised when large.

Meetings are the clusters: a resample draws meetings with replacement, and a pooled figure
is recomputed from the drawn meetings' sums. Resamples are held as a count matrix W
(resamples x meetings, W[b, m] = times meeting m was drawn), so every pooled sum is one
matrix product. A fixed seed makes the same data always give the same interval.

W is drawn in blocks of `CHUNK` resamples, so memory stays at CHUNK x meetings counts
whatever the number of resamples (a whole 2,000 x 54,000-meeting matrix would be about
0.9 GB); the blocks come from one generator in order, so the draws, and the intervals, are
the same as drawing W at once. Figures over the same number of meetings with the same
seed get the same draws, so `estimates` and `differences` draw once for several figures.

Above `max_meetings` meetings (settings.bootstrap_max_meetings) the bootstrap costs
seconds (2,000 x n counts and products) and a linearised (delta-method) interval replaces
it: every figure here is a smooth function f of a few sums over meetings, S = sum_i x_i,
so to first order a resample moves it by grad f(S) . (sum of the drawn x_i - S). With
z_i = grad f(S) . x_i, the multinomial resampling variance of that is sum_i (z_i - mean z)^2,
which is what the bootstrap estimates; the interval is value +/- 1.959964 SE. With
thousands of meetings the figures are close to normal and the two intervals agree to a few
per cent of their width (docs/metrics.md, "95% intervals"), at well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from pipelines.metrics._blas import single_thread

__all__ = [
    "CHUNK",
    "MIN_MEETINGS",
    "Z95",
    "Estimate",
    "Difference",
    "Statistic",
    "draw_weights",
    "estimate",
    "estimates",
    "difference",
    "differences",
    "paired_differences",
    "linearised_se",
    "point",
    "ratio_of_sums",
    "pooled_ratio",
    "mean_of",
]

MIN_MEETINGS = 3  # no interval below this many meetings
CHUNK = 250  # resamples per block of the count matrix
Z95 = 1.959964  # the standard normal's 97.5% point: value +/- Z95 SE is a 95% interval


@dataclass(frozen=True, eq=False)
class Statistic:
    """A pooled figure: a smooth function f of k sums over meetings.

    `columns` holds k arrays, each meeting's values of one summed quantity. Called on a
    count matrix W (B x n) it gives the figure on each resample (as the bootstrap needs);
    `gradient` (k sums -> k partial derivatives of f, worked out by hand per kind of figure,
    exact rather than numeric differences) gives its linearised interval.
    """

    columns: tuple[np.ndarray, ...]  # k arrays of n values (not stacked: no copy)
    f: Callable[[Sequence[np.ndarray]], np.ndarray]  # the k sums (arrays) -> the figure
    gradient: Callable[[np.ndarray], np.ndarray]  # the k sums (floats) -> df/dS_j

    def __call__(self, w: np.ndarray) -> np.ndarray:
        # one product per column (not w @ columns.T) keeps the figures bit for bit those of
        # the earlier per-figure closures
        return self.f([w @ column for column in self.columns])

    def contributions(self) -> np.ndarray:
        """z_i = grad f(S) . x_i: each meeting's first-order share of the figure's change.

        Elementwise, not a matrix product: a (k x 55,000) product goes to the
        multi-threaded BLAS, which on a busy 2-core machine took 10-270 ms instead of 1."""
        with np.errstate(divide="ignore", invalid="ignore"):
            gradient = self.gradient(np.array([column.sum() for column in self.columns]))
            return sum(g * column for g, column in zip(gradient, self.columns, strict=True))


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


def _ratio(sums: Sequence[np.ndarray]) -> np.ndarray:
    return _divide(sums[0], sums[1])


def _ratio_gradient(s: np.ndarray) -> np.ndarray:
    # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
    return np.array([1 / s[1], -s[0] / s[1] ** 2])


def ratio_of_sums(top: np.ndarray, bottom: np.ndarray) -> Statistic:
    """sum(top) / sum(bottom) over the drawn meetings."""
    return Statistic((np.asarray(top, float), np.asarray(bottom, float)), _ratio,
                     _ratio_gradient)


def _pooled(sums: Sequence[np.ndarray]) -> np.ndarray:
    return _divide(_divide(sums[0], sums[1]), _divide(sums[2], sums[3]))


def _pooled_gradient(s: np.ndarray) -> np.ndarray:
    # f = (a/b)/(c/d) = a d / (b c): df/da = d/(bc), df/db = -ad/(b^2 c),
    # df/dc = -ad/(b c^2), df/dd = a/(bc)
    a, b, c, d = s
    return np.array([d / (b * c), -a * d / (b * b * c), -a * d / (b * c * c), a / (b * c)])


def pooled_ratio(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> Statistic:
    """(sum a / sum b) / (sum c / sum d): the pooled equity ratio (a ratio of sums)."""
    return Statistic(tuple(np.asarray(x, float) for x in (a, b, c, d)), _pooled,
                     _pooled_gradient)


def mean_of(x: np.ndarray) -> Statistic:
    """Mean over the drawn meetings, each meeting weighing the same (sum x / meetings)."""
    x = np.asarray(x, float)
    return Statistic((x, np.ones_like(x)), _ratio, _ratio_gradient)


def point(statistic: Statistic, n: int) -> float:
    """The figure over all n meetings, each drawn once (NaN without meetings)."""
    if not n:
        return float("nan")
    # one thread: no waits for busy cores, and the same last digits on any machine (a
    # multi-threaded 1 x 55,000 product splits the sum by core count: 1e-16 apart)
    with single_thread():
        return float(statistic(np.ones((1, n)))[0])


def linearised_se(z: np.ndarray) -> float:
    """Standard error of sum_i z_i when n meetings are drawn with replacement from n: the
    multinomial counts have variance n p (1 - p) and covariance -n p^2 (p = 1/n), which
    gives sum_i (z_i - mean z)^2."""
    return float(np.sqrt(np.sum((z - z.mean()) ** 2))) if z.size else float("nan")


def _linearised(value: float, se: float) -> tuple[float, float]:
    if np.isnan(value) or np.isnan(se):
        return float("nan"), float("nan")
    # symmetric about the value, so it always contains it (no widening needed)
    return float(value - Z95 * se), float(value + Z95 * se)


def _is_large(n: int, max_meetings: int | None) -> bool:
    """Linearised rather than bootstrapped: more than max_meetings meetings (None: never)."""
    return max_meetings is not None and n > max_meetings


def _interval(samples: np.ndarray, point: float) -> tuple[float, float]:
    samples = samples[~np.isnan(samples)]
    if samples.size == 0 or np.isnan(point):
        return float("nan"), float("nan")
    low, high = np.percentile(samples, [2.5, 97.5])
    # a percentile interval of a skewed ratio can, very rarely, miss its own point estimate;
    # widen it to include the estimate rather than show an interval beside the figure
    return float(min(low, point)), float(max(high, point))


def estimates(statistics: Sequence[Statistic], n: int, resamples: int, seed: int,
              *, intervals: bool = True, max_meetings: int | None = None) -> list[Estimate]:
    """`estimate` of several figures over the same n meetings, from one set of draws.

    intervals=False gives the point values only (NaN intervals), for figures shown without
    one; too_few still says whether an interval would have been shown. Above max_meetings
    meetings the interval is linearised (None: always the bootstrap)."""
    values = [point(statistic, n) for statistic in statistics]
    if n < MIN_MEETINGS or not intervals or not statistics:
        return [Estimate(v, float("nan"), float("nan"), n, n < MIN_MEETINGS) for v in values]
    if _is_large(n, max_meetings):
        return [Estimate(v, *_linearised(v, linearised_se(s.contributions())), n, False)
                for v, s in zip(values, statistics, strict=True)]
    samples = _samples(statistics, n, resamples, np.random.default_rng(seed))
    return [Estimate(v, *_interval(s, v), n, False) for v, s in zip(values, samples, strict=True)]


def estimate(statistic: Statistic, n: int, resamples: int, seed: int,
             *, max_meetings: int | None = None) -> Estimate:
    """Point value and 95% interval; NaN interval and too_few below MIN_MEETINGS meetings."""
    return estimates([statistic], n, resamples, seed, max_meetings=max_meetings)[0]


def _side_samples(statistics: Sequence[Statistic], values: Sequence[float], n: int,
                  resamples: int, rng: np.random.Generator, large: bool) -> np.ndarray:
    """One side of a difference on each resample: the bootstrap, or for a large side draws
    from its linearised (normal) distribution, value + SE x N(0, 1), shared by its figures."""
    if not large:
        return _samples(statistics, n, resamples, rng)
    normal = rng.standard_normal(resamples)
    ses = [linearised_se(s.contributions()) for s in statistics]
    return np.array([v + se * normal for v, se in zip(values, ses, strict=True)])


def differences(pairs: Sequence[tuple[Statistic, Statistic]], first_n: int, second_n: int,
                resamples: int, seed: int, *, max_meetings: int | None = None
                ) -> list[Difference]:
    """`difference` of several figures over the same two sets of meetings, one set of draws
    (the first set's draws, then the second's, from one generator, as `difference`).

    Each set over max_meetings meetings is linearised: both large, the variances add
    (independent sets) and the interval is difference +/- Z95 SE; one large, its normal
    draws stand in for its bootstrap so the small side keeps its percentile shape."""
    rows = []
    for first, second in pairs:
        a, b = point(first, first_n), point(second, second_n)
        rows.append([a, b, b - a])
    if min(first_n, second_n) < MIN_MEETINGS or not pairs:
        return [Difference(a, b, d, float("nan"), float("nan"), first_n, second_n)
                for a, b, d in rows]
    first_large, second_large = _is_large(first_n, max_meetings), _is_large(second_n, max_meetings)
    if first_large and second_large:
        found = []
        for (a, b, d), (first, second) in zip(rows, pairs, strict=True):
            se = np.hypot(linearised_se(first.contributions()),
                          linearised_se(second.contributions()))
            found.append(Difference(a, b, d, *_linearised(d, se), first_n, second_n))
        return found
    rng = np.random.default_rng(seed)
    first_samples = _side_samples([f for f, _ in pairs], [r[0] for r in rows], first_n,
                                  resamples, rng, first_large)
    second_samples = _side_samples([s for _, s in pairs], [r[1] for r in rows], second_n,
                                   resamples, rng, second_large)
    return [Difference(a, b, d, *_interval(s2 - s1, d), first_n, second_n)
            for (a, b, d), s1, s2 in zip(rows, first_samples, second_samples, strict=True)]


def difference(first: Statistic, first_n: int, second: Statistic, second_n: int,
               resamples: int, seed: int, *, max_meetings: int | None = None) -> Difference:
    """second - first, meetings resampled within each set; NaN interval if either < 3."""
    return differences([(first, second)], first_n, second_n, resamples, seed,
                       max_meetings=max_meetings)[0]


def paired_differences(pairs: Sequence[tuple[Statistic, Statistic]], n: int, resamples: int,
                       seed: int, *, max_meetings: int | None = None) -> list[Difference]:
    """second - first where both figures are over the same n meetings (e.g. attendees in
    the room and remote at the same hybrid meetings): one draw serves both sides; linearised
    above max_meetings with z_i = z_second,i - z_first,i (a meeting moves both sides)."""
    rows = []
    for first, second in pairs:
        a, b = point(first, n), point(second, n)
        rows.append([a, b, b - a])
    if n < MIN_MEETINGS or not pairs:
        return [Difference(a, b, d, float("nan"), float("nan"), n, n) for a, b, d in rows]
    if _is_large(n, max_meetings):
        return [Difference(a, b, d, *_linearised(d, linearised_se(
                    second.contributions() - first.contributions())), n, n)
                for (a, b, d), (first, second) in zip(rows, pairs, strict=True)]
    samples = _samples([s for pair in pairs for s in pair], n, resamples,
                       np.random.default_rng(seed))
    return [Difference(a, b, d, *_interval(samples[2 * i + 1] - samples[2 * i], d), n, n)
            for i, (a, b, d) in enumerate(rows)]
