"""What the sample programme costs: per-meeting costs (venue, catering, travel, lay
payments, digital), quarterly overheads, one-off items, and the hourly rates that value
members' time."""

from __future__ import annotations

import datetime as dt
import math

from pipelines.synthetic.reference import TIME_RATES
from pipelines.synthetic.sample.model import Meeting, Programme, Rows, add_months, date_text

__all__ = ["cost_rows", "time_rate_rows"]

_OVERHEADS = {
    "cop1": (dt.date(2018, 1, 1), dt.date(2020, 12, 31)),
    "cop2": (dt.date(2019, 6, 1), dt.date(2022, 6, 30)),
    "cop3": (dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
}


def cost_rows(p: Programme) -> Rows:
    rows: Rows = []
    counters: dict[str, int] = {}

    def add(cop_id: str, on: dt.date, category: str, amount: float, description: str,
            meeting_id: str = "") -> None:
        counters[cop_id] = counters.get(cop_id, 0) + 1
        rows.append({
            "cost_id": f"{cop_id}-c{counters[cop_id]:03d}", "cop_id": cop_id,
            "meeting_id": meeting_id, "incurred_on": date_text(on), "category": category,
            "amount_gbp": f"{amount:.2f}", "description": description,
        })

    def meeting_costs(m: Meeting) -> None:
        rng = p.rng_for(m)
        present = [a for a in p.attendance[m.meeting_id] if a.status == "present"]
        lay = [a for a in present if a.member.member_type == "lay"]
        in_room = [a for a in present if a.via != "online"] if m.mode != "online" else []
        rate = 25.0 if m.held_on >= dt.date(2020, 4, 1) else 20.0
        if lay:
            add(m.cop_id, m.held_on, "lay_payment",
                len(lay) * rate * math.ceil(m.duration_min / 60),
                f"Public contributor payments, {len(lay)} lay members", m.meeting_id)
        if m.meeting_type == "planning":
            return
        if in_room:
            add(m.cop_id, m.held_on, "venue", 380.0 if m.duration_min > 120 else 220.0,
                "Room hire (neutral community venue)", m.meeting_id)
            add(m.cop_id, m.held_on, "catering", len(in_room) * 8.5,
                f"Refreshments for {len(in_room)} people", m.meeting_id)
            lay_in_room = [a for a in in_room if a.member.member_type == "lay"]
            if lay_in_room:
                add(m.cop_id, m.held_on, "travel", sum(rng.uniform(8, 32) for _ in lay_in_room),
                    "Lay members' travel expenses", m.meeting_id)
            if rng.random() < 0.5:
                add(m.cop_id, m.held_on, "materials", rng.uniform(25, 90),
                    "Flip charts, printing and activity materials", m.meeting_id)
        else:
            online_lay = [a for a in lay if a.via != "in_person"]
            if online_lay:
                add(m.cop_id, m.held_on, "digital", 10.0 * len(online_lay),
                    "Mobile data top-ups for lay members joining online", m.meeting_id)

    for m in p.all_meetings():
        if not m.extra:
            meeting_costs(m)
    for cop_id, (start, end) in _OVERHEADS.items():
        quarter = start
        while quarter <= end:
            add(cop_id, quarter, "facilitation", 2400.0,
                "Facilitator time, 0.1 FTE for the quarter")
            add(cop_id, quarter, "administration", 650.0,
                "Administration and meeting organisation for the quarter")
            quarter = add_months(quarter, 3)
        add(cop_id, start + dt.timedelta(days=40), "digital", 1500.0,
            "Project web pages and vlog hosting")
        add(cop_id, start + dt.timedelta(days=60), "materials", 120.0,
            "Welcome packs for new members")
        add(cop_id, start + dt.timedelta(days=200), "other", 385.5,
            "Easy-read summary of the evidence, design and printing")
        add(cop_id, end - dt.timedelta(days=30), "evaluation", 4800.0,
            "Independent evaluation of the CoP")
    add("cop1", dt.date(2020, 4, 6), "digital", 240.0,
        "MS Teams set-up support for the move online")
    for m in p.extra_meetings:  # last, so that their ids renumber none of the others
        meeting_costs(m)
    return rows


def time_rate_rows() -> Rows:
    return [
        {"member_type": t, "role": r, "valid_from": v, "hourly_rate_gbp": rate, "source": s}
        for t, r, v, rate, s in TIME_RATES
    ]
