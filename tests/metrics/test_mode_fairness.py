"""A fair comparison of online and in person: within-member differences, the adjusted model,
and the plain notes where neither can be given.

The composition programme is built so that the mode has no effect inside any CoP while the
raw difference is large: CoPs x1 and x2 have talkative lay members (lay equity ratio 1.5)
and meet mostly in person; y1 and y2 have quiet ones (0.5) and meet mostly online.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

import pipelines.metrics as metrics
from pipelines.metrics import Selection
from pipelines.metrics import mode_fairness as mf
from pipelines.metrics._sql import query
from tests.metrics.turn_data import Programme

# Each meeting: one lay member L<cop> and one clinician C<cop>, 100 s of talk in all.
# x CoPs: modes by month ip ip ip on ip ip ip on; the lay member talks 70 s, 80 s, 70 s, ...
# in each mode's meetings in turn (mean 75 s: share 0.75, equity ratio 0.75 / 0.5 = 1.5).
# y CoPs: on on on ip on on on ip; lay talk 20 s, 30 s, ... (mean 25 s: equity ratio 0.5).
X = ["in_person"] * 3 + ["online"] + ["in_person"] * 3 + ["online"]
Y = ["online"] * 3 + ["in_person"] + ["online"] * 3 + ["in_person"]


def _composition(folder, cops: dict[str, tuple[list[str], tuple[int, int]]],
                 start_year: int = 2020):
    programme = Programme()
    for cop, (pattern, lay_s) in cops.items():
        seen = {"in_person": 0, "online": 0}
        for j, mode in enumerate(pattern):
            meeting_id, lay, clinician = f"{cop}-{j}", f"L{cop}", f"C{cop}"
            held_on = f"{start_year + j // 12}-{j % 12 + 1:02d}-01"
            programme.meeting(meeting_id, cop, held_on, [lay, clinician], mode=mode)
            talk = lay_s[seen[mode] % 2]
            seen[mode] += 1
            programme.turn(meeting_id, lay, 0, duration_s=talk)
            programme.turn(meeting_id, clinician, 200, duration_s=100 - talk)
    return programme.build(folder)


@pytest.fixture(scope="module")
def composition(tmp_path_factory):
    db = _composition(tmp_path_factory.mktemp("composition"), {
        "x1": (X, (70, 80)), "y1": (Y, (20, 30)), "x2": (X, (70, 80)), "y2": (Y, (20, 30))})
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def _by_comparison(con) -> pd.DataFrame:
    return metrics.fair_comparison(con, Selection()).set_index("comparison")


def test_raw_difference_mixes_mode_with_composition(composition):
    """Raw lay equity ratio: in person, lay talk 2 x (6 x 75 + 2 x 25) = 1,000 s of 1,600 s
    (share 0.625) with half the attendees: 1.25; online 2 x (2 x 75 + 6 x 25) = 600 of
    1,600 (0.375): 0.75. Online - in person = -0.5."""
    assert -0.5 == round(_by_comparison(composition).loc["raw", "difference"], 6)


def test_within_member_difference_is_zero_by_construction(composition):
    """Every lay member has the same equity ratio in both modes (x: 450 / 600 in person and
    150 / 200 online = 0.75 share over half the attendees = 1.5; y: 0.5), so the 4 paired
    differences are all 0, with the interval [0, 0]."""
    row = _by_comparison(composition).loc["within_member"]
    assert (0.0, 0.0, 0.0, 4) == (round(row["difference"], 9), round(row["ci_low"], 9),
                                  round(row["ci_high"], 9), row["n"])


def test_adjusted_difference_removes_the_composition(composition):
    """Inside each CoP the two modes have the same mean lay equity ratio, so the mixed
    model's online coefficient is close to 0, its interval holds 0 and not the raw -0.5."""
    adjusted = metrics.adjusted_mode_effect(composition, Selection()).iloc[0]
    assert ("mixed_model", True, True, True) == (
        adjusted["method"], abs(adjusted["estimate"]) < 0.05,
        adjusted["ci_low"] <= 0 <= adjusted["ci_high"], adjusted["ci_low"] > -0.5)


def test_member_mode_matches_hand_figures(composition):
    """Lx1 in person: 6 meetings, 70+80+70+80+70+80 = 450 s of 600 s (share 0.75), equity
    ratio 0.75 / (6 / 12 attendees) = 1.5."""
    frame = metrics.member_mode(composition, Selection()).set_index(["member_id", "mode"])
    row = frame.loc[("Lx1", "in_person")]
    assert (6, 450.0, 0.75, 1.5) == (row["meetings_n"], row["talk_s"], row["talk_share"],
                                     row["equity_ratio"])


