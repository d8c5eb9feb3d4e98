"""The evaluator report's issue-16 pages on a programme small enough to work out on paper:
who responds to whom (the heat map and its table, the lay response share, who answers
questions and challenges), the fair comparison of online and in person (raw, within-member
and adjusted side by side, the reason they differ, the overlap warning) and the funnel plot
as a chart, each read back from the PDF's text; and the plain notes the report prints
instead of a number when the data cannot give one (one speaker, one member type, no turns,
one mode, a model that does not converge).

Each test prints one section of the evaluator report (the others are left out to keep the
PDFs small) and reads it with pdftotext, as a person's tools would.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

import duckdb
import pytest

from pipelines.metrics import Selection
from pipelines.report import build_report, connection_caller, render_html, render_pdf
from pipelines.report.charts import Chart
from pipelines.report.content import Note, Section
from tests.metrics.turn_data import Programme
from tests.report.conftest import flat, pdf_text

TURNS = "Who responds to whom"
FAIR = "A fair comparison of online and in person"
PROGRAMME = "Digital exclusion and CoPs side by side"

# CoPs x, x2, x3 and y (8 meetings each, one lay member L<cop> and one clinician C<cop>
# present, 100 s of talk in all, as in tests/metrics/test_mode_fairness.py):
#   x: modes by month ip ip ip on ip ip ip on; the lay member talks 70, 80, 70, 80, ... s in
#      each mode's meetings in turn: 450 of 600 s in person, 150 of 200 online (share 0.75
#      in both, over half the attendees: equity ratio 1.5 in both modes).
#   y: on on on ip on on on ip; 20, 30, ... s: share 0.25 in both modes, equity ratio 0.5.
#   x2, x3: copies of x.
# CoP o: in person January to June 2021, online July to December 2021 (40, 60 s).
X = ["in_person"] * 3 + ["online"] + ["in_person"] * 3 + ["online"]
Y = ["online"] * 3 + ["in_person"] + ["online"] * 3 + ["in_person"]
# CoP t: three in-person meetings, each with the floor (turns of 10 s in this order)
#   L1 question, C1, L2 challenge, L1, L2, N1 = lay clinical lay lay lay non-clinical.
T_FLOOR = [(0, "L1", "question"), (10, "C1", ""), (20, "L2", "challenge"), (30, "L1", ""),
           (40, "L2", ""), (50, "N1", "")]
# CoP s: s1, L9 and C9 present, only C9 speaks (one speaker); s2, C9 C8 C9 (one member type).
# CoP e: one meeting, no turns recorded.


def _composition(programme: Programme, cop: str, pattern: list[str], lay_s: tuple[int, int],
                 year: int = 2020) -> None:
    seen = {"in_person": 0, "online": 0}
    for j, mode in enumerate(pattern):
        meeting = f"{cop}-{j}"
        programme.meeting(meeting, cop, f"{year + j // 12}-{j % 12 + 1:02d}-01",
                          [f"L{cop}", f"C{cop}"], mode=mode)
        talk = lay_s[seen[mode] % 2]
        seen[mode] += 1
        programme.turn(meeting, f"L{cop}", 0, duration_s=talk)
        programme.turn(meeting, f"C{cop}", 200, duration_s=100 - talk)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    programme = Programme()
    for cop in ("x", "x2", "x3"):
        _composition(programme, cop, X, (70, 80))
    _composition(programme, "y", Y, (20, 30))
    _composition(programme, "o", ["in_person"] * 6 + ["online"] * 6, (40, 60), 2021)
    for j in range(3):
        programme.meeting(f"t{j}", "t", f"2021-0{j + 1}-01", ["L1", "L2", "C1", "N1"])
        for start, member, act in T_FLOOR:
            programme.turn(f"t{j}", member, start, act=act)
    programme.meeting("s1", "s", "2021-01-01", ["L9", "C9"])
    programme.turn("s1", "C9", 0)
    programme.meeting("s2", "s", "2021-02-01", ["C9", "C8"])
    for start, member in ((0, "C9"), (10, "C8"), (20, "C9")):
        programme.turn("s2", member, start)
    programme.meeting("e1", "e", "2021-01-01", ["L7", "C7"])
    db = programme.build(tmp_path_factory.mktemp("report_issue16"))
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


@dataclass(frozen=True)
class Printed:
    section: Section  # what the report holds (its tables' cells are the PDF's)
    text: str  # the PDF's text (pdftotext), whitespace folded
    html: str

    def table(self, title: str) -> list[list[str]]:
        frame = next(b.frame for b in self.section.blocks if getattr(b, "title", "") == title)
        return frame.values.tolist()

    def alt(self, title: str) -> str:
        return next(b.alt for b in self.section.blocks
                    if isinstance(b, Chart) and b.title == title)

    def between(self, start: str, end: str) -> str:
        """The PDF's text from `start` to the next `end` after it."""
        begin = self.text.index(start)
        return self.text[begin:self.text.index(end, begin + len(start))]


