"""Large synthetic programmes for benchmarks: about N speaking turns, everything else in step.

A programme of N turns has about N / 2,600 CoPs (hundreds at a million turns), each with
12-45 members, 14-24 meetings, attendance for every member at every meeting, two survey
waves, costs and uptake events. Everything is drawn with vectorised numpy from one seeded
generator and written with Arrow's CSV writer in chunks, so ten million turns take well
under a minute and a few hundred megabytes. The rows obey the same rules as the sample
programme (speakers present, voice turns of a member never overlapping, turns ending within
the meeting), except the share of rows deliberately spoiled by `bad_share`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pipelines.synthetic.bad import spoil_table
from pipelines.synthetic.reference import (
    COLUMNS,
    GOOD_PRACTICE_RECOMMENDATIONS,
    GOOD_PRACTICE_SOURCE,
    INSTRUMENT_ID,
    TIME_RATES,
    survey_items,
)

__all__ = ["generate_scale"]

Progress = Callable[[int, int, str], None]

_TURN_CHUNK = 1_000_000
_PANDEMIC = np.datetime64("2020-03-01")
_TYPES = np.array(["lay", "clinical", "non_clinical"])
_ROLES = {
    "lay": ["patient", "carer", "service user"],
    "clinical": ["physiotherapist", "GP", "nurse", "occupational therapist", "service lead",
                 "podiatrist"],
    "non_clinical": ["commissioner", "service manager", "academic", "knowledge broker",
                     "administrator"],
}
_ACTS = np.array(["statement", "question", "challenge", "idea", "agreement", "other"])
_ACT_P = [0.45, 0.18, 0.07, 0.12, 0.14, 0.04]
_SITES = np.array(["CoP", "GP practice 1", "GP practice 2", "Physiotherapy service",
                   "Community service"])
_STAGES = ["proposed", "agreed", "in_progress", "implemented", "sustained"]


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """`prefix` + zero-padded numbers, built in Arrow (no Python loop over rows)."""
    text = pc.utf8_lpad(pc.cast(pa.array(numbers, pa.int64()), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, text, "")


def _take(values: list[str] | np.ndarray | pa.Array, index: np.ndarray) -> pa.Array:
    array = values if isinstance(values, pa.Array) else pa.array(list(values), pa.string())
    return array.take(pa.array(index, pa.int64()))


def _blank_where(array: pa.Array, mask: np.ndarray) -> pa.Array:
    return pc.if_else(pa.array(mask), pa.nulls(len(array), array.type), array)


class _Writer:
    """Appends Arrow tables to one CSV per dataset; the header is written by `csv`."""

    def __init__(self, out: Path, bad_share: float, rng: np.random.Generator) -> None:
        self.out = out
        self.bad_share = bad_share
        self.rng = rng
        self.counts: dict[str, int] = {}

    def write(self, dataset: str, table: pa.Table) -> None:
        path = self.out / f"{dataset}.csv"
        if dataset not in self.counts:
            with path.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle, lineterminator="\n").writerow(COLUMNS[dataset])
            self.counts[dataset] = 0
        if self.bad_share:
            table = spoil_table(dataset, table, self.bad_share, self.rng)
        table = table.select(COLUMNS[dataset])
        try:
            # Arrow's writer is fast but quotes every string unless told not to, and then
            # refuses values that need quotes; those chunks go through pandas instead.
            data = pa.BufferOutputStream()
            options = pacsv.WriteOptions(include_header=False, quoting_style="none")
            pacsv.write_csv(table, data, options)
            with path.open("ab") as handle:
                handle.write(data.getvalue().to_pybytes())
        except pa.ArrowInvalid:
            text = pa.table({name: pc.cast(table[name], pa.string()) for name in table.column_names})
            text.to_pandas().to_csv(path, mode="a", header=False, index=False,
                                    encoding="utf-8", lineterminator="\n")
        self.counts[dataset] += table.num_rows


def _dates(days: np.ndarray) -> pa.Array:
    return pa.array(days.astype("datetime64[D]"))


def generate_scale(out: Path, *, turns: int, seed: int, bad_share: float = 0.0,
                   progress: Progress | None = None) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    writer = _Writer(out, bad_share, np.random.default_rng(seed + 1))
    steps = 11

    def step(done: int, message: str) -> None:
        if progress:
            progress(done, steps, message)

    # ---- communities
    n_cops = max(1, int(np.ceil(turns / 2600)))
    cop_start = np.datetime64("2015-01-01") + rng.integers(0, 8 * 365, n_cops)
    cop_days = rng.integers(2 * 365, 4 * 365, n_cops)
    cop_end = cop_start + cop_days
    cop_ids = _ids("s", np.arange(1, n_cops + 1), 5)
    writer.write("communities", pa.table({
        "cop_id": cop_ids,
        "name": pc.binary_join_element_wise("Synthetic CoP ", cop_ids, ""),
        "started_on": _dates(cop_start), "ended_on": _dates(cop_end),
        "host_organisation": pa.array(["Synthetic host organisation"] * n_cops),
        "topic": pa.array(["SYNTHETIC DATA for benchmarks"] * n_cops),
    }))
    step(1, "communities.csv")

    # ---- members
    size = rng.integers(12, 46, n_cops)
    m_cop = np.repeat(np.arange(n_cops), size)
    m_first = np.concatenate([[0], np.cumsum(size)[:-1]])
    m_local = np.arange(m_cop.size) - m_first[m_cop]
    n_members = m_cop.size
    m_type = rng.choice(3, n_members, p=[0.25, 0.35, 0.40])
    m_fac = m_local < 1 + (size[m_cop] > 30)
    m_type[m_fac] = 2
    role_index = rng.integers(0, 6, n_members)
    role_table = np.array([[_ROLES[t][i % len(_ROLES[t])] for i in range(6)] for t in _TYPES])
    m_role = role_table[m_type, role_index]
    m_role[m_fac] = "facilitator"
    late = (rng.random(n_members) < 0.1) & ~m_fac
    leaves = (rng.random(n_members) < 0.05) & ~m_fac & ~late
    m_joined = cop_start[m_cop] + (rng.random(n_members) * cop_days[m_cop] / 2).astype(int)
    m_left = cop_start[m_cop] + (cop_days[m_cop] * (0.5 + rng.random(n_members) / 2)).astype(int)
    member_ids = pc.binary_join_element_wise(
        cop_ids.take(pa.array(m_cop)), _ids("m", m_local + 1, 3), "-")
    writer.write("members", pa.table({
        "member_id": member_ids, "cop_id": cop_ids.take(pa.array(m_cop)),
        "member_type": pa.array(_TYPES[m_type]), "role": pa.array(m_role),
        "is_facilitator": pa.array(m_fac),
        "joined_on": _blank_where(_dates(m_joined), ~late),
        "left_on": _blank_where(_dates(m_left), ~leaves),
        "gender": _take(["female", "male", "non_binary", "prefer_not_to_say"],
                        rng.choice(4, n_members, p=[0.55, 0.4, 0.02, 0.03])),
        "age_band": _take(["25-44", "45-64", "65-74", "75+"], rng.integers(0, 4, n_members)),
        "ethnicity": _take(["White British", "Asian British", "Black British", "Mixed"],
                           rng.choice(4, n_members, p=[0.7, 0.15, 0.1, 0.05])),
        "deprivation_quintile": _blank_where(pa.array(rng.integers(1, 6, n_members)),
                                             m_type != 0),
    }))
    step(2, "members.csv")

    # ---- meetings
    n_meet = rng.integers(14, 25, n_cops)
    g_cop = np.repeat(np.arange(n_cops), n_meet)
    g_first = np.concatenate([[0], np.cumsum(n_meet)[:-1]])
    g_local = np.arange(g_cop.size) - g_first[g_cop]
    n_meetings = g_cop.size
    held = cop_start[g_cop] + ((g_local + 0.5) / n_meet[g_cop] * cop_days[g_cop]).astype(int)
    is_plan = g_local % 4 == 3
    later_mode = np.where(rng.random(n_cops) < 0.6, 1, 2)[g_cop]  # 1 online, 2 hybrid
    mode = np.where(held < _PANDEMIC, 0, later_mode)
    mode[is_plan & (mode == 2)] = 1
    duration = np.where(is_plan, 60, rng.choice([90, 120, 150, 180], n_meetings))
    meeting_type = np.where(is_plan, "planning",
                            np.where(g_local % 8 == 5, "steering_group", "cop"))
    meeting_ids = pc.binary_join_element_wise(
        cop_ids.take(pa.array(g_cop)), _ids("g", g_local + 1, 3), "-")
    modes = np.array(["in_person", "online", "hybrid"])
    writer.write("meetings", pa.table({
        "meeting_id": meeting_ids, "cop_id": cop_ids.take(pa.array(g_cop)),
        "held_on": _dates(held),
        "start_time": _take(["10:00", "14:00"], rng.integers(0, 2, n_meetings)),
        "duration_min": pa.array(duration), "mode": pa.array(modes[mode]),
        "meeting_type": pa.array(meeting_type),
        "chair_member_id": member_ids.take(pa.array(m_first[g_cop])),
        "venue": _take(["Synthetic venue", "MS Teams", "Synthetic venue and MS Teams"], mode),
    }))
    step(3, "meetings.csv")

    # ---- attendance: every current member of the CoP at every meeting (planning: 5)
    invited = np.where(is_plan, np.minimum(5, size[g_cop]), size[g_cop])
    a_meet = np.repeat(np.arange(n_meetings), invited)
    a_first = np.concatenate([[0], np.cumsum(invited)[:-1]])
    a_member = m_first[g_cop[a_meet]] + (np.arange(a_meet.size) - a_first[a_meet])
    current = ((~late[a_member] | (m_joined[a_member] <= held[a_meet]))
               & (~leaves[a_member] | (m_left[a_member] >= held[a_meet])))
    a_meet, a_member = a_meet[current], a_member[current]
    n_att = a_meet.size
    roll = rng.random(n_att)
    status = np.where(roll < 0.76, 0, np.where(roll < 0.9, 1, 2))  # present/apologies/absent
    status[m_fac[a_member]] = 0
    present = status == 0
    a_mode = mode[a_meet]
    via = np.where(a_mode == 2, rng.integers(0, 2, n_att), np.minimum(a_mode, 1))
    online = present & (via == 1)
    a_dur = duration[a_meet].astype(float)
    joined = np.where(rng.random(n_att) < 0.6, 0.0, np.round(rng.uniform(0.2, 8, n_att), 1))
    left = np.round(np.where(rng.random(n_att) < 0.12, rng.uniform(0.5, 0.9, n_att) * a_dur,
                             a_dur - rng.uniform(0, 3, n_att)), 1)
    left = np.maximum(left, joined + 1.0)
    # whole tenths of a minute, a tenth below last leave - first join so that the rule
    # minutes_attended <= left_min - joined_min holds after decimal rounding too
    span_tenths = np.round((left - joined) * 10).astype(np.int64)
    rejoin = rng.random(n_att) < 0.15
    minutes = np.where(rejoin, np.floor(span_tenths * rng.uniform(0.7, 0.95, n_att)),
                       span_tenths - 1) / 10
    writer.write("attendance", pa.table({
        "meeting_id": meeting_ids.take(pa.array(a_meet)),
        "member_id": member_ids.take(pa.array(a_member)),
        "status": _take(["present", "apologies", "absent"], status),
        "attended_via": _blank_where(_take(["in_person", "online"], via), ~present),
        "joined_min": _blank_where(pa.array(joined), ~online),
        "left_min": _blank_where(pa.array(left), ~online),
        "minutes_attended": _blank_where(pa.array(minutes), ~online),
    }))
    step(4, "attendance.csv")

    # ---- speaking turns: N turns shared by observed meetings in proportion to capacity
    p_meet, p_member = a_meet[present], a_member[present]  # sorted by meeting
    p_count = np.bincount(p_meet, minlength=n_meetings)
    p_first = np.concatenate([[0], np.cumsum(p_count)[:-1]])
    observed = ~is_plan & (p_count > 0)
    capacity = np.where(observed, duration * 60 / 28.0, 0.0)
    k = np.floor(capacity * turns / capacity.sum()).astype(np.int64)
    short = turns - int(k.sum())
    k[np.flatnonzero(observed)[:short]] += 1  # the remainder, one more turn each
    _write_turns(writer, rng, k, duration, mode, p_first, p_count, p_member, m_type,
                 meeting_ids, member_ids)
    step(5, "speaking_turns.csv")

    _write_surveys(writer, rng, n_cops, g_cop, g_local, n_meet, is_plan, held, meeting_ids,
                   a_meet, a_member, present, m_fac, m_type, member_ids, cop_ids, g_first)
    step(6, "survey_responses.csv")
    _write_costs(writer, rng, n_cops, cop_ids, cop_start, cop_end, g_cop, held, mode,
                 duration, meeting_ids, is_plan, a_meet, a_member, present, m_type)
    step(7, "costs.csv")
    writer.write("time_rates", pa.table({
        name: pa.array([row[i] for row in TIME_RATES])
        for i, name in enumerate(COLUMNS["time_rates"])
    }))
    step(8, "time_rates.csv")
    _write_uptake(writer, rng, n_cops, cop_ids, g_first, n_meet, is_plan, held, meeting_ids)
    step(10, "recommendation_status.csv")
    n = np.arange(n_members)
    writer.write("member_aliases", pa.table({
        "alias": pa.concat_arrays([
            _ids("Synthetic Person ", n + 1, 7),
            pc.binary_join_element_wise(_ids("person", n + 1, 7), "@example.org", ""),
        ]),
        "meeting_id": pa.nulls(2 * n_members, pa.string()),
        "member_id": pa.concat_arrays([member_ids, member_ids]),
    }))
    step(11, "member_aliases.csv")
    return dict(writer.counts)


def _write_turns(writer: _Writer, rng: np.random.Generator, k: np.ndarray,
                 duration: np.ndarray, mode: np.ndarray, p_first: np.ndarray,
                 p_count: np.ndarray, p_member: np.ndarray, m_type: np.ndarray,
                 meeting_ids: pa.Array, member_ids: pa.Array) -> None:
    """Turns in chunks of whole meetings, laid end to end so that no two voice turns overlap."""
    sources = np.array(["observation", "transcript", "logger"])
    ends = np.cumsum(k)
    first_turn = 0
    start_meeting = 0
    while start_meeting < k.size:
        stop = int(np.searchsorted(ends, ends[start_meeting - 1] + _TURN_CHUNK
                                   if start_meeting else _TURN_CHUNK, side="right"))
        stop = max(stop, start_meeting + 1)
        block = np.arange(start_meeting, stop)
        kb = k[block]
        n = int(kb.sum())
        start_meeting = stop
        if n == 0:
            continue
        t_meet = np.repeat(block, kb)
        t_local = np.arange(n) - np.repeat(np.cumsum(kb) - kb, kb)
        # chat in online and hybrid meetings
        chat = (mode[t_meet] > 0) & (rng.random(n) < 0.1)
        length = np.clip(rng.lognormal(np.log(16), 0.75, n), 5, 120)
        gap = rng.uniform(0.5, 8, n)
        step = np.where(chat, 0.0, length + gap)
        cum = np.cumsum(step)
        first = np.minimum(np.cumsum(kb) - kb, n - 1)  # a meeting's first turn
        last = np.maximum(np.cumsum(kb) - 1, 0)        # and its last
        meeting_start = np.repeat(cum[first] - step[first], kb)
        within = cum - meeting_start  # end of each turn's step, counted from the meeting start
        total = np.repeat(cum[last], kb) - meeting_start  # end of the meeting's last turn
        limit = duration[t_meet] * 60.0 * 0.97
        shrink = np.minimum(1.0, limit / np.maximum(total, 1.0))
        voice_start = (within - step + gap) * shrink
        voice_length = length * shrink
        chat_start = rng.uniform(0, 1, n) * duration[t_meet] * 60.0
        start_s = np.floor(np.where(chat, chat_start, voice_start) * 10) / 10
        duration_s = np.where(chat, 0.0, np.floor(voice_length * 10) / 10)
        # a present member: uniform, lay members drawn a second time less often
        pick = p_first[t_meet] + (rng.random(n) * p_count[t_meet]).astype(np.int64)
        redraw = (m_type[p_member[pick]] == 0) & (rng.random(n) < 0.4)
        again = p_first[t_meet] + (rng.random(n) * p_count[t_meet]).astype(np.int64)
        pick = np.where(redraw, again, pick)
        words = np.where(chat, rng.integers(3, 36, n),
                         np.round(duration_s * rng.uniform(2.1, 2.9, n))).astype(np.int64)
        writer.write("speaking_turns", pa.table({
            "turn_id": _ids("t", first_turn + np.arange(1, n + 1), 9),
            "meeting_id": meeting_ids.take(pa.array(t_meet)),
            "member_id": member_ids.take(pa.array(p_member[pick])),
            "channel": _take(["voice", "chat"], chat.astype(np.int64)),
            "start_s": pa.array(start_s), "duration_s": pa.array(duration_s),
            "activity": _take(["plenary", "small_group"],
                              ((t_local % 100) > 60).astype(np.int64) * ~chat),
            "act": _take(_ACTS, rng.choice(6, n, p=_ACT_P)),
            "words": pa.array(words),
            "source": pa.array(np.where(chat, "chat_log", sources[mode[t_meet]])),
        }))
        first_turn += n


def _write_surveys(writer: _Writer, rng: np.random.Generator, n_cops: int, g_cop: np.ndarray,
                   g_local: np.ndarray, n_meet: np.ndarray, is_plan: np.ndarray,
                   held: np.ndarray, meeting_ids: pa.Array, a_meet: np.ndarray,
                   a_member: np.ndarray, present: np.ndarray, m_fac: np.ndarray,
                   m_type: np.ndarray, member_ids: pa.Array, cop_ids: pa.Array,
                   g_first: np.ndarray) -> None:
    """Two waves per CoP, answered by most non-facilitators present at the wave's meeting."""
    items, low, high = survey_items()
    late_wave = np.where((n_meet - 2) % 4 == 3, n_meet - 3, n_meet - 2)
    wave_local = np.stack([np.full(n_cops, 1), late_wave])  # never planning (local % 4 == 3)
    wave_meetings = (g_first[None, :] + wave_local).ravel()
    wave_index = np.repeat([0, 1], n_cops)
    is_wave = np.full(g_cop.size, -1)
    is_wave[wave_meetings] = wave_index
    respond = (present & ~m_fac[a_member] & (is_wave[a_meet] >= 0)
               & (rng.random(a_meet.size) < 0.85))
    r_meet, r_member = a_meet[respond], a_member[respond]
    n_resp = r_meet.size
    n_items = len(items)
    s_resp = np.repeat(np.arange(n_resp), n_items)
    s_item = np.tile(np.arange(n_items), n_resp)
    answered = rng.random(s_resp.size) >= 0.04
    s_resp, s_item = s_resp[answered], s_item[answered]
    lay = m_type[r_member[s_resp]] == 0
    wave = is_wave[r_meet[s_resp]]
    latent = np.where(lay, 2.6 + 0.8 * wave, 3.9)
    value = np.clip(np.round(rng.normal(latent, 0.7)), 1, 5)
    reverse = np.array([item.reverse for item in items])[s_item]
    value = np.where(reverse, 6 - value, value)
    value = (low + np.round((value - 1) * (high - low) / 4)).astype(np.int64)
    anonymous = rng.random(n_resp) < 0.2
    submitted = held[r_meet] + rng.integers(0, 14, n_resp)
    writer.write("survey_responses", pa.table({
        "response_id": _ids("r", s_resp + 1, 9),
        "item_id": _take([item.item_id for item in items], s_item),
        "cop_id": cop_ids.take(pa.array(g_cop[r_meet[s_resp]])),
        "instrument_id": pa.array([INSTRUMENT_ID] * s_resp.size),
        "wave": pa.array(np.array(["wave 1", "wave 2"])[wave]),
        "submitted_on": _dates(submitted[s_resp]),
        "member_id": _blank_where(member_ids.take(pa.array(r_member[s_resp])),
                                  anonymous[s_resp]),
        "member_type": pa.array(_TYPES[m_type[r_member[s_resp]]]),
        "value": pa.array(value),
    }))