def test_every_meeting_reads_the_same_pairs_as_a_narrowed_selection(composition):
    """The whole programme (no filter) reads the members' pairs built at load
    (mart_member_mode_pairs); naming the four CoPs runs the query itself. Both give the
    same figures: 4 lay members, each with a paired difference of 0 (as above)."""
    whole = metrics.within_member(composition, Selection())
    narrowed = metrics.within_member(composition, Selection(cop_ids=("x1", "x2", "y1", "y2")))
    lay = whole[(whole["metric"] == "equity_ratio") & (whole["group"] == "lay")].iloc[0]
    assert 4 == lay["members_n"]
    pd.testing.assert_frame_equal(narrowed, whole)


def test_explanation_says_why_the_figures_differ(composition):
    """Raw -0.5 against about 0 for the other two: the sentence says part of the raw
    difference comes from who came, the CoP and the time, not the mode."""
    sentence = _by_comparison(composition)["explanation"].iloc[0]
    assert "part of the raw difference comes from those factors" in sentence


def test_paired_difference_t_interval_by_hand():
    """Differences 0.1 and 0.3: mean 0.2, sd 0.141421, t(0.975, 1 df) = 12.706205, half
    width 12.706205 x 0.141421 / sqrt(2) = 1.270620: [-1.070620, 1.470620]."""
    pairs = pd.DataFrame({"in_person": [0.5, 0.5], "online": [0.6, 0.8]})
    found = mf.paired_difference(pairs)
    assert (2, 0.2, -1.07062, 1.47062) == (found["members_n"], round(found["difference"], 6),
                                           round(found["ci_low"], 5), round(found["ci_high"], 5))


def test_non_convergence_falls_back_to_fixed_effects(composition):
    """A mixed model stopped after one iteration has not converged: the OLS with CoP fixed
    effects gives the estimate (exactly 0 here: within each CoP the modes' means are equal)
    and a plain note says so."""
    rows = query(composition, "mode_model_rows", {**Selection().params(), "group": "lay"})
    found = mf.fit_adjusted(rows, maxiter=1)
    assert ("ols_cop_fixed_effects", 0.0, True) == (
        found["method"], round(found["estimate"], 9), "did not converge" in found["note"])


def test_two_cops_use_the_simpler_estimator(composition):
    """Two CoPs cannot support a random effect: the fixed-effects estimate, with a note."""
    adjusted = metrics.adjusted_mode_effect(composition, Selection(cop_ids=("x1", "y1"))).iloc[0]
    assert ("ols_cop_fixed_effects", True) == (adjusted["method"],
                                               adjusted["note"].startswith("With 2 CoPs"))


@pytest.fixture(scope="module")
def separated(tmp_path_factory):
    """CoP s1 meets in person only, s2 online only, all in 2020; CoP t1 in person for its
    first 6 meetings, online for the next 6."""
    db = _composition(tmp_path_factory.mktemp("separated"), {
        "s1": (["in_person"] * 6, (70, 80)), "s2": (["online"] * 6, (20, 30)),
        "t1": (["in_person"] * 6 + ["online"] * 6, (40, 60))})
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_mode_confounded_with_cop_gives_a_note(separated):
    """s1 and s2 alone: the mode is the CoP, so no model can give a mode effect: a note,
    no number."""
    adjusted = metrics.adjusted_mode_effect(separated, Selection(cop_ids=("s1", "s2"))).iloc[0]
    assert (True, None) == (pd.isna(adjusted["estimate"]), adjusted["method"])
    assert "could not be fitted" in adjusted["note"]


def test_modes_barely_overlapping_in_time_warn(separated):
    """t1 alone: in person January to June, online July to December: no meeting falls in
    months when both were used, so a warning comes with the estimate."""
    adjusted = metrics.adjusted_mode_effect(separated, Selection(cop_ids=("t1",))).iloc[0]
    assert adjusted["overlap_warning"].startswith("In-person and online meetings barely overlap")


def test_one_mode_only_gives_notes(separated):
    """s1 meets in person only: no member in both modes and no adjusted estimate, each
    with a plain note instead of a number."""
    frame = metrics.fair_comparison(separated, Selection(cop_ids=("s1",))).set_index(
        "comparison")
    assert (True, True) == (pd.isna(frame.loc["within_member", "difference"]),
                            pd.isna(frame.loc["adjusted", "difference"]))
    assert frame.loc["within_member", "note"].startswith("No member attended")
    assert frame.loc["adjusted", "note"].startswith("Only 6 in-person and 0 online")


def _model_rows(rows: list[tuple]) -> pd.DataFrame:
    """Per-meeting rows as mode_model_rows gives them, from (cop_id, held_on, mode,
    meeting_type, attendees_n, equity_ratio) tuples."""
    frame = pd.DataFrame(rows, columns=["cop_id", "held_on", "mode", "meeting_type",
                                        "attendees_n", "equity_ratio"])
    return frame.assign(meeting_id=[f"{cop}-{i}" for i, cop in enumerate(frame["cop_id"])])