@pytest.fixture(scope="module")
def printed(con, tmp_path_factory):
    """printed(title, *cops): the evaluator report for those CoPs with only the section of
    that title, printed to PDF and read back (k = 1: no survey group hidden)."""
    folder = tmp_path_factory.mktemp("pdfs")
    cache: dict[tuple, Printed] = {}

    def section(title: str, *cops: str) -> Printed:
        if (title, cops) not in cache:
            call, audit = connection_caller(con)
            report = build_report(call, Selection(cop_ids=cops), audience="evaluator",
                                  audit=audit, k=1, today=dt.date(2024, 5, 1))
            found = next(s for s in report.sections if s.title == title)
            report = replace(report, sections=[found], definitions=[])
            path = folder / f"{len(cache)}.pdf"
            path.write_bytes(render_pdf(report))
            text = flat(pdf_text(path))
            cache[(title, cops)] = Printed(found, text[text.index(title):], render_html(report))
        return cache[(title, cops)]

    return section


# ---------------------------------------------------------------- who responds to whom
# CoP t, each meeting: floor lay clinical lay lay lay non-clinical, 5 transitions:
#   L1>C1 lay>clinical, C1>L2 clinical>lay, L2>L1 and L1>L2 lay>lay, L2>N1 lay>non-clinical.
# Handed on (r): lay 4, clinical 1, non-clinical 0; taken (c): lay 3, clinical 1,
# non-clinical 1; n = 5. Expected r_a x c_b / 5 per meeting, times 3 meetings:
#   lay>lay 4x3/5 = 2.4 -> 7.2 (seen 6: 6/7.2 = 0.83); lay>clinical 0.8 -> 2.4 (seen 3:
#   1.25); lay>non-clinical 0.8 -> 2.4 (3: 1.25); clinical>lay 0.6 -> 1.8 (3: 1.67);
#   clinical>clinical and clinical>non-clinical 0.2 -> 0.6 (0: 0.00); from non-clinical
#   nothing handed on: expected 0, no ratio (–).
# The three meetings are the same, so every bootstrap resample gives the same ratio: the
# 95% interval is the ratio to itself.


def test_heat_map_cells_say_seen_and_expected(printed):
    """The heat map prints, row by row (lay, clinical, non-clinical, each to lay, clinical,
    non-clinical), the transitions seen and (expected), as worked out above."""
    chart = printed(TURNS, "t").between("Who takes the floor after whom:", "How to read this")
    assert (["6 (7.2)", "3 (2.4)", "3 (2.4)", "3 (1.8)", "0 (0.6)", "0 (0.6)", "0 (0.0)",
             "0 (0.0)", "0 (0.0)"] == re.findall(r"\d+ \(\d+\.\d\)", chart))


def test_heat_map_reads_right(printed):
    """Its how-to-read text says what the cells are and how many meetings it rests on (3)."""
    assert ("How to read this: each cell is the floor passing from the member type on the "
            "left to the type along the top") in printed(TURNS, "t").text
    assert "n = 3 observed meetings." in printed(TURNS, "t").text


def test_transition_table_has_expected_counts_and_intervals(printed):
    """The table beside it: seen, expected, seen / expected and its interval, per pair."""
    rows = printed(TURNS, "t").table("Transitions of the floor, seen and expected by chance")
    assert [
        ["Lay", "Lay", "6", "7.2", "0.83", "0.83 to 0.83", "3"],
        ["Lay", "Professional clinical", "3", "2.4", "1.25", "1.25 to 1.25", "3"],
        ["Lay", "Professional non-clinical", "3", "2.4", "1.25", "1.25 to 1.25", "3"],
        ["Professional clinical", "Lay", "3", "1.8", "1.67", "1.67 to 1.67", "3"],
        ["Professional clinical", "Professional clinical", "0", "0.6", "0.00", "0.00 to 0.00", "3"],
        ["Professional clinical", "Professional non-clinical", "0", "0.6", "0.00",
         "0.00 to 0.00", "3"],
        ["Professional non-clinical", "Lay", "0", "0.0", "–", "–", "3"],
        ["Professional non-clinical", "Professional clinical", "0", "0.0", "–", "–", "3"],
        ["Professional non-clinical", "Professional non-clinical", "0", "0.0", "–", "–", "3"],
    ] == rows


