"""A fair comparison of online and in-person meetings: within-member and adjusted.

The raw difference (participation.mode_comparison) compares all online meetings with all
in-person ones, so it mixes the mode with who came, which CoP met, the kind of meeting,
its size and the time (a move online during Covid-19). Two figures stand beside it:

- within-member: the same members' talk share and equity ratio in each mode (members who
  attended observed meetings of both modes only), the mean paired difference online -
  in person with a t interval (scipy);
- adjusted: the group's per-meeting equity ratio modelled on mode, meeting type, group size
  (attendees) and time (months since the selection's first meeting), with the CoP as a
  random effect (statsmodels MixedLM). When the mixed model cannot be fitted (fewer than
  `MIN_COPS_MIXED` CoPs, a singular fit), does not converge, or would be slow (more than
  `MAX_COPS_MIXED` CoPs: it is not tried), a documented simpler estimator stands in: OLS
  with CoP fixed effects and cluster-robust (by CoP) standard errors (HC1 with a single
  CoP), fitted within CoPs (each meeting's figures minus its CoP's means), which gives the
  same coefficient and interval as one dummy per CoP without building them. The model is
  fitted on one row per meeting, never on turns; the dashboard caches the answer.

Definitions and caveats: docs/metrics.md, "A fair comparison of online and in person".
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from pipelines.metrics import participation
from pipelines.metrics._sql import covers_all, query
from pipelines.metrics.selection import MEMBER_TYPES, Selection

__all__ = ["member_mode", "within_member", "adjusted_mode_effect", "fit_adjusted",
           "mode_overlap_warning", "fair_comparison", "side_by_side"]

MIN_PAIRED = 5  # fewer members in both modes: a warning beside the figure
MIN_COPS_MIXED = 3  # a CoP random effect needs a few CoPs to estimate its variance
# Above this many CoPs the mixed model is not tried: MixedLM's fit loops over CoPs in Python
# (0.6 s at 200 CoPs, 1.5 s at 330 on the 1M benchmark programme, where it then did not
# converge), while the within-CoP fixed-effects fit takes milliseconds at any size.
MAX_COPS_MIXED = 200
MIN_MODEL_MEETINGS = 4  # fewer meetings of either mode: no adjusted estimate
OVERLAP_SHARE = 0.2  # under this share of meetings in the months both modes were used: warn
WITHIN_COLUMNS = ["metric", "group", "members_n", "in_person", "online", "difference",
                  "ci_low", "ci_high", "note"]
ADJUSTED_COLUMNS = ["group", "estimate", "ci_low", "ci_high", "method", "meetings_n",
                    "in_person_n", "online_n", "cops_n", "note", "overlap_warning"]


def member_mode(con, sel: Selection) -> pd.DataFrame:
    """One row per member (not a facilitator) and mode (in_person, online) with at least
    one observed meeting of that mode attended in the selection: the columns of
    mart_member_mode."""
    return query(con, "member_mode", sel.params())


def within_member(con, sel: Selection) -> pd.DataFrame:
    """The same members in both modes: per metric (talk_share, equity_ratio) and group
    (`all` members, then each member type), members_n (members with a defined figure in
    both modes), the mean in person and online, the mean paired difference online - in
    person with a 95% t interval (none below 2 members) and a plain note when there are
    no such members or too few to support conclusions."""
    params = sel.params()
    # a selection of every meeting (the dashboard's first view) reads the pairs built at load
    name = "member_mode_pairs_all" if covers_all(con, params) else "member_mode_pairs"
    pairs = query(con, name, params)
    # each group's rows and each figure's columns picked out once (numpy masks: pandas
    # filtering per figure and group took 25 ms of 85,000 members at 10M turns)
    types = pairs["member_type"].to_numpy(object)
    groups = {"all": np.ones(len(pairs), bool),
              **{group: types == group for group in MEMBER_TYPES}}
    rows = []
    for metric in ("talk_share", "equity_ratio"):
        in_person = pairs[f"{metric}_in_person"].to_numpy(float)
        online = pairs[f"{metric}_online"].to_numpy(float)
        both = ~np.isnan(in_person) & ~np.isnan(online)
        for group, members in groups.items():
            keep = np.flatnonzero(members & both)
            paired = pd.DataFrame({"in_person": in_person[keep], "online": online[keep]})
            rows.append({"metric": metric, "group": group, **paired_difference(paired)})
    return pd.DataFrame(rows, columns=WITHIN_COLUMNS)


def paired_difference(pairs: pd.DataFrame) -> dict[str, object]:
    """members_n, mean in person, mean online, mean of online - in person with a 95% t
    interval, and a note (no members, one member, or fewer than MIN_PAIRED)."""
    from scipy import stats

    n = len(pairs)
    nan = float("nan")
    if n == 0:
        return {"members_n": 0, "in_person": nan, "online": nan, "difference": nan,
                "ci_low": nan, "ci_high": nan,
                "note": "No member attended observed meetings of both modes, so the same "
                        "people cannot be compared in each mode."}
    diffs = (pairs["online"] - pairs["in_person"]).to_numpy(float)
    mean = float(diffs.mean())
    low = high = nan
    if n >= 2:
        half = float(stats.t.ppf(0.975, n - 1) * diffs.std(ddof=1) / math.sqrt(n))
        low, high = mean - half, mean + half
    note = None
    if n < MIN_PAIRED:
        note = (f"Only {n} member{'s' if n != 1 else ''} attended both modes: too few to "
                f"support conclusions (at least {MIN_PAIRED} are needed).")
    return {"members_n": n, "in_person": float(pairs["in_person"].mean()),
            "online": float(pairs["online"].mean()), "difference": mean, "ci_low": low,
            "ci_high": high, "note": note}


def mode_overlap_warning(frame: pd.DataFrame) -> str | None:
    """A plain warning when in-person and online meetings barely overlap in time: fewer
    than OVERLAP_SHARE of the meetings fall between the later first date and the earlier
    last date of the two modes (the months both were in use). None when they overlap."""
    dates = {mode: frame.loc[frame["mode"] == mode, "held_on"] for mode in ("in_person", "online")}
    if any(d.empty for d in dates.values()):
        return None
    start = max(d.min() for d in dates.values())
    end = min(d.max() for d in dates.values())
    within = int(((frame["held_on"] >= start) & (frame["held_on"] <= end)).sum()) if start <= end else 0
    if within >= OVERLAP_SHARE * len(frame):
        return None
    return (f"In-person and online meetings barely overlap in time (only {within} of "
            f"{len(frame)} meetings fall in the months when both were used), so no model can "
            "fully separate the effect of the mode from what else changed at that time "
            "(for example Covid-19). Read the adjusted estimate with care.")


def adjusted_mode_effect(con, sel: Selection, group: str = "lay") -> pd.DataFrame:
    """One row: the adjusted online - in person difference in `group`'s per-meeting
    equity ratio (fit_adjusted on the selection's observed in-person and online meetings),
    with its 95% interval, the estimator used, the meeting and CoP counts, a plain note
    where no estimate can be given or the simpler estimator stood in, and the overlap
    warning."""
    if group not in MEMBER_TYPES:
        raise ValueError(f"group must be one of {MEMBER_TYPES}, not {group!r}")
    frame = query(con, "mode_model_rows", {**sel.params(), "group": group})
    return pd.DataFrame([{"group": group, **fit_adjusted(frame)}], columns=ADJUSTED_COLUMNS)


def _design(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The model frame (y, online, months, attendees_n, meeting_type, cop_id) and the
    fixed-effect terms that vary in it (a constant term is left out: it cannot be fitted)."""
    held_on = pd.to_datetime(frame["held_on"])
    first = held_on.min()
    months = (held_on.dt.year - first.year) * 12 + (held_on.dt.month - first.month) + (
        held_on.dt.day - first.day) / 30.4375
    data = pd.DataFrame({
        "y": frame["equity_ratio"].astype(float).to_numpy(),
        "online": (frame["mode"] == "online").astype(float).to_numpy(),
        "months": months.astype(float).to_numpy(),
        "attendees_n": frame["attendees_n"].astype(float).to_numpy(),
        "meeting_type": frame["meeting_type"].astype(str).to_numpy(),
        "cop_id": frame["cop_id"].astype(str).to_numpy(),
    })
    terms = ["online"]
    for column in ("months", "attendees_n"):
        if data[column].nunique() > 1:
            terms.append(column)
    if data["meeting_type"].nunique() > 1:
        terms.append("C(meeting_type)")
    return data, " + ".join(terms)


def fit_adjusted(frame: pd.DataFrame, maxiter: int = 200,
                 max_cops_mixed: int = MAX_COPS_MIXED) -> dict[str, object]:
    """Fit the adjusted model on per-meeting rows (cop_id, meeting_id, held_on, mode,
    meeting_type, attendees_n, equity_ratio): the mixed model first when there are
    MIN_COPS_MIXED to `max_cops_mixed` CoPs, the OLS with CoP fixed effects (fitted within
    CoPs) when it is not tried, cannot be fitted or does not converge (`maxiter` iterations).

    Returns estimate (the `online` coefficient: online - in person, other things equal),
    ci_low, ci_high, method (`mixed_model`, `ols_cop_fixed_effects` or None), meetings_n,
    in_person_n, online_n, cops_n, note, overlap_warning."""
    in_person_n = int((frame["mode"] == "in_person").sum())
    online_n = int((frame["mode"] == "online").sum())
    cops_n = int(frame["cop_id"].nunique())
    nan = float("nan")
    result = {"estimate": nan, "ci_low": nan, "ci_high": nan, "method": None,
              "meetings_n": len(frame), "in_person_n": in_person_n, "online_n": online_n,
              "cops_n": cops_n, "note": None, "overlap_warning": None}
    if min(in_person_n, online_n) < MIN_MODEL_MEETINGS:
        result["note"] = (
            f"Only {in_person_n} in-person and {online_n} online observed meetings with this "
            f"figure: an adjusted estimate needs at least {MIN_MODEL_MEETINGS} of each.")
        return result
    result["overlap_warning"] = mode_overlap_warning(frame)
    data, terms = _design(frame)
    notes = []
    fitted = None
    if cops_n < MIN_COPS_MIXED:
        notes.append(f"With {cops_n} CoP{'s' if cops_n != 1 else ''} the CoP cannot be a "
                     "random effect, so a simpler model (CoPs as fixed effects) gives the "
                     "estimate.")
    elif cops_n > max_cops_mixed:
        notes.append(f"With {cops_n:,} CoPs (more than {max_cops_mixed:,}) the model with "
                     "the CoP as a random effect is not tried, as it would take too long to "
                     "fit, so a simpler model (CoPs as fixed effects: each CoP's meetings "
                     "compared with that CoP's own average) gives the estimate.")
    else:
        fitted = _mixed(data, terms, maxiter)
        if fitted is None:
            notes.append("The model with the CoP as a random effect did not converge, so a "
                         "simpler model (CoPs as fixed effects) gives the estimate.")
    if fitted is None:
        fitted = _ols(data, terms)
    if fitted is None:
        result["note"] = ("The adjusted model could not be fitted to these meetings (mode is "
                          "fully explained by the other factors); no adjusted estimate.")
        return result
    estimate, low, high, method = fitted
    result.update({"estimate": estimate, "ci_low": low, "ci_high": high, "method": method,
                   "note": " ".join(notes) or None})
    return result


def _mixed(data: pd.DataFrame, terms: str, maxiter: int):
    """The mixed model's online coefficient and 95% interval, or None when it fails or
    does not converge (statsmodels' ConvergenceWarning, a singular or boundary fit)."""
    import statsmodels.formula.api as smf
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            model = smf.mixedlm(f"y ~ {terms}", data, groups=data["cop_id"])
            fit = model.fit(reml=True, maxiter=maxiter)
        except (ConvergenceWarning, np.linalg.LinAlgError, ValueError):
            return None
    if not getattr(fit, "converged", False):
        return None
    low, high = fit.conf_int().loc["online"]
    estimate = float(fit.params["online"])
    if not all(np.isfinite([estimate, low, high])):
        return None
    return estimate, float(low), float(high), "mixed_model"


def _ols(data: pd.DataFrame, terms: str):
    """OLS with CoP fixed effects; standard errors cluster-robust by CoP (HC1 with one
    CoP). None when the online coefficient cannot be estimated."""
    if data["cop_id"].nunique() > 1:
        return _within_cops(data, terms)
    import statsmodels.formula.api as smf

    model = smf.ols(f"y ~ {terms}", data)
    if np.linalg.matrix_rank(model.exog) < model.exog.shape[1]:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(cov_type="HC1")
    return _online_interval(fit.params["online"], *fit.conf_int().loc["online"])


def _within_cops(data: pd.DataFrame, terms: str):
    """OLS with CoP fixed effects, fitted within CoPs: the outcome and every term minus its
    CoP's mean, then OLS on those (no constant), with CRV1 standard errors clustered by CoP.

    By Frisch-Waugh-Lovell this gives the coefficient and residuals of the OLS with one
    dummy per CoP, without its meetings x CoPs matrix. The one difference is the small-sample
    factor of the clustered errors, G/(G-1) x (N-1)/(N-K): statsmodels counts K = the k
    terms here, while the dummy model also counts the G CoP means the demeaning removed
    (K = k + G), so the variance is scaled by (N-k)/(N-k-G) and the interval (normal,
    statsmodels' default for clustered errors) widened by its square root: the same
    interval as the dummy fit's (tests/metrics/test_mode_fairness.py).

    Worked in numpy as statsmodels' OLS(...).fit(cov_type="cluster") works it (the
    pseudo-inverse, then the sandwich over the CoPs' score sums): the same figures, without
    patsy's formula and statsmodels' result objects, which took 0.2 to 0.6 s of the 10M
    programme's 0.25 to 0.7 s fit (42,000 meetings, 3,200 CoPs)."""
    from scipy import stats

    names, exog, outcome = _terms_matrix(data, terms)
    keep = np.isfinite(outcome) & np.isfinite(exog).all(axis=1)  # patsy drops NaN rows
    exog, outcome = exog[keep], outcome[keep]
    cops = pd.factorize(data["cop_id"].to_numpy()[keep])[0]
    n, k = exog.shape
    groups = int(cops.max()) + 1 if n else 0
    counts = np.bincount(cops, minlength=groups).astype(float)
    outcome = outcome - (np.bincount(cops, weights=outcome, minlength=groups) / counts)[cops]
    exog = exog - np.column_stack([np.bincount(cops, weights=exog[:, j], minlength=groups)
                                   for j in range(k)])[cops] / counts[cops, None]
    if n - k - groups <= 0 or np.linalg.matrix_rank(exog) < k:
        return None
    pinv = np.linalg.pinv(exog)
    params = pinv @ outcome
    bread = pinv @ pinv.T
    scores = exog * (outcome - exog @ params)[:, None]
    sums = np.column_stack([np.bincount(cops, weights=scores[:, j], minlength=groups)
                            for j in range(k)])
    cov = bread @ (sums.T @ sums) @ bread.T
    cov *= groups / (groups - 1.0) * ((n - 1.0) / float(n - k))
    j = names.index("online")
    estimate = params[j]
    half = stats.norm.ppf(0.975) * np.sqrt(cov[j, j])
    low, high = estimate - half, estimate + half
    widen = math.sqrt((n - k) / (n - k - groups))
    return _online_interval(estimate, estimate - (estimate - low) * widen,
                            estimate + (high - estimate) * widen)


def _terms_matrix(data: pd.DataFrame, terms: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The columns of `terms` (as _design names them) without the constant, as patsy codes
    them: a numeric term as it is, C(meeting_type) as one 0/1 column per meeting type but
    the first in sorted order (treatment coding); and the outcome y."""
    names, columns = [], []
    for term in terms.split(" + "):
        if term == "C(meeting_type)":
            values = data["meeting_type"].to_numpy()
            for level in sorted(set(values))[1:]:
                names.append(f"C(meeting_type)[T.{level}]")
                columns.append((values == level).astype(float))
        else:
            names.append(term)
            columns.append(data[term].to_numpy(float))
    return names, np.column_stack(columns), data["y"].to_numpy(float)


def _online_interval(estimate, low, high):
    """(estimate, low, high, method) of the fixed-effects fit, None unless all finite."""
    values = [float(estimate), float(low), float(high)]
    if not all(np.isfinite(values)):
        return None
    return *values, "ols_cop_fixed_effects"


def fair_comparison(con, sel: Selection, group: str = "lay") -> pd.DataFrame:
    """Raw, within-member and adjusted online - in person differences in `group`'s equity
    ratio side by side: one row each (comparison, difference, ci_low, ci_high, n, n_unit,
    note), and an `explanation` column holding the same plain sentence on every row, saying
    why they differ (side_by_side of the three API calls)."""
    return side_by_side(participation.mode_comparison(con, sel), within_member(con, sel),
                        adjusted_mode_effect(con, sel, group), group)


def side_by_side(raw: pd.DataFrame, within: pd.DataFrame, adjusted: pd.DataFrame,
                 group: str = "lay") -> pd.DataFrame:
    """fair_comparison from the answers of mode_comparison, within_member and
    adjusted_mode_effect(group) for one selection, so that a caller who caches those (the
    dashboard, the report) works each out once."""
    raw = raw[(raw["metric"] == "equity_ratio") & (raw["group"] == group)].iloc[0]
    within = within[(within["metric"] == "equity_ratio") & (within["group"] == group)].iloc[0]
    adjusted = adjusted.iloc[0]
    adjusted_note = " ".join(n for n in (adjusted["note"], adjusted["overlap_warning"]) if n)
    rows = [
        {"comparison": "raw", "difference": raw["difference"], "ci_low": raw["ci_low"],
         "ci_high": raw["ci_high"], "n": int(raw["in_person_n"] + raw["online_n"]),
         "n_unit": "meetings", "note": raw["warning"]},
        {"comparison": "within_member", "difference": within["difference"],
         "ci_low": within["ci_low"], "ci_high": within["ci_high"],
         "n": int(within["members_n"]), "n_unit": "members", "note": within["note"]},
        {"comparison": "adjusted", "difference": adjusted["estimate"],
         "ci_low": adjusted["ci_low"], "ci_high": adjusted["ci_high"],
         "n": int(adjusted["meetings_n"]), "n_unit": "meetings", "note": adjusted_note or None},
    ]
    frame = pd.DataFrame(rows)
    frame["explanation"] = explanation(frame)
    return frame


def explanation(frame: pd.DataFrame) -> str:
    """Why the three differences differ, in plain words (rows raw, within_member,
    adjusted with their differences)."""
    values = dict(zip(frame["comparison"], frame["difference"], strict=True))
    shown = {k: v for k, v in values.items() if not (isinstance(v, float) and math.isnan(v))}
    base = ("The raw difference compares every online meeting with every in-person one, so "
            "it also reflects who came, which CoPs met each way, the kind and size of "
            "meeting, and when the meetings took place. The within-member difference compares "
            "the same people in both modes, so who came cannot explain it. The adjusted "
            "difference holds the CoP, meeting type, group size and time fixed.")
    if len(shown) < 2:
        return base + " Too few of the three could be worked out to compare them."
    spread = max(shown.values()) - min(shown.values())
    if spread < 0.1:
        return base + (" Here they are close (within 0.1 of each other), so the raw "
                       "difference is not explained by those factors.")
    return base + (" Here they differ by up to " f"{spread:.2f}" ", so part of the raw "
                   "difference comes from those factors rather than from the mode itself.")