def _money(amounts: np.ndarray) -> pa.Array:
    return pa.array(np.char.mod("%.2f", np.round(amounts, 2)).astype(object), pa.string())


def _write_costs(writer: _Writer, rng: np.random.Generator, n_cops: int, cop_ids: pa.Array,
                 cop_start: np.ndarray, cop_end: np.ndarray, g_cop: np.ndarray,
                 held: np.ndarray, mode: np.ndarray, duration: np.ndarray,
                 meeting_ids: pa.Array, is_plan: np.ndarray, a_meet: np.ndarray,
                 a_member: np.ndarray, present: np.ndarray, m_type: np.ndarray) -> None:
    """Meeting costs by mode (no venue or catering online) and quarterly overheads."""
    n_meetings = g_cop.size
    attendees = np.bincount(a_meet[present], minlength=n_meetings)
    lay = np.bincount(a_meet[present & (m_type[a_member] == 0)], minlength=n_meetings)
    in_room = (mode != 1) & ~is_plan
    blocks: list[tuple[np.ndarray, np.ndarray, str, np.ndarray]] = []  # meeting, cop, cat, gbp

    def add(meetings: np.ndarray, category: str, amounts: np.ndarray) -> None:
        blocks.append((meetings, g_cop[meetings], category, amounts))

    paid = np.flatnonzero(lay > 0)
    add(paid, "lay_payment", lay[paid] * 25.0 * np.ceil(duration[paid] / 60))
    room = np.flatnonzero(in_room)
    add(room, "venue", np.where(duration[room] > 120, 380.0, 220.0))
    add(room, "catering", attendees[room] * 8.5)
    travel = room[rng.random(room.size) < 0.5]
    add(travel, "travel", rng.uniform(10, 120, travel.size))
    materials = room[rng.random(room.size) < 0.3]
    add(materials, "materials", rng.uniform(25, 90, materials.size))
    digital = np.flatnonzero((mode == 1) & ~is_plan & (lay > 0))
    add(digital, "digital", lay[digital] * 10.0)
    # overheads, no meeting: a quarterly facilitation and administration charge per CoP
    quarters = ((cop_end - cop_start) // 91).astype(np.int64) + 1
    q_cop = np.repeat(np.arange(n_cops), quarters)
    q_on = cop_start[q_cop] + 91 * (np.arange(q_cop.size)
                                    - np.repeat(np.cumsum(quarters) - quarters, quarters))
    none = np.full(q_cop.size, -1)
    once = np.full(n_cops, -1)
    overheads = [
        (none, q_cop, "facilitation", np.full(q_cop.size, 2400.0), q_on),
        (none, q_cop, "administration", np.full(q_cop.size, 650.0), q_on),
        (once, np.arange(n_cops), "evaluation", rng.uniform(2000, 8000, n_cops),
         cop_end - 30),
        (once, np.arange(n_cops), "other", rng.uniform(100, 500, n_cops), cop_start + 60),
    ]
    meeting = np.concatenate([b[0] for b in blocks] + [o[0] for o in overheads])
    cop = np.concatenate([b[1] for b in blocks] + [o[1] for o in overheads])
    category = np.concatenate([np.full(b[0].size, b[2]) for b in blocks]
                              + [np.full(o[0].size, o[2]) for o in overheads])
    amount = np.concatenate([b[3] for b in blocks] + [o[3] for o in overheads])
    on = np.concatenate([held[b[0]] for b in blocks] + [o[4] for o in overheads])
    has_meeting = meeting >= 0
    writer.write("costs", pa.table({
        "cost_id": _ids("c", np.arange(1, meeting.size + 1), 9),
        "cop_id": cop_ids.take(pa.array(cop)),
        "meeting_id": _blank_where(meeting_ids.take(pa.array(np.maximum(meeting, 0))),
                                   ~has_meeting),
        "incurred_on": _dates(on),
        "category": pa.array(category),
        "amount_gbp": _money(amount),
        "description": pa.array(np.char.add("Synthetic ", category).astype(object)),
    }))


def _write_uptake(writer: _Writer, rng: np.random.Generator, n_cops: int, cop_ids: pa.Array,
                  g_first: np.ndarray, n_meet: np.ndarray, is_plan: np.ndarray,
                  held: np.ndarray, meeting_ids: pa.Array) -> None:
    """Programme-wide recommendations; per CoP four (recommendation, site) pairs that move
    a stage at a time at the CoP's meetings, some stopping early, some dropped."""
    recs = [(rid, GOOD_PRACTICE_SOURCE, title) for rid, title, _ in GOOD_PRACTICE_RECOMMENDATIONS]
    recs += [(f"E{i:02d}", "Synthetic evidence review", f"Synthetic evidence recommendation {i}")
             for i in range(1, 21)]
    writer.write("recommendations", pa.table({
        "recommendation_id": pa.array([r[0] for r in recs]),
        "cop_id": pa.nulls(len(recs), pa.string()),
        "source": pa.array([r[1] for r in recs]), "title": pa.array([r[2] for r in recs]),
        "aim": pa.nulls(len(recs), pa.string()),
        "description": pa.array(["SYNTHETIC DATA for benchmarks"] * len(recs)),
    }))
    rec_ids = np.array([r[0] for r in recs])
    rows: dict[str, list] = {name: [] for name in COLUMNS["recommendation_status"]}
    for cop in range(n_cops):
        meetings = [g_first[cop] + j for j in range(n_meet[cop]) if not is_plan[g_first[cop] + j]]
        chosen = rng.choice(rec_ids.size, 4, replace=False)
        for pair, rec in enumerate(chosen):
            site = "CoP" if rec < 10 else str(_SITES[1 + pair % 4])
            first = int(rng.integers(0, max(1, len(meetings) - 5)))
            reached = int(rng.integers(1, 6))
            events = [(meetings[min(first + s, len(meetings) - 1)], _STAGES[s])
                      for s in range(reached)]
            if reached < 5 and rng.random() < 0.15:
                events.append((meetings[min(first + reached, len(meetings) - 1)], "dropped"))
            for meeting, stage in events:
                rows["recommendation_id"].append(str(rec_ids[rec]))
                rows["cop_id"].append(cop)
                rows["site"].append(site)
                rows["status_on"].append(held[meeting])
                rows["status"].append(stage)
                rows["meeting_id"].append(meeting)
                rows["evidence"].append("Synthetic minutes")
    writer.write("recommendation_status", pa.table({
        "recommendation_id": pa.array(rows["recommendation_id"], pa.string()),
        "cop_id": cop_ids.take(pa.array(rows["cop_id"], pa.int64())),
        "site": pa.array(rows["site"], pa.string()),
        "status_on": _dates(np.array(rows["status_on"], dtype="datetime64[D]")),
        "status": pa.array(rows["status"], pa.string()),
        "meeting_id": meeting_ids.take(pa.array(rows["meeting_id"], pa.int64())),
        "evidence": pa.array(rows["evidence"], pa.string()),
    }))