def test_lay_response_share_in_words(printed):
    """Lay floor turns with a next turn: L1 (next C1: responded), L2 (next L1, L2: not),
    L1 (then N1 two turns on: responded), L2 (next N1: responded): 3 of 4 a meeting, 9 of
    12 over three = 75%, interval 75% to 75% (the meetings are the same)."""
    assert ("9 of lay members' 12 turns with a next turn were followed, within the next two "
            "turns, by someone of another member type: 75% (95% interval 75% to 75%, 3 "
            "meetings).") in printed(TURNS, "t").text


def test_who_answers_lay_questions_and_challenges(printed):
    """L1's question is followed by C1 (clinical), L2's challenge by L1 (lay): 3 of each
    over the three meetings, 100% of that kind of turn."""
    rows = printed(TURNS, "t").table("Who answers questions and challenges")
    assert [["Lay", "Challenge", "Lay", "3", "100%"],
            ["Lay", "Question", "Professional clinical", "3", "100%"]] == rows


def test_one_speaker_and_one_member_type_are_plain_notes(printed):
    """CoP s: s1 has one speaker, s2 clinicians only, and no act codes: three notes; only
    s2 has a transition, so the chart rests on 1 meeting, with no interval, and says so."""
    text = printed(TURNS, "s").text
    assert ("1 meeting had only one speaker: no one took the floor after them, so they add no "
            "transitions.") in text
    assert ("1 meeting had speakers of one member type only: every transition there stays "
            "within that type.") in text
    assert ("No turn has an act code (question, challenge, ...), so questions and challenges "
            "cannot be counted.") in text
    assert "Based on 1 meeting: too few for a 95% interval (3 are needed)." in text


def test_no_turns_is_a_note_and_no_heat_map(printed):
    """CoP e: a meeting without turns: one note, no chart, no table."""
    found = printed(TURNS, "e")
    assert ("No turns of the whole group (plenary) were recorded for the selected meetings, "
            "so there is nothing to say about who responds to whom.") in found.text
    assert ([] == [b for b in found.section.blocks if isinstance(b, Chart)]
            and "Seen ÷ expected" not in found.text)


# ---------------------------------------------------------------- the fair comparison
# CoPs x and y. Raw (all meetings of each mode pooled): in person, lay talk 6 x 75 + 2 x 25
# = 500 of 800 s (0.625) over half the attendees: 1.25; online 2 x 75 + 6 x 25 = 300 of
# 800 (0.375): 0.75; online - in person = -0.50, n = 16 meetings.
# Within-member: Lx and Ly each have the same equity ratio in both modes (1.5, 0.5), so
# both paired differences are 0 and so is their spread: +0.00, interval +0.00 to +0.00,
# n = 2 members (under 5: a note).
# Adjusted: 2 CoPs, so CoPs as fixed effects (a note). Demeaned within its CoP, the online
# indicator of y is minus that of x (y meets online when x meets in person) while the
# equity ratio (1.4, 1.6, 1.4, 1.4, 1.6, 1.4, 1.6, 1.6 less the CoP's mean) and the months
# are the same in both: online is orthogonal to all of it, so its coefficient is 0.
# The three differ by up to 0 - (-0.50) = 0.50.


def test_three_comparisons_side_by_side(printed):
    """The table: raw -0.50 over 16 meetings, within-member +0.00 (+0.00 to +0.00) over 2
    members, adjusted +0.00 over 16 meetings (its interval is the model's)."""
    rows = printed(FAIR, "x", "y").table("Lay equity ratio, online minus in person, three ways")
    assert ([["Raw: all online v all in-person meetings", "−0.50", "16 meetings"],
             ["Within-member: the same people in each mode", "+0.00", "2 members"],
             ["Adjusted: same CoP, meeting type, size and time", "+0.00", "16 meetings"]]
            == [[r[0], r[1], r[3]] for r in rows])
    assert "+0.00 to +0.00" == rows[1][2]


