"""The sample's questionnaire responses: waves after chosen CoP meetings, answered by those
present (some anonymously, some items left blank), lay members' voice growing over waves."""

from __future__ import annotations

import datetime as dt

from pipelines.synthetic.reference import INSTRUMENT_ID, SurveyItem
from pipelines.synthetic.sample.model import Programme, Rows, date_text

__all__ = ["survey_rows"]

# (wave, the CoP meeting after which the questionnaire went out), per CoP
WAVES = {
    "cop1": [("2018-Q2", "cop1-20180517-cop"), ("2019-Q2", "cop1-20190516-cop"),
             ("2020-Q4", "cop1-20201119-cop")],
    "cop2": [("2020-Q1", "cop2-20191110-cop"), ("2021-Q4", "cop2-20211110-cop")],
    "cop3": [("2021-Q2", "cop3-20210409-cop"), ("2022-Q2", "cop3-20220409-cop"),
             ("2023-Q2", "cop3-20230409-cop")],
}


def _latent(member_type: str, item: SurveyItem, wave_index: int,
            voice_subscales: set[str]) -> float:
    if member_type == "lay":
        if item.subscale in voice_subscales:
            return 2.3 + 0.85 * wave_index      # equity of voice develops
        return 3.4 + 0.2 * wave_index
    return 3.9 + 0.05 * wave_index


def survey_rows(p: Programme) -> Rows:
    rng = p.rng
    voice = {i.subscale for i in p.items
             if any(k in i.subscale.lower() for k in ("voice", "equal", "footing",
                                                      "safety", "power"))}
    if not voice:
        voice = {i.subscale for i in p.items}
    meetings = {m.meeting_id: m for m in p.all_meetings()}
    span = p.scale_max - p.scale_min
    rows: Rows = []
    for cop_id, cop_waves in WAVES.items():
        for wave_index, (wave, meeting_id) in enumerate(cop_waves):
            meeting = meetings[meeting_id]
            respondents = [a.member for a in p.attendance[meeting_id]
                           if a.status == "present" and not a.member.is_facilitator]
            rng.shuffle(respondents)  # response numbers must not reveal who answered
            for r, member in enumerate(respondents):
                if rng.random() < 0.1:
                    continue                    # did not return the questionnaire
                response_id = f"{cop_id}-{wave}-r{r + 1:02d}"
                anonymous = rng.random() < 0.2
                submitted = meeting.held_on + dt.timedelta(days=rng.randint(0, 13))
                for item in p.items:
                    if rng.random() < 0.04:
                        continue                # item left unanswered
                    latent = _latent(member.member_type, item, wave_index, voice)
                    value = min(5, max(1, round(rng.gauss(latent, 0.7))))
                    if item.reverse:
                        value = 6 - value
                    scaled = p.scale_min + round((value - 1) * span / 4)
                    rows.append({
                        "response_id": response_id, "item_id": item.item_id,
                        "cop_id": cop_id, "instrument_id": INSTRUMENT_ID, "wave": wave,
                        "submitted_on": date_text(submitted),
                        "member_id": "" if anonymous else member.member_id,
                        "member_type": member.member_type, "value": str(scaled),
                    })
    return rows
