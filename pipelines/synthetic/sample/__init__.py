"""The sample programme: three synthetic Communities of Practice that tell the study's story.

CoP 1 follows the study's musculoskeletal CoP (quarterly meetings Feb 2018 - Nov 2020, in
person until the pandemic and on MS Teams after it, a steering group chaired by lay members,
lay members' share of talk rising as they gain confidence, one lay member lost to digital
exclusion). CoP 2 meets hybrid, CoP 3 is large and online only. Every row is meant to pass
every rule of inputs.md, so that the demo database loads with nothing quarantined and each
dashboard page has something true to show.

One part per module: `people` (communities, members, aliases), `meetings` (the calendar),
`attendance`, `talk` (voice turns and chat), `surveys`, `costs` (and time rates), `uptake`
(recommendations and their statuses); `texture` adds what makes it look real (meetings of
every type, silent attendees, monologues) from a random stream of its own; `model` holds
what they share. Everything is drawn
from one `random.Random(seed)` in the fixed order below and written sorted, so the same seed
gives byte-identical files.
"""

from __future__ import annotations

from pipelines.synthetic.sample import (
    attendance,
    costs,
    meetings,
    people,
    surveys,
    talk,
    texture,
    uptake,
)
from pipelines.synthetic.sample.model import ONLINE_FROM, Programme, Rows

__all__ = ["ONLINE_FROM", "build_sample"]


def build_sample(seed: int) -> dict[str, Rows]:
    """Rows (all values as text, blank = "") of every canonical dataset."""
    p = Programme(seed)
    people.build_members(p)
    meetings.build_meetings(p)
    texture.add_meetings(p)
    attendance.build_attendance(p)
    talk.build_turns(p)
    texture.add_silence(p)
    texture.add_monologues(p)
    return {  # in this order: each part draws from the one random stream
        "communities": people.community_rows(),
        "members": people.member_rows(p),
        "meetings": meetings.meeting_rows(p),
        "attendance": attendance.attendance_rows(p),
        "speaking_turns": talk.turn_rows(p),
        "survey_responses": surveys.survey_rows(p),
        "costs": costs.cost_rows(p),
        "time_rates": costs.time_rate_rows(),
        "recommendations": uptake.recommendation_rows(),
        "recommendation_status": uptake.status_rows(p),
        "member_aliases": people.alias_rows(p),
    }