def test_fair_comparison_is_drawn_with_n(printed):
    """The chart has a row for each comparison with its n, and its how-to-read text."""
    found = printed(FAIR, "x", "y")
    chart = found.between("three ways of comparing", "How to read this")
    for words in ("Raw: all online v all in-person meetings (n = 16 meetings)",
                  "Within-member: the same people in each mode (n = 2 members)",
                  "Adjusted: same CoP, meeting type, size and time (n = 16 meetings)"):
        assert words in chart
    assert ("How to read this: each dot is one way of comparing the modes; a dot right of the "
            "dashed line means lay members had a larger share of the talk online.") in found.text


def test_fair_comparison_says_why_they_differ(printed):
    """The plain-words reason, with the spread worked out above (0.50), and the notes."""
    text = printed(FAIR, "x", "y").text
    assert ("Here they differ by up to 0.50, so part of the raw difference comes from those "
            "factors rather than from the mode itself.") in text
    assert ("Warning: Only 2 members attended both modes: too few to support conclusions (at "
            "least 5 are needed).") in text
    assert ("Warning: With 2 CoPs the CoP cannot be a random effect, so a simpler model (CoPs "
            "as fixed effects) gives the estimate.") in text


def test_modes_apart_in_time_warn(printed):
    """CoP o met in person January to June 2021 and online July to December: no meeting
    falls between the later first date (1 July) and the earlier last date (1 June), 0 of
    12, under the 20% the model needs to tell the mode from the time: a warning (after the
    note that one CoP cannot be a random effect)."""
    assert ("Warning: With 1 CoP the CoP cannot be a random effect, so a simpler model (CoPs "
            "as fixed effects) gives the estimate. In-person and online meetings barely overlap in time (only 0 of 12 "
            "meetings fall in the months when both were used), so no model can fully "
            "separate the effect of the mode from what else changed at that time") in printed(
                FAIR, "o").text


def test_model_not_converging_is_a_note(printed):
    """CoPs x, x2, x3 are the same, so the CoPs' variance is 0, on the edge of what the
    mixed model can fit: it does not converge and the report says the simpler model
    stands in."""
    assert ("Warning: The model with the CoP as a random effect did not converge, so a "
            "simpler model (CoPs as fixed effects) gives the estimate.") in printed(
                FAIR, "x", "x2", "x3").text


def test_one_mode_is_notes_and_no_chart(printed):
    """CoP t met in person only: each comparison says why it has no figure, the section
    says none could be worked out, and there is no chart."""
    found = printed(FAIR, "t")
    assert ("Warning: No member attended observed meetings of both modes, so the same people "
            "cannot be compared in each mode.") in found.text
    assert ("Warning: Only 3 in-person and 0 online observed meetings with this figure: an "
            "adjusted estimate needs at least 4 of each.") in found.text
    assert ("Lay members' equity ratio cannot be compared between in person and online in "
            "this selection: none of the three comparisons could be worked out") in found.text
    assert [] == [b for b in found.section.blocks if isinstance(b, Chart)]


# ---------------------------------------------------------------- the funnel plot
# CoPs x and y: lay equity ratio x 1.5, y 0.5, each over n = 16 voice turns. Programme:
# lay talk 800 of 1,600 s (0.5) over lay attendees 16 of 32 (p0 = 0.5): ER0 = 1.00.
# Var = ER0 (1 - ER0 p0) / (p0 n) = 1 x 0.5 / (0.5 x 16) = 1/16, sd 0.25:
#   95% limits 1 -/+ 1.96 x 0.25 = 0.51 to 1.49; 99.8% 1 -/+ 3.09 x 0.25 = 0.23 to 1.77.
# x (1.50) is above the 95% limit, y (0.50) below it; both inside the 99.8% limits.


def test_funnel_is_a_chart(printed):
    """The funnel is drawn: its title and how-to-read text in the PDF, and its alt text
    says 2 CoPs around 1.00, both outside the 95% limits and inside the 99.8% ones."""
    found = printed(PROGRAMME, "x", "y")
    title = "Lay equity ratio of each CoP against the amount of data behind it"
    assert title in found.text
    assert "The dashed line is the programme's figure; the dotted lines are the 95% limits" in (
        found.text)
    assert ("Funnel plot of 2 CoPs' lay equity ratio against observed talk (voice turns) (log "
            "scale), around the programme's figure 1.00: 0 inside the 95% limits, 2 outside the "
            "95% but inside the 99.8% limits, 0 outside the 99.8% limits (x, y);") in found.alt(title)


