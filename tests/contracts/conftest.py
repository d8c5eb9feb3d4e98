"""A real DuckDB file with the core tables and a small stored programme, and valid rows.

Stored (as if loaded earlier):
- CoPs C1 (2018-02-01 to 2020-11-30) and C2 (from 2019-01-01, still running).
- Members M1 lay, M2 clinical, M3 non_clinical facilitator (all C1); M9 lay (C2).
- Meetings of C1: MT1 in person 120 min, MT2 online 90 min, MT3 hybrid 120 min; MT9 of C2.
- Attendance at MT1: M1 present, M2 present, M3 absent.
- A voice turn S1 of M1 at MT1 from 100 s to 130 s.
- The shipped instrument cop_experience (scale 1 to 5) and response R1 (M1, wave 2019-Q4).
- Recommendation REC1 (C1); alias "Jane Smith" -> M1 for any meeting.

`GOOD` holds valid rows per dataset and `TEMPLATE` one more valid row with its own key,
which rule tests break one column at a time.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipelines.contracts import load_contracts, validate
from pipelines.instruments import load_instruments, write_instruments
from pipelines.settings import PROJECT_ROOT

TABLES_SQL = PROJECT_ROOT / "pipelines" / "sql" / "core" / "tables.sql"

STORED_ROWS = """
insert into communities values
    ('C1', 'Musculoskeletal CoP', date '2018-02-01', date '2020-11-30', 'Keele IAU', 'MSK'),
    ('C2', 'Falls CoP', date '2019-01-01', null, null, null);
insert into members values
    ('M1', 'C1', 'lay', 'patient', false, null, null, null, null, null, null),
    ('M2', 'C1', 'clinical', 'physiotherapist', false, null, null, null, null, null, null),
    ('M3', 'C1', 'non_clinical', 'knowledge broker', true, null, null, null, null, null, null),
    ('M9', 'C2', 'lay', 'carer', false, null, null, null, null, null, null);
insert into meetings values
    ('MT1', 'C1', date '2018-03-01', '10:00', 120, 'in_person', 'cop', 'M1', 'Hall'),
    ('MT2', 'C1', date '2020-06-01', '14:00', 90, 'online', 'cop', null, null),
    ('MT3', 'C1', date '2019-05-01', '10:00', 120, 'hybrid', 'cop', null, null),
    ('MT9', 'C2', date '2019-06-01', null, 60, 'in_person', 'steering_group', null, null);
insert into attendance values
    ('MT1', 'M1', 'present', 'in_person', 0, 120, 120),
    ('MT1', 'M2', 'present', null, null, null, null),
    ('MT1', 'M3', 'absent', null, null, null, null);
insert into speaking_turns values
    ('S1', 'MT1', 'M1', 'voice', 100, 30, 'plenary', 'statement', 60, 'observation');
insert into survey_responses values
    ('R1', 'voice_1', 'C1', 'cop_experience', '2019-Q4', date '2019-12-01', 'M1', 'lay', 4);
insert into recommendations values
    ('REC1', 'C1', 'CoP good practice', 'Offer lay members formal roles', null, null);
