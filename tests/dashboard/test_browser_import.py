"""The Import meeting files page in a real browser: upload a Teams transcript, map the name
nobody knows to a member, import again (issue 5).

Streamlit's AppTest cannot upload files, so this is the only end-to-end check of the page's
mapping flow. The page writes to the database, so the module works on its own copy of the
sample programme (loaded by the real pipeline) with its own server; the browser flow runs
once, and each test checks one of its effects through a read-only connection.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from browser_helpers import WAIT_MS, chromium_tab, open_page, running_dashboard, wait_until_idle

pytestmark = pytest.mark.browser

NEW_NAME = "Dr Jo Unmapped"  # in no alias of the sample programme


@dataclass(frozen=True)
class Scenario:
    """The meeting chosen in the sample database and who speaks in the transcript."""

    meeting_id: str
    meeting_label: str  # as the page's meeting picker shows it
    known_member: str  # speaks under an alias the database already has
    known_alias: str
    chosen_member: str  # the member the user picks for NEW_NAME (present at the meeting)


@dataclass(frozen=True)
class Flow:
    """What the browser flow left behind: the database and what the page offered."""

    db: Path
    scenario: Scenario
    offered: list[str]  # the top of the open member list for the new name


def _choose_scenario(db: Path) -> Scenario:
    """The first online meeting (by date) where two members were present and each has a
    general display-name alias that names nobody else."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            """
            with unique_names as (
                select lower(alias) as key from member_aliases
                group by lower(alias) having count(distinct member_id) = 1
            ), named as (
                select member_id, min(alias) as alias from member_aliases
                where coalesce(meeting_id, '') = '' and alias not like '%@%'
                  and lower(alias) in (select key from unique_names)
                group by member_id
            )
            select g.meeting_id, g.held_on, g.mode, a.member_id, n.alias
            from meetings g
            join attendance a on a.meeting_id = g.meeting_id
            join named n on n.member_id = a.member_id
            where g.mode = 'online' and a.status = 'present'
              and not exists (select 1 from member_aliases x where lower(x.alias) = lower(?))
            order by g.held_on, g.meeting_id, a.member_id
            """, [NEW_NAME]).fetchall()
    by_meeting: dict[str, list[tuple]] = {}
    for row in rows:
        by_meeting.setdefault(row[0], []).append(row)
    meeting_rows = next(found for found in by_meeting.values() if len(found) >= 2)
    (meeting_id, held_on, mode, known, alias), chosen = meeting_rows[0], meeting_rows[1][3]
    return Scenario(meeting_id, f"{meeting_id} ({held_on}, {mode})", known, alias, chosen)


def _transcript(known_alias: str) -> str:
    """A Teams-style WebVTT: the known speaker twice (10 s, then 20 s), the new name once
    (15 s) in between, so no two cues of one person are consecutive and nothing merges."""
    return (
        "WEBVTT\n\n"
        "1\n00:00:05.000 --> 00:00:15.000\n"
        f"<v {known_alias}>Good morning, shall we start with the audit results?</v>\n\n"
        "2\n00:00:20.000 --> 00:00:35.000\n"
        f"<v {NEW_NAME}>Yes, the falls audit is back and the numbers look better.</v>\n\n"
        "3\n00:00:40.000 --> 00:01:00.000\n"
        f"<v {known_alias}>Thank you. Then let us agree the next steps for the wards.</v>\n"
    )


def _pick(tab, label: str, option: str, typed: str) -> list[str]:
    """Choose `option` in the selectbox labelled `label` (typing filters the long lists);
    returns the first options the open list showed before typing, top of the list first."""
    box = tab.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    box.locator("input").click()
    tab.get_by_role("option").first.wait_for(timeout=WAIT_MS)
    shown = tab.get_by_role("option").all_inner_texts()
    tab.keyboard.type(typed)
    tab.get_by_role("option", name=option, exact=True).click()
    wait_until_idle(tab)
    return shown


@pytest.fixture(scope="module")
def imported(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flow]:
    """Run the page's whole flow once on a copy of the sample database: choose the meeting,
    upload the transcript, import (the new name is listed with suggestions and left out),
    choose a member for the new name, import again."""
    folder = tmp_path_factory.mktemp("import_page")
    db = folder / "cop.duckdb"
    shutil.copy2(sample_db, db)
    scenario = _choose_scenario(db)
    upload = folder / "meeting transcript.vtt"
    upload.write_text(_transcript(scenario.known_alias), encoding="utf-8")
    with running_dashboard(db) as server, chromium_tab() as tab:
        open_page(tab, server, "import_meeting_files")
        _pick(tab, "Meeting", scenario.meeting_label, scenario.meeting_id)
        tab.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        mapping_label = f"Person '{NEW_NAME}'"
        tab.locator('[data-testid="stSelectbox"]').filter(has_text=mapping_label).wait_for(
            timeout=WAIT_MS)
        wait_until_idle(tab)
        tab.get_by_role("button", name="Import", exact=True).click()
        tab.locator('[data-testid="stAlertContentWarning"]').filter(
            has_text="could not be matched").wait_for(timeout=WAIT_MS)
        wait_until_idle(tab)
        offered = _pick(tab, mapping_label, scenario.chosen_member, scenario.chosen_member)
        tab.get_by_role("button", name="Import", exact=True).click()
        tab.locator('[data-testid="stAlertContentSuccess"]').wait_for(timeout=WAIT_MS)
        wait_until_idle(tab)
    yield Flow(db, scenario, offered)


def test_the_member_list_offers_only_the_meetings_community(imported) -> None:
    """For an unmatched name the page lists '(leave out)' then members of the meeting's
    CoP only: a closest match from another CoP would have its turns quarantined."""
    with duckdb.connect(str(imported.db), read_only=True) as con:
        community = [row[0] for row in con.execute(
            "select m.member_id from members m join meetings g on g.cop_id = m.cop_id"
            " where g.meeting_id = ? order by m.member_id",
            [imported.scenario.meeting_id]).fetchall()]
    # the sample's closest aliases to 'Dr Jo Unmapped' (Jo Dawson, Jo Okafor, Jo Quayle)
    # belong to cop3 and cop1 while the meeting is cop2's, so none of them is offered: the
    # list starts with leaving the name out, then the CoP's members in id order
    expected = ["(leave out)"] + community[:3]
    assert expected == imported.offered[:4]


def test_the_chosen_member_is_saved_as_the_new_names_alias(imported) -> None:
    """The member chosen for the unmatched name is written to member_aliases as a general
    alias (a transcript name is not meeting-specific)."""
    with duckdb.connect(str(imported.db), read_only=True) as con:
        rows = con.execute(
            "select alias, coalesce(meeting_id, ''), member_id from member_aliases"
            " where lower(alias) = lower(?)", [NEW_NAME]).fetchall()
    # one row: the name as the transcript writes it, no meeting, the member picked on the page
    assert [(NEW_NAME, "", imported.scenario.chosen_member)] == rows


def test_the_transcript_turns_are_loaded_for_both_speakers(imported) -> None:
    """After the mapping, the meeting's transcript turns are exactly the file's three cues:
    the known speaker's and the newly mapped one's, nothing left from before."""
    db, scenario = imported.db, imported.scenario
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select member_id, start_s, duration_s from speaking_turns"
            " where meeting_id = ? and source = 'transcript' order by start_s",
            [scenario.meeting_id]).fetchall()
    # cues 05-15 s and 40-60 s of the known speaker, 20-35 s of the new name: 3 turns, gaps
    # of 5 s between speakers so nothing merges; talk time known 10 + 20 = 30 s, chosen 15 s
    expected = [
        (scenario.known_member, 5.0, 10.0),
        (scenario.chosen_member, 20.0, 15.0),
        (scenario.known_member, 40.0, 20.0),
    ]
    assert expected == [(member, float(start), float(length)) for member, start, length in rows]