def test_funnel_table_limits(printed):
    """Beside it, each CoP against the limits worked out above."""
    rows = printed(PROGRAMME, "x", "y").table("Lay equity ratio of each CoP against the "
                                              "funnel's limits")
    assert [["x", "1.50", "16", "1.00", "0.51 to 1.49", "0.23 to 1.77", "above 95%"],
            ["y", "0.50", "16", "1.00", "0.51 to 1.49", "0.23 to 1.77", "below 95%"]] == rows


# ---------------------------------------------------------------- many CoPs
# 31 CoPs c00..c30, one meeting each, a lay member and a clinician present, 20 turns each,
# alternating (n = 40 voice turns). c00..c29: 5 s a turn each (lay share 0.5 of the talk,
# 0.5 of the room: equity ratio 1.00). c30: lay 9 s, clinician 1 s a turn (0.9: 1.80).
# Programme: lay talk 30 x 100 + 180 = 3,180 of 6,200 s (0.5129), p0 = 0.5: ER0 = 1.0258.
# Var = ER0 (1 - ER0 p0) / (p0 n) = 1.0258 x 0.4871 / 20 = 0.02498, sd 0.1581:
#   95% limits 1.0258 -/+ 0.3098 = 0.72 to 1.34; 99.8% -/+ 0.4885 = 0.54 to 1.51.
# c30 is above the 99.8% limit; the 30 others (1.00) inside the 95% limits. Everyone spoke:
# voice coverage 100% everywhere, all inside.


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    programme = Programme()
    for i in range(31):
        cop, lay_s = f"c{i:02d}", 9 if i == 30 else 5
        programme.meeting(f"{cop}-1", cop, "2021-01-01", [f"L{cop}", f"C{cop}"])
        for turn in range(20):
            programme.turn(f"{cop}-1", f"L{cop}", turn * 10, duration_s=lay_s)
            programme.turn(f"{cop}-1", f"C{cop}", turn * 10 + lay_s, duration_s=10 - lay_s)
    db = programme.build(tmp_path_factory.mktemp("report_many_cops"))
    connection = duckdb.connect(str(db), read_only=True)
    call, audit = connection_caller(connection)
    report = build_report(call, Selection(), audience="evaluator", audit=audit, k=1,
                          today=dt.date(2024, 5, 1))
    yield next(s for s in report.sections if s.title == PROGRAMME)
    connection.close()


def test_many_cops_list_only_those_outside_the_limits(many):
    """Over 30 CoPs, the table lists the CoPs outside the 95% limits (c30 alone) and a note
    counts the others, so a programme of 1,000 CoPs does not print 1,000 rows."""
    tables = {b.title: b.frame.values.tolist() for b in many.blocks if hasattr(b, "frame")}
    assert [["c30", "1.80", "40", "1.03", "0.72 to 1.34", "0.54 to 1.51", "above 99.8%"]] == (
        tables["Lay equity ratio of each CoP against the funnel's limits"])
    notes = [b.text for b in many.blocks if isinstance(b, Note)]
    assert ("30 of the 31 CoPs are inside the 95% limits for the lay equity ratio and are not "
            "listed below (the Overview page's download lists every CoP).") in notes


def test_many_cops_all_inside_is_a_sentence(many):
    """Voice coverage is 100% at every CoP: no table of nobody, one sentence instead."""
    notes = [b.text for b in many.blocks if isinstance(b, Note)]
    assert ("All 31 CoPs are inside the 95% limits for the voice coverage (the Overview "
            "page's download lists every CoP).") in notes
    assert not any(getattr(b, "title", "") == "Voice coverage of each CoP against the "
                   "funnel's limits" for b in many.blocks)


def test_many_cops_without_a_move_online_are_one_sentence(many):
    """All 31 CoPs met in person only: one sentence names them, not 31 notes."""
    notes = [b.text for b in many.blocks if isinstance(b, Note) and "online" in b.text]
    assert 1 == len([n for n in notes if "did not move online" in n])
    assert notes[0].startswith("31 of the 31 CoPs did not move online in this selection")
    assert [] == [n for n in notes if n.startswith("CoP c")]
