"""The hedged sentences of pipelines.narrative, worked out by hand at each branch's edges."""

from __future__ import annotations

import math

import pytest

from pipelines.narrative import (
    FIRM_MEETINGS,
    MIN_MEETINGS,
    Figure,
    Side,
    cost_sentence,
    judge,
    lay_share_sentences,
    mode_sentence,
    money,
    one_in,
    ratio,
    signed,
    survey_sentences,
    trend_sentence,
    uptake_sentence,
    whole_percent,
)

# ---------------------------------------------------------------- numbers in words


@pytest.mark.parametrize(("share", "expected"), [
    (0.2, "1 in 5"),            # exactly 1/5
    (0.125, "1 in 8"),          # exactly 1/8
    (0.12, "about 1 in 8"),     # 1/8 = 0.125 is nearest (1/9 = 0.111 is 0.009 away)
    (0.4, "2 in 5"),            # 2/5, not 4/10 (fractions in lowest terms)
    (0.5, "half"),
    (0.75, "3 in 4"),
    (0.35, "about 1 in 3"),     # 1/3 is 0.017 away (3/8 is not offered: k in 8 only as 7 in 8)
    (0.36, "about 1 in 3"),     # 1/3 is 0.027 away, 2/5 is 0.04 away
    (0.9, "9 in 10"),           # all but one in ten
    (0.05, "1 in 20"),          # the smallest fraction offered
    (0.03, "fewer than 1 in 20"),  # under 0.95 x 1/20 = 0.0475
    (0.0, "none"),
    (1.0, "all"),
    (0.97, "almost all"),       # above 0.95, below 1
    (float("nan"), "–"),
    (None, "–"),
])
def test_one_in_gives_the_nearest_simple_fraction(share, expected):
    """Shares are said as a fraction a lay reader pictures, 'about' when not exact."""
    assert expected == one_in(share)


@pytest.mark.parametrize(("share", "expected"), [
    (0.2, "20%"), (0.125, "13%"), (0.124, "12%"), (0.4, "40%"), (1.0, "100%"), (None, "–"),
])
def test_whole_percent_rounds_half_up(share, expected):
    """12.5% is printed 13% (as people round), 12.4% is 12%."""
    assert expected == whole_percent(share)


def test_ratio_signed_and_money_round_half_up():
    """0.625 -> 0.63 (not the binary round-to-even 0.62); a minus sign, not a hyphen."""
    assert "0.63" == ratio(0.625)
    assert "−0.11" == signed(-0.105)
    assert "+0.20" == signed(0.2)
    assert "£1,235" == money(1234.5)


def test_figure_reads_nan_as_none():
    """API frames carry NaN for a missing interval: the Figure holds None instead."""
    figure = Figure.from_row({"equity_ratio": 0.6, "ci_low": math.nan, "ci_high": math.nan,
                              "meetings_n": 2}, "equity_ratio")
    assert Figure(0.6, None, None, 2) == figure
    assert not figure.has_interval


# ---------------------------------------------------------------- judging against parity


@pytest.mark.parametrize(("figure", "side", "firm"), [
    (Figure(None, None, None, 0), Side.NO_DATA, False),
    (Figure(0.6, None, None, MIN_MEETINGS - 1), Side.TOO_FEW, False),  # 2 meetings
    (Figure(0.6, None, None, MIN_MEETINGS), Side.NO_INTERVAL, False),   # 3, no interval
    (Figure(0.6, 0.4, 0.9, 12), Side.BELOW, True),       # width 0.5: not wider than 0.5
    (Figure(0.6, 0.4, 0.91, 12), Side.BELOW, False),     # width 0.51: wide
    (Figure(0.6, 0.5, 0.8, FIRM_MEETINGS - 1), Side.BELOW, False),  # 4 meetings: few
    (Figure(0.6, 0.5, 0.8, FIRM_MEETINGS), Side.BELOW, True),       # 5 meetings: firm
    (Figure(0.8, 0.6, 1.0, 12), Side.INCLUDES, True),    # high touches 1: includes parity
    (Figure(1.2, 1.0, 1.4, 12), Side.INCLUDES, True),    # low touches 1: includes parity
    (Figure(1.3, 1.01, 1.5, 12), Side.ABOVE, True),
])
def test_judge_against_parity(figure, side, firm):
    """A side is called only when the whole interval is past 1; softly when wide or few."""
    assert (side, firm) == (judge(figure, 1.0).side, judge(figure, 1.0).firm)


# ---------------------------------------------------------------- lay members' voice


def test_lay_share_sentence_in_the_issues_words():
    """1 in 5 present (20%) and 1 in 8 of the talk (0.125 -> 13%); ratio 0.125/0.2 = 0.625,
    interval 0.45-0.80 below 1 over 12 meetings, width 0.35: a firm 'less'."""
    first, second = lay_share_sentences(0.125, 0.2, Figure(0.625, 0.45, 0.8, 12))
    assert ("Lay members made up 1 in 5 of the people at meetings (20%) and spoke for 1 in 8 "
            "minutes of the talking (13%).") == first
    assert ("That is less than their share of the room (equity ratio 0.63, 95% interval 0.45 "
            "to 0.80, 12 observed meetings; 1 would be a fair share).") == second


