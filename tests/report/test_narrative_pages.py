"""The dashboard pages' opening sentences (pipelines.narrative, issue 17), worked out by
hand at each branch's edges: the same hedging as the report's."""

from __future__ import annotations

import datetime as dt

from pipelines.narrative import (
    FIRM_MEETINGS,
    Figure,
    attendance_sentence,
    difference_sentence,
    group_equity_sentence,
    halves,
    implementation_time_sentence,
    load_sentence,
    value_sentence,
    voice_coverage_sentence,
)

D = dt.date


def test_halves_cut_at_the_middle_meeting() -> None:
    """Five observed dates: n // 2 = 2, so the earlier part ends on the 2nd date and the
    later starts after it; each part is named by its first and last meeting dates."""
    cut = halves([D(2019, 1, 10), D(2019, 3, 1), D(2019, 5, 2), D(2019, 7, 4), D(2019, 9, 5)])
    assert D(2019, 3, 1) == cut.middle
    assert ("10 Jan 2019 to 1 Mar 2019", "2 May 2019 to 5 Sep 2019") == (cut.earlier, cut.later)


def test_halves_need_two_dates() -> None:
    """One date (meetings on the same day count once) cannot be cut."""
    assert halves([D(2019, 1, 10), D(2019, 1, 10)]) is None


def test_attendance_with_its_interval() -> None:
    """72 meetings, 56 observed, attendance 0.44 (0.41 to 0.47): of the fractions offered
    (1 in d, k in d up to fifths, all but one in d) 2 in 5 = 0.40 is nearest (0.04 away;
    half is 0.06 away), so 'about 2 in 5'."""
    sentence = attendance_sentence(72, 56, Figure(0.44, 0.41, 0.47, 72))
    assert sentence == ("72 meetings were held (56 of them observed). On average about 2 in 5 "
                        "of the members expected came (44%, 95% interval 41% to 47%).")


def test_attendance_with_no_meeting() -> None:
    assert "No meetings were held in this period." == attendance_sentence(0, 0, Figure(None))


def test_a_group_below_parity_with_a_firm_interval_talked_less() -> None:
    """0.48 (0.39 to 0.57) over 56 meetings: the whole interval is below 1, the interval is
    0.18 wide (under 0.5) and 56 >= FIRM_MEETINGS: said plainly."""
    assert 56 >= FIRM_MEETINGS
    assert ("Lay members talked less than their share of the room (equity ratio 0.48, 95% "
            "interval 0.39 to 0.57, 56 observed meetings).") == group_equity_sentence(
        "Lay members", Figure(0.48, 0.39, 0.57, 56))


def test_an_interval_that_reaches_parity_draws_no_conclusion() -> None:
    """0.74 with interval 0.55 to 1.00: the interval touches 1, so never 'less'."""
    sentence = group_equity_sentence("Lay members", Figure(0.74, 0.55, 1.0, 12))
    assert "cannot tell" in sentence and "less" not in sentence


def test_a_wide_interval_is_worded_softly() -> None:
    """0.4 (0.1 to 0.8) over 12 meetings: below 1, but 0.7 wide (over 0.5): 'seem to'."""
    sentence = group_equity_sentence("Members aged 75+", Figure(0.4, 0.1, 0.8, 12))
    assert sentence.startswith("Members aged 75+ seem to have talked less")
    assert "uncertain" in sentence


def test_too_few_meetings_say_nothing_about_fairness() -> None:
    """2 meetings (fewer than 3): no verdict, and the minimum is named."""
    sentence = group_equity_sentence("Lay members", Figure(0.3, None, None, 2))
    assert "too few meetings" in sentence and "at least 3" in sentence


def test_voice_coverage() -> None:
    """0.81 (0.77 to 0.85) over 56 meetings: 'about 4 in 5' (0.8 is 0.01 away)."""
    assert ("At the 56 observed meetings, on average about 4 in 5 of those present said "
            "something (81%, 95% interval 77% to 85%); the others came but did not speak."
            ) == voice_coverage_sentence(Figure(0.81, 0.77, 0.85, 56))


def test_attendance_difference_that_includes_zero() -> None:
    """44% in person, 37% online, difference −0.064 (−0.21 to +0.10): −6 points, interval
    −21 to +10 points, which includes 0."""
    sentence = difference_sentence("Attendance", "in person", "online", 0.44, 0.37,
                                   Figure(-0.064, -0.21, 0.10, 24), 24, 43)
    assert sentence == ("Attendance was 44% in person (24 meetings) and 37% online (43 "
                        "meetings): a difference of −6 points (95% interval −21 to +10), which "
                        "the data cannot tell apart from no difference.")


def test_attendance_difference_below_zero_says_where_higher() -> None:
    """−0.10 (−0.15 to −0.05): the whole interval below 0, so higher in person."""
    sentence = difference_sentence("Attendance", "in person", "online", 0.5, 0.4,
                                   Figure(-0.10, -0.15, -0.05, 20), 20, 20)
    assert sentence.endswith("so it is higher in person.")


def test_too_few_meetings_of_a_mode_are_not_compared() -> None:
    """2 online meetings (fewer than FIRM_MEETINGS): values given, no comparison."""
    sentence = difference_sentence("Attendance", "in person", "online", 0.5, 0.4,
                                   Figure(-0.1, -0.3, 0.1, 2), 20, 2)
    assert "too few meetings to compare" in sentence


def test_value_for_money() -> None:
    """£95.594 per attendee hour -> £95.59; £14,525.6 per implemented -> about £14,526."""
    assert ("An hour of a member's attendance cost £95.59 in money spent. Counting members' "
            "time, each of the 17 implemented recommendations (each site counted separately) "
            "cost about £14,526.") == value_sentence(95.594, 14525.6, 17)


def test_no_implemented_recommendation_gives_no_cost_per_one() -> None:
    assert value_sentence(20.0, None, 0).endswith("so there is no cost per implemented one.")


def test_implementation_time() -> None:
    assert ("Half of the 17 implemented took 319 days or fewer from their first record "
            "(fastest 113, slowest 826 days).") == implementation_time_sentence(319, 113, 826, 17)


def test_a_clean_load_and_one_with_quarantined_rows() -> None:
    """Every row loaded; then 43 rows kept aside with what to do."""
    assert ("The last load (6 December 2026 at 13:32) read 23,542 rows from 11 files: every "
            "row passed its checks and was loaded.") == load_sentence(
        "6 December 2026 at 13:32", 11, 23542, 0)
    assert "43 rows broke a rule and were kept aside" in load_sentence("today", 2, 100, 43)