insert into member_aliases values ('Jane Smith', null, 'M1');
"""

GOOD: dict[str, list[dict[str, str]]] = {
    "communities": [
        {"cop_id": "C3", "name": "Back pain CoP", "started_on": "2021-01-01", "ended_on": "2022-12-31"},
        {"cop_id": "C4", "name": "Hip and knee CoP", "started_on": "2021-03-01"},
    ],
    "members": [
        {"member_id": "M10", "cop_id": "C1", "member_type": "lay", "role": "carer",
         "is_facilitator": "no", "joined_on": "2018-02-01", "deprivation_quintile": "2"},
        {"member_id": "M11", "cop_id": "C2", "member_type": "clinical", "gender": "female"},
    ],
    "meetings": [
        {"meeting_id": "MT10", "cop_id": "C1", "held_on": "2019-01-10", "start_time": "09:30",
         "duration_min": "120", "mode": "in_person", "meeting_type": "cop", "chair_member_id": "M2"},
        {"meeting_id": "MT11", "cop_id": "C2", "held_on": "2023-05-01", "duration_min": "60",
         "mode": "online", "meeting_type": "planning"},
    ],
    "attendance": [
        {"meeting_id": "MT2", "member_id": "M2", "status": "present", "attended_via": "online",
         "joined_min": "0", "left_min": "90", "minutes_attended": "85"},
        {"meeting_id": "MT3", "member_id": "M3", "status": "present", "attended_via": "in_person",
         "joined_min": "5.5", "left_min": "100", "minutes_attended": "94.5"},
    ],
    "speaking_turns": [
        {"turn_id": "T10", "meeting_id": "MT1", "member_id": "M1", "channel": "voice",
         "start_s": "0", "duration_s": "30", "activity": "plenary", "act": "statement",
         "words": "50", "source": "observation"},
        {"turn_id": "T11", "meeting_id": "MT1", "member_id": "M2", "channel": "voice",
         "start_s": "30", "duration_s": "20", "source": "transcript"},
        {"turn_id": "T12", "meeting_id": "MT1", "member_id": "M1", "channel": "chat",
         "start_s": "40", "duration_s": "0", "source": "chat_log"},
    ],
    "survey_responses": [
        {"response_id": "R2", "item_id": "voice_1", "cop_id": "C1", "instrument_id": "cop_experience",
         "wave": "2019-Q4", "submitted_on": "2019-12-02", "member_id": "M2",
         "member_type": "clinical", "value": "4"},
        {"response_id": "R2", "item_id": "voice_3", "cop_id": "C1", "instrument_id": "cop_experience",
         "wave": "2019-Q4", "submitted_on": "2019-12-02", "member_id": "M2",
         "member_type": "clinical", "value": "2"},
    ],
    "costs": [
        {"cost_id": "K1", "cop_id": "C1", "meeting_id": "MT1", "incurred_on": "2018-03-01",
         "category": "venue", "amount_gbp": "120.50"},
        {"cost_id": "K2", "cop_id": "C1", "incurred_on": "2018-04-01", "category": "facilitation",
         "amount_gbp": "1000"},
    ],
    "time_rates": [
        {"member_type": "lay", "valid_from": "2018-01-01", "hourly_rate_gbp": "25.00",
         "source": "NIHR payment guidance"},
        {"member_type": "clinical", "role": "physiotherapist", "valid_from": "2018-01-01",
         "hourly_rate_gbp": "40.5"},
    ],
    "recommendations": [
        {"recommendation_id": "REC10", "cop_id": "C1", "source": "CoP good practice",
         "title": "Choose a neutral venue"},
        {"recommendation_id": "REC11", "source": "Moving Forward", "title": "Exercise for knee pain"},
    ],
    "recommendation_status": [
        {"recommendation_id": "REC1", "cop_id": "C1", "site": "CoP", "status_on": "2019-01-01",
         "status": "proposed", "meeting_id": "MT1"},
        {"recommendation_id": "REC1", "cop_id": "C1", "site": "CoP", "status_on": "2019-06-01",
         "status": "agreed"},
    ],
    "member_aliases": [
        {"alias": "John Doe", "meeting_id": "MT1", "member_id": "M2"},
        {"alias": "SPEAKER_00", "meeting_id": "MT1", "member_id": "M1"},
    ],
}

TEMPLATE: dict[str, dict[str, str]] = {
    "communities": {"cop_id": "C5", "name": "Osteoporosis CoP", "started_on": "2021-06-01",
                    "ended_on": "2023-06-01", "host_organisation": "Keele"},
    "members": {"member_id": "M12", "cop_id": "C1", "member_type": "non_clinical",
                "role": "commissioner", "is_facilitator": "FALSE", "joined_on": "2018-05-01",
                "left_on": "2019-05-01", "gender": "male", "deprivation_quintile": "5"},
    "meetings": {"meeting_id": "MT12", "cop_id": "C1", "held_on": "2019-02-10",
                 "start_time": "14:00", "duration_min": "90", "mode": "hybrid",
                 "meeting_type": "steering_group", "chair_member_id": "M1"},
    "attendance": {"meeting_id": "MT3", "member_id": "M1", "status": "present",
                   "attended_via": "online", "joined_min": "0", "left_min": "120",
                   "minutes_attended": "110"},
    "speaking_turns": {"turn_id": "T13", "meeting_id": "MT1", "member_id": "M2",
                       "channel": "voice", "start_s": "200", "duration_s": "10",
                       "activity": "small_group", "act": "question", "words": "12",
                       "source": "observation"},
    "survey_responses": {"response_id": "R3", "item_id": "voice_1", "cop_id": "C1",
                         "instrument_id": "cop_experience", "wave": "2019-Q4",
                         "submitted_on": "2019-12-03", "member_id": "", "member_type": "lay",
                         "value": "3"},
    "costs": {"cost_id": "K3", "cop_id": "C1", "meeting_id": "MT1", "incurred_on": "2018-03-01",
              "category": "catering", "amount_gbp": "45", "description": "Lunch"},
    "time_rates": {"member_type": "non_clinical", "role": "", "valid_from": "2018-01-01",
                   "hourly_rate_gbp": "35.10"},
    "recommendations": {"recommendation_id": "REC12", "cop_id": "", "source": "Moving Forward",
                        "title": "Stratified care for back pain", "aim": "Reduce referrals"},
    "recommendation_status": {"recommendation_id": "REC1", "cop_id": "C1", "site": "Practice A",
                              "status_on": "2019-02-01", "status": "implemented",
                              "meeting_id": "MT3"},
    "member_aliases": {"alias": "Jo Bloggs (External)", "meeting_id": "", "member_id": "M3"},
}


def as_frame(dataset: str, rows: list[dict[str, str]]) -> pd.DataFrame:
    """Rows as a reader hands them over: every canonical column, every value a str."""
    columns = load_contracts()[dataset].columns
    return pd.DataFrame(
        [{c: row.get(c, "") for c in columns} for row in rows], columns=columns, dtype="str"
    )


@pytest.fixture
def good():
    """Valid rows per dataset (see the module docstring)."""
    return GOOD


@pytest.fixture
def template():
    """Per dataset, one more valid row with its own key, for rule tests to break."""
    return TEMPLATE


@pytest.fixture
def con(tmp_path):
    """A DuckDB file in tmp_path with the core tables, the stored rows and the instruments."""
    connection = duckdb.connect(str(tmp_path / "cop.duckdb"))
    connection.execute(TABLES_SQL.read_text(encoding="utf-8"))
    connection.execute(STORED_ROWS)
    write_instruments(connection, load_instruments())
    yield connection
    connection.close()


@pytest.fixture
def run(con):
    """Validate rows of a dataset against `con`; line numbers start at 2 (after the header)."""

    def _run(dataset: str, rows: list[dict[str, str]], **kwargs):
        frame = as_frame(dataset, rows)
        return validate(
            dataset,
            frame,
            con,
            source_file=f"{dataset}.csv",
            line_numbers=range(2, len(rows) + 2),
            **kwargs,
        )

    return _run