# Three CoPs, two meetings of each mode each, all on one day with 6 attendees of one type of
# meeting (so only the mode is left in the model): lay equity ratios in person / online
# a: 1.0, 1.2 / 0.8, 1.0 (online - in person -0.2); b: 0.6, 0.8 / 0.6, 0.6 (-0.1);
# c: 1.5, 1.3 / 1.1, 1.1 (-0.3).
BALANCED = _model_rows([
    (cop, "2021-03-01", mode, "regular", 6, ratio)
    for cop, by_mode in {"a": ((1.0, 1.2), (0.8, 1.0)), "b": ((0.6, 0.8), (0.6, 0.6)),
                         "c": ((1.5, 1.3), (1.1, 1.1))}.items()
    for mode, ratios in zip(("in_person", "online"), by_mode, strict=True)
    for ratio in ratios])


def test_within_cop_estimate_and_interval_by_hand():
    """Within each CoP online is +0.5 and in person -0.5 from the CoP's mean, so the
    estimate is the mean of the CoPs' differences: (-0.2 - 0.1 - 0.3) / 3 = -0.2. Each CoP's
    score (online residuals' sum - in-person residuals' sum) / 2 is its difference minus
    -0.2: 0, 0.1, -0.1; variance (0 + 0.01 + 0.01) / (12 x 0.25)^2 = 0.0022222, times the
    dummy model's factor G/(G-1) x (N-1)/(N-K) = 3/2 x 11/8 (K = constant + 2 CoP dummies +
    online = 4): 0.0045833, standard error 0.0677003; 95% interval -0.2 -+ 1.959964 x
    0.0677003 = [-0.332690, -0.067310]."""
    found = mf.fit_adjusted(BALANCED, max_cops_mixed=2)
    assert ("ols_cop_fixed_effects", -0.2, -0.33269, -0.06731) == (
        found["method"], round(found["estimate"], 9), round(found["ci_low"], 6),
        round(found["ci_high"], 6))


def test_within_cop_fit_equals_one_dummy_per_cop():
    """Frisch-Waugh-Lovell: the within-CoP fit gives the online coefficient and clustered
    95% interval of OLS with one dummy per CoP (statsmodels, cluster-robust by CoP), on an
    unbalanced programme where every term varies (4 CoPs, 17 meetings, months, attendees,
    two meeting types): both -0.0353296 [-0.258589, 0.187929], equal to 1e-12."""
    import warnings

    import statsmodels.formula.api as smf

    frame = _model_rows([
        ("p", "2020-01-15", "in_person", "regular", 8, 0.90),
        ("p", "2020-03-02", "in_person", "workshop", 11, 1.10),
        ("p", "2020-06-20", "online", "regular", 7, 0.70),
        ("p", "2020-09-09", "online", "regular", 9, 0.85),
        ("p", "2021-01-11", "in_person", "regular", 10, 1.05),
        ("q", "2020-02-01", "in_person", "regular", 6, 0.40),
        ("q", "2020-05-05", "online", "workshop", 5, 0.55),
        ("q", "2020-08-18", "online", "regular", 6, 0.35),
        ("q", "2020-12-01", "in_person", "regular", 7, 0.60),
        ("r", "2020-01-30", "online", "regular", 12, 1.30),
        ("r", "2020-04-14", "in_person", "regular", 13, 1.45),
        ("r", "2020-07-07", "online", "workshop", 9, 1.00),
        ("r", "2020-10-21", "in_person", "regular", 12, 1.60),
        ("r", "2021-02-02", "online", "regular", 10, 1.20),
        ("s", "2020-03-03", "in_person", "workshop", 4, 0.20),
        ("s", "2020-06-06", "online", "regular", 5, 0.45),
        ("s", "2020-11-11", "in_person", "regular", 6, 0.30)])
    data, terms = mf._design(frame)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dummies = smf.ols(f"y ~ {terms} + C(cop_id)", data).fit(
            cov_type="cluster", cov_kwds={"groups": pd.factorize(data["cop_id"])[0]})
    found = mf.fit_adjusted(frame, max_cops_mixed=3)
    expected = [dummies.params["online"], *dummies.conf_int().loc["online"]]
    assert pytest.approx(expected, abs=1e-12) == [found[k] for k in
                                                  ("estimate", "ci_low", "ci_high")]
    assert (-0.0353296, -0.258589, 0.187929) == (round(found["estimate"], 7),
                                                round(found["ci_low"], 6),
                                                round(found["ci_high"], 6))


def test_many_cops_skip_the_mixed_model_with_a_note(composition):
    """Above max_cops_mixed CoPs (4 here, the limit set to 3) the mixed model is not tried:
    the fixed-effects estimate (0: the modes' means are equal inside each CoP), and a note
    that says why in plain words."""
    rows = query(composition, "mode_model_rows", {**Selection().params(), "group": "lay"})
    found = mf.fit_adjusted(rows, max_cops_mixed=3)
    assert ("ols_cop_fixed_effects", 0.0) == (found["method"], round(found["estimate"], 9))
    assert found["note"].startswith("With 4 CoPs (more than 3) the model with the CoP as a "
                                    "random effect is not tried")