def test_interval_including_parity_never_says_less():
    """Ratio 0.85 below 1, but the interval 0.62-1.10 reaches 1: no 'less'."""
    sentences = lay_share_sentences(0.17, 0.2, Figure(0.85, 0.62, 1.10, 12))
    assert "less" not in " ".join(sentences)
    assert sentences[1].startswith("The data cannot tell this apart from a fair share")


def test_wide_interval_is_worded_softly():
    """Interval 0.20-0.95 is below 1 but 0.75 wide (> 0.5): 'suggests', 'uncertain'."""
    second = lay_share_sentences(0.125, 0.2, Figure(0.625, 0.2, 0.95, 12))[1]
    assert second.startswith("That suggests they spoke less than their share of the room, "
                             "but the figures are uncertain (a wide interval:")


def test_few_meetings_are_worded_softly():
    """4 meetings (at least 3, fewer than 5) with a narrow interval below 1: soft wording."""
    second = lay_share_sentences(0.125, 0.2, Figure(0.625, 0.5, 0.7, 4))[1]
    assert second.startswith("That suggests they spoke less than their share of the room, "
                             "but the figures are uncertain (few meetings:")


def test_more_than_their_share():
    """Interval 1.1-1.4 above 1 over 10 meetings: 'more than their share'."""
    second = lay_share_sentences(0.3, 0.24, Figure(1.25, 1.1, 1.4, 10))[1]
    assert second.startswith("That is more than their share of the room")


def test_too_few_meetings_to_say():
    """2 observed meetings: the shares are given, with no conclusion."""
    sentences = lay_share_sentences(0.125, 0.2, Figure(0.625, None, None, 2))
    assert ("With only 2 observed meetings there are too few meetings to say whether lay "
            "members get a fair share of the talk (at least 3 are needed).") == sentences[1]


def test_no_observed_meetings():
    """No observed meeting: one sentence saying the share is not known."""
    assert ["No meeting in this period was observed (no speaking turns were recorded), so "
            "lay members' share of the talk is not known."] == lay_share_sentences(
                None, None, Figure(None, None, None, 0))


def test_no_lay_members_present():
    """Observed meetings without a lay attendee: attendee share 0, ratio undefined."""
    assert ["No lay members were at the 6 observed meetings of this period, so their share "
            "of the talk cannot be given."] == lay_share_sentences(
                0.0, 0.0, Figure(None, None, None, 6))


# ---------------------------------------------------------------- trend


def test_trend_rises_only_when_intervals_do_not_overlap():
    """Earlier 0.40-0.60, later 0.70-1.10: 0.70 > 0.60, so a rise is said."""
    sentence = trend_sentence(Figure(0.5, 0.4, 0.6, 6), Figure(0.9, 0.7, 1.1, 6),
                              "the first half", "the second half")
    assert sentence.startswith("Lay members' share of the talk rose: the equity ratio was "
                               "0.50 over the first half")


def test_trend_falls():
    """Earlier 0.80-1.00, later 0.40-0.70: 0.70 < 0.80, a fall."""
    sentence = trend_sentence(Figure(0.9, 0.8, 1.0, 6), Figure(0.5, 0.4, 0.7, 6), "a", "b")
    assert sentence.startswith("Lay members' share of the talk fell")


def test_touching_intervals_are_no_clear_change():
    """Earlier 0.40-0.70, later 0.70-1.00: they meet at 0.70, so no change is claimed."""
    sentence = trend_sentence(Figure(0.5, 0.4, 0.7, 6), Figure(0.85, 0.7, 1.0, 6), "a", "b")
    assert sentence.startswith("No clear change over the period")


def test_trend_with_too_few_meetings_in_a_part():
    """2 meetings in the later part: the two values, and too few to say."""
    sentence = trend_sentence(Figure(0.5, 0.4, 0.7, 6), Figure(0.9, None, None, 2), "a", "b")
    assert sentence.endswith("too few meetings to say whether it changed (at least 3 in "
                             "each part are needed).")


def test_trend_without_a_figure_in_a_part():
    """A part with no observed meeting has no figure at all."""
    sentence = trend_sentence(Figure(None), Figure(0.9, 0.7, 1.1, 6), "2019", "2020")
    assert sentence.startswith("There are not enough observed meetings in both 2019 and 2020")


# ---------------------------------------------------------------- in person versus online


