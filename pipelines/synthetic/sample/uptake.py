"""Recommendations the sample CoPs work on (the study's good practice R1-R10 and a few
evidence recommendations) and how each moved at each site, with the meeting that decided
each step where there was one."""

from __future__ import annotations

import datetime as dt

from pipelines.synthetic.reference import (
    EVIDENCE_RECOMMENDATIONS,
    GOOD_PRACTICE_RECOMMENDATIONS,
    GOOD_PRACTICE_SOURCE,
)
from pipelines.synthetic.sample.model import SYNTHETIC, Programme, Rows

__all__ = ["recommendation_rows", "status_rows"]


def recommendation_rows() -> Rows:
    rows = [
        {"recommendation_id": rid, "cop_id": "", "source": GOOD_PRACTICE_SOURCE,
         "title": title, "aim": "", "description": description}
        for rid, title, description in GOOD_PRACTICE_RECOMMENDATIONS
    ]
    rows += [
        {"recommendation_id": rid, "cop_id": cop_id, "source": source, "title": title,
         "aim": aim, "description": f"{SYNTHETIC} example of an evidence recommendation."}
        for rid, cop_id, source, title, aim in EVIDENCE_RECOMMENDATIONS
    ]
    return rows


def status_rows(p: Programme) -> Rows:
    by_date = {(m.cop_id, m.held_on): m.meeting_id for m in p.all_meetings()
               if m.meeting_type in ("cop", "steering_group", "preparation")}
    rows: Rows = []
    for rec, cop_id, site, events in UPTAKE:
        for day_text, status in events:
            day = dt.date.fromisoformat(day_text)
            meeting_id = by_date.get((cop_id, day), "")
            rows.append({
                "recommendation_id": rec, "cop_id": cop_id, "site": site,
                "status_on": day_text, "status": status, "meeting_id": meeting_id,
                "evidence": f"Minutes of {meeting_id}" if meeting_id
                else "Service report to the steering group",
            })
    return rows


# Uptake events: (recommendation, cop, site, [(date, status)]). Dates that fall on one of the
# CoP's meetings get that meeting's id (where it was decided).
UPTAKE: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    ("R1", "cop1", "CoP", [("2018-01-24", "proposed"), ("2018-02-15", "agreed"),
                           ("2018-03-01", "in_progress"), ("2018-11-15", "implemented"),
                           ("2019-11-21", "sustained")]),
    ("R2", "cop1", "CoP", [("2018-02-15", "proposed"), ("2018-05-17", "agreed"),
                           ("2018-06-01", "in_progress")]),
    ("R3", "cop1", "CoP", [("2018-01-24", "proposed"), ("2018-02-15", "agreed"),
                           ("2018-05-17", "implemented"), ("2020-05-21", "dropped")]),
    ("R4", "cop1", "CoP", [("2018-08-16", "proposed"), ("2018-11-15", "agreed"),
                           ("2019-01-24", "implemented"), ("2020-04-23", "sustained")]),
    ("R5", "cop1", "CoP", [("2018-11-15", "proposed"), ("2019-02-21", "agreed"),
                           ("2019-03-20", "in_progress"), ("2019-09-18", "implemented"),
                           ("2020-09-16", "sustained")]),
    ("R6", "cop1", "CoP", [("2019-05-16", "proposed"), ("2019-08-15", "agreed"),
                           ("2019-11-21", "in_progress"), ("2020-08-20", "implemented")]),
    ("R7", "cop1", "CoP", [("2018-02-15", "proposed"), ("2019-02-21", "agreed")]),
    ("R8", "cop1", "CoP", [("2019-03-20", "proposed"), ("2019-09-18", "agreed"),
                           ("2020-02-20", "in_progress")]),
    ("R9", "cop1", "CoP", [("2018-05-17", "proposed"), ("2018-08-16", "agreed"),
                           ("2018-11-15", "in_progress"), ("2019-05-16", "implemented")]),
    ("R10", "cop1", "CoP", [("2020-05-21", "proposed"), ("2020-08-20", "agreed"),
                            ("2020-11-19", "implemented")]),
    ("MF1", "cop1", "Community MSK physiotherapy North",
     [("2018-05-17", "proposed"), ("2018-08-16", "agreed"), ("2018-10-01", "in_progress"),
      ("2019-04-01", "implemented"), ("2020-04-01", "sustained")]),
    ("MF1", "cop1", "Community MSK physiotherapy South",
     [("2018-05-17", "proposed"), ("2018-11-15", "agreed"), ("2019-06-03", "in_progress"),
      ("2020-08-20", "implemented")]),
    ("MF2", "cop1", "Community MSK physiotherapy North",
     [("2018-08-16", "proposed"), ("2019-02-21", "agreed"), ("2019-05-01", "in_progress"),
      ("2019-11-21", "implemented")]),
    ("MF2", "cop1", "Community MSK physiotherapy South",
     [("2019-02-21", "proposed"), ("2019-05-16", "agreed"), ("2020-05-21", "dropped")]),
    ("MF3", "cop1", "Oakfield GP practice",
     [("2018-11-15", "proposed"), ("2019-08-15", "implemented")]),
    ("MF3", "cop1", "Riverside GP practice",
     [("2019-05-16", "proposed"), ("2019-08-15", "agreed"), ("2020-02-20", "in_progress")]),
    ("NG1", "cop1", "Oakfield GP practice",
     [("2019-02-21", "proposed"), ("2019-05-16", "agreed"), ("2019-09-02", "in_progress"),
      ("2020-02-20", "implemented"), ("2020-11-19", "sustained")]),
    ("NG1", "cop1", "Riverside GP practice",
     [("2019-02-21", "proposed"), ("2019-08-15", "agreed")]),
    ("NG2", "cop1", "Oakfield GP practice",
     [("2020-08-20", "proposed"), ("2020-11-19", "agreed")]),
    ("R2", "cop2", "CoP", [("2019-07-10", "proposed"), ("2019-11-10", "agreed"),
                           ("2020-03-10", "implemented")]),
    ("R6", "cop2", "CoP", [("2019-11-10", "proposed"), ("2020-07-10", "agreed"),
                           ("2020-11-10", "in_progress")]),
    ("DF1", "cop2", "Hillside GP practice",
     [("2019-07-10", "proposed"), ("2019-11-10", "agreed"), ("2020-03-10", "in_progress"),
      ("2021-03-10", "implemented"), ("2022-03-10", "sustained")]),
    ("DF1", "cop2", "Community podiatry service",
     [("2019-11-10", "proposed"), ("2020-07-10", "agreed"), ("2021-07-10", "implemented")]),
    ("R1", "cop3", "CoP", [("2021-02-09", "proposed"), ("2021-04-09", "agreed"),
                           ("2021-06-09", "implemented"), ("2022-06-09", "sustained")]),
    ("R10", "cop3", "CoP", [("2021-08-09", "proposed"), ("2022-02-09", "agreed"),
                            ("2022-10-09", "in_progress")]),
    ("MH1", "cop3", "Community mental health team East",
     [("2021-06-09", "proposed"), ("2021-10-09", "agreed"), ("2022-04-09", "in_progress"),
      ("2023-02-09", "implemented")]),
    ("MH1", "cop3", "Community mental health team West",
     [("2021-06-09", "proposed"), ("2022-02-09", "agreed"), ("2023-04-09", "in_progress")]),
]