def test_mode_difference_above_zero_online():
    """Difference +0.20 with interval +0.05 to +0.35 (all above 0), 20 and 8 meetings."""
    assert ("Lay members had a larger share of the talk, for their numbers, online: equity "
            "ratio 0.60 in person (20 meetings), 0.80 online (8 meetings); difference +0.20, "
            "95% interval +0.05 to +0.35.") == mode_sentence(
                0.6, 0.8, Figure(0.2, 0.05, 0.35, 8), 20, 8)


def test_mode_difference_including_zero():
    """Interval −0.05 to +0.35 includes 0: no clear difference."""
    sentence = mode_sentence(0.6, 0.8, Figure(0.2, -0.05, 0.35, 8), 20, 8)
    assert sentence.startswith("No clear difference between in person and online")


def test_mode_difference_below_zero_and_wide():
    """Interval −0.9 to −0.3 (width 0.6 > 0.5), below 0: in person, softly."""
    sentence = mode_sentence(0.9, 0.3, Figure(-0.6, -0.9, -0.3, 6), 6, 6)
    assert sentence.startswith("Lay members seem to have had a larger share of the talk, for "
                               "their numbers, in person, but the figures are uncertain")


def test_mode_with_four_online_meetings_is_too_few():
    """4 online meetings (< 5): the values, and too few to compare."""
    sentence = mode_sentence(0.6, 0.8, Figure(0.2, 0.05, 0.35, 4), 20, 4)
    assert sentence.endswith("too few meetings to compare the two (at least 5 of each are "
                             "needed).")


def test_mode_with_one_mode_only():
    """No in-person meeting: the comparison cannot be made."""
    assert ("Every observed meeting in this period was online, so in person and online "
            "cannot be compared.") == mode_sentence(None, 0.8, Figure(None), 0, 9)


# ---------------------------------------------------------------- surveys

SCORES = {"n": 24, "mean": 5.06, "ci_low": 4.66, "ci_high": 5.54, "share_agreeing": 0.75,
          "suppressed": False}


def test_survey_headline():
    """24 respondents, 75% agreeing (3 in 4), mean 5.06 -> 5.1, interval 4.7 to 5.5."""
    first = survey_sentences("Involvement", "wave 2", SCORES, None, 5, 1, 7)[0]
    assert ("In the Involvement survey (wave 2), 3 in 4 of the 24 people who answered agreed "
            "(75%, scoring above the middle of the scale); the mean score was 5.1 on the 1 to 7 "
            "scale (95% interval 4.7 to 5.5).") == first


def test_suppressed_lay_group_shows_no_figure():
    """A suppressed lay row (its values NaN, as the API gives them) is named, not shown."""
    lay = {"n": 3, "mean": math.nan, "share_agreeing": math.nan, "suppressed": True}
    sentences = survey_sentences("Involvement", "wave 2", SCORES, lay, 5, 1, 7)
    assert sentences[-1].startswith("Lay members' answers are hidden so that no one can be "
                                    "identified")
    assert "3" not in sentences[-1]


def test_suppressed_total():
    """Fewer than k answered in all: nothing but that."""
    assert ["Fewer than 5 people answered the Involvement survey (wave 1), so its results are "
            "not shown (so that no one can be identified)."] == survey_sentences(
                "Involvement", "wave 1", {"n": 4, "suppressed": True}, None, 5)


def test_small_survey_is_read_with_care():
    """9 respondents (< 10): a caution follows the headline; 10 would not have one."""
    nine = survey_sentences("S", None, {**SCORES, "n": 9}, None, 5)
    ten = survey_sentences("S", None, {**SCORES, "n": 10}, None, 5)
    assert "With only 9 responses, read this with care." in nine
    assert not any("read this with care" in s for s in ten)


def test_lay_group_shown():
    """6 lay respondents, half agreeing."""
    lay = {"n": 6, "share_agreeing": 0.5, "suppressed": False}
    assert "Of the 6 lay members who answered, half agreed (50%)." == survey_sentences(
        "S", None, SCORES, lay, 5)[-1]


def test_no_survey():
    assert ["No one answered the S survey in this period."] == survey_sentences("S", 1, None, None, 5)


# ---------------------------------------------------------------- uptake and cost


def test_uptake_counts():
    assert ("12 recommendations made (each site counted separately): 4 in progress now, 5 "
            "implemented.") == uptake_sentence(12, 4, 5)
    assert "No recommendations were recorded for this period." == uptake_sentence(0, 0, 0)


def test_cost_per_meeting():
    """Direct £1,234.50 -> £1,235 per meeting; full £3,400 (more than direct) is added."""
    assert ("Each meeting cost about £1,235 in money spent (direct costs over 12 meetings, "
            "overheads of £5,000 not tied to a meeting included), or £3,400 counting the "
            "value of members' time.") == cost_sentence(1234.5, 3400, 12, 5000)


def test_cost_without_meetings_or_costs():
    assert "No meetings were held in this period, so there is no cost per meeting." == \
        cost_sentence(None, None, 0)
    assert "No costs were recorded for the 3 meetings of this period." == cost_sentence(0, 0, 3)
