"""The synthetic data generator: deterministic, in step with sample_data/, telling the
study's story, obeying the rules of inputs.md, and scaling to a requested number of turns."""

# The house style writes asserts `expected == actual`; ruff's Yoda rule disagrees.

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from pipelines.cli import main as cli_main
from pipelines.settings import PROJECT_ROOT
from pipelines.synthetic import generate
from pipelines.synthetic.reference import COLUMNS

SAMPLE = PROJECT_ROOT / "sample_data"
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def read(folder: Path, dataset: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{dataset}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    generate(folder)
    return folder


@pytest.fixture(scope="module")
def frames(sample: Path) -> dict[str, pd.DataFrame]:
    return {dataset: read(sample, dataset) for dataset in COLUMNS}


def cop1_meetings(frames: dict[str, pd.DataFrame], meeting_type: str = "cop") -> pd.DataFrame:
    meetings = frames["meetings"]
    chosen = meetings[(meetings.cop_id == "cop1") & (meetings.meeting_type == meeting_type)]
    return chosen.sort_values("held_on")


def voice_talk_share(frames: dict[str, pd.DataFrame], meeting_id: str, member_type: str) -> float:
    turns = frames["speaking_turns"]
    voice = turns[(turns.meeting_id == meeting_id) & (turns.channel == "voice")]
    voice = voice.merge(frames["members"], on="member_id")
    voice = voice[voice.is_facilitator == "false"]
    seconds = voice.duration_s.astype(float)
    return seconds[voice.member_type == member_type].sum() / seconds.sum()


# --------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    """Two generations with the same seed write byte-identical files."""
    generate(tmp_path / "a", seed=7)
    generate(tmp_path / "b", seed=7)
    for dataset in COLUMNS:
        name = f"{dataset}.csv"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_other_seed_gives_other_turns(tmp_path: Path) -> None:
    """The seed matters: another seed gives other speaking turns."""
    generate(tmp_path / "a", seed=7)
    generate(tmp_path / "b", seed=8)
    a = (tmp_path / "a" / "speaking_turns.csv").read_bytes()
    assert a != (tmp_path / "b" / "speaking_turns.csv").read_bytes()


def test_sample_folder_equals_a_fresh_generation(sample: Path) -> None:
    """sample_data/ in the repository is exactly `copdash generate sample_data`."""
    for dataset in COLUMNS:
        name = f"{dataset}.csv"
        assert (sample / name).read_bytes() == (SAMPLE / name).read_bytes(), (
            f"sample_data/{name} drifted: run `copdash generate sample_data`")


def test_every_file_has_the_canonical_header(frames: dict[str, pd.DataFrame]) -> None:
    """Each file's header is the dataset's canonical columns and every file has rows."""
    for dataset, frame in frames.items():
        assert COLUMNS[dataset] == list(frame.columns)
        assert len(frame) > 0, dataset


def test_cli_writes_the_sample(tmp_path: Path) -> None:
    """`copdash generate OUTDIR` exits 0 and writes one file per dataset."""
    assert 0 == cli_main(["generate", str(tmp_path / "out")])
    assert sorted(f"{d}.csv" for d in COLUMNS) == sorted(
        p.name for p in (tmp_path / "out").iterdir())


def test_synthetic_label_is_in_every_community(frames: dict[str, pd.DataFrame]) -> None:
    """Every community's topic says SYNTHETIC DATA, and so does the sample README."""
    assert frames["communities"].topic.str.contains("SYNTHETIC DATA").all()
    assert "SYNTHETIC DATA" in (SAMPLE / "README.md").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the story


def test_cop1_meets_quarterly_feb_2018_to_nov_2020(frames: dict[str, pd.DataFrame]) -> None:
    """CoP 1 holds 12 quarterly CoP meetings, the first in Feb 2018, the last in Nov 2020."""
    held = cop1_meetings(frames).held_on.tolist()
    assert 12 == len(held)  # 3 years x 4 quarters
    assert ("2018-02", "2020-11") == (held[0][:7], held[-1][:7])


def test_cop1_moves_online_in_march_2020(frames: dict[str, pd.DataFrame]) -> None:
    """CoP 1's meetings are in person before 2020-03-01 and online (MS Teams) after."""
    meetings = frames["meetings"][frames["meetings"].cop_id == "cop1"]
    before = meetings[meetings.held_on < "2020-03-01"]
    after = meetings[meetings.held_on >= "2020-03-01"]
    assert {"in_person"} == set(before["mode"])
    assert {"online"} == set(after["mode"])
    assert {"MS Teams"} == set(after.venue)


def test_cop1_members_match_the_study(frames: dict[str, pd.DataFrame]) -> None:
    """CoP 1 has 20 members: 5 lay, 6 clinical, 9 non-clinical of whom 2 facilitators."""
    members = frames["members"][frames["members"].cop_id == "cop1"]
    counts = members.member_type.value_counts().to_dict()
    assert {"lay": 5, "clinical": 6, "non_clinical": 9} == counts
    facilitators = members[members.is_facilitator == "true"]
    assert ["non_clinical", "non_clinical"] == facilitators.member_type.tolist()


def test_digitally_excluded_member_stops_attending_online(
        frames: dict[str, pd.DataFrame]) -> None:
    """cop1-m05 (lay) is never present once meetings move online, yet stays a member."""
    att = frames["attendance"].merge(frames["meetings"], on="meeting_id")
    m05 = att[att.member_id == "cop1-m05"]
    after = m05[m05.held_on >= "2020-03-01"]
    assert len(after) >= 4  # invited to every CoP meeting after the move, at least
    assert set(after.status) <= {"absent", "apologies"}
    assert "present" in set(m05[m05.held_on < "2020-03-01"].status)
    member = frames["members"].set_index("member_id").loc["cop1-m05"]
    assert ("lay", "") == (member.member_type, member.left_on)


def test_lay_share_of_talk_rises(frames: dict[str, pd.DataFrame]) -> None:
    """Lay members' share of voice talk time is lower at CoP 1's first meeting than its last."""
    ids = cop1_meetings(frames).meeting_id.tolist()
    first = voice_talk_share(frames, ids[0], "lay")
    last = voice_talk_share(frames, ids[-1], "lay")
    assert first < last


def test_lay_members_chat_more_online(frames: dict[str, pd.DataFrame]) -> None:
    """In CoP 1's online meetings lay attendees send more chat messages per head."""
    meetings = frames["meetings"]
    online = meetings[(meetings.cop_id == "cop1") & (meetings["mode"] == "online")].meeting_id
    att = frames["attendance"]
    present = att[att.meeting_id.isin(online) & (att.status == "present")]
    present = present.merge(frames["members"], on="member_id")
    turns = frames["speaking_turns"]
    chat = turns[turns.meeting_id.isin(online) & (turns.channel == "chat")]
    chat = chat.merge(frames["members"], on="member_id")
    lay = (chat.member_type == "lay").sum() / (present.member_type == "lay").sum()
    other = (chat.member_type != "lay").sum() / (present.member_type != "lay").sum()
    assert lay > other


def test_steering_group_is_chaired_by_lay_members(frames: dict[str, pd.DataFrame]) -> None:
    """Every CoP 1 steering group meeting has a lay chair."""
    steering = cop1_meetings(frames, "steering_group")
    chairs = steering.merge(frames["members"], left_on="chair_member_id", right_on="member_id")
    assert len(steering) == len(chairs) > 0
    assert {"lay"} == set(chairs.member_type)


def test_joiner_and_leaver(frames: dict[str, pd.DataFrame]) -> None:
    """One CoP 1 member joins late and one leaves; neither has attendance outside membership."""
    members = frames["members"].set_index("member_id")
    assert ("2019-03-01", "") == tuple(members.loc["cop1-m07", ["joined_on", "left_on"]])
    assert ("", "2019-09-30") == tuple(members.loc["cop1-m12", ["joined_on", "left_on"]])
    att = frames["attendance"].merge(frames["meetings"], on="meeting_id")
    assert (att[att.member_id == "cop1-m07"].held_on >= "2019-03-01").all()
    assert (att[att.member_id == "cop1-m12"].held_on <= "2019-09-30").all()


def test_planning_meetings_are_mostly_unobserved(frames: dict[str, pd.DataFrame]) -> None:
    """Of CoP 1's 12 planning meetings exactly one has speaking turns."""
    planning = cop1_meetings(frames, "planning").meeting_id
    observed = set(frames["speaking_turns"].meeting_id) & set(planning)
    assert (12, 1) == (len(planning), len(observed))


def test_turn_sources_follow_the_mode(frames: dict[str, pd.DataFrame]) -> None:
    """Voice turns are observation in person, transcript or diarization online, logger hybrid;
    chat turns come from the chat log."""
    turns = frames["speaking_turns"].merge(frames["meetings"], on="meeting_id")
    voice = turns[turns.channel == "voice"]
    pairs = set(zip(voice["mode"], voice.source, strict=True))
    assert {("in_person", "observation"), ("online", "transcript"),
            ("online", "diarization"), ("hybrid", "logger")} == pairs
    assert {"chat_log"} == set(turns[turns.channel == "chat"].source)


def test_turn_lengths_and_words_are_realistic(frames: dict[str, pd.DataFrame]) -> None:
    """Voice turns last 5-120 s, except a few monologues of 4 to 9 minutes, with about 2.5
    words per second; chat lasts 0 s."""
    turns = frames["speaking_turns"]
    voice = turns[turns.channel == "voice"]
    seconds = voice.duration_s.astype(float)
    assert seconds.min() >= 5.0
    ordinary = seconds[seconds <= 120.0]
    assert len(seconds) - len(ordinary) == (seconds >= 240.0).sum()  # nothing in between
    assert seconds.max() <= 540.0
    spoken = voice[voice.words != ""]
    rate = spoken.words.astype(int).sum() / spoken.duration_s.astype(float).sum()
    assert 2.3 < rate < 2.7
    assert {"0.0"} == set(turns[turns.channel == "chat"].duration_s)


def test_a_few_professionals_give_monologues(frames: dict[str, pd.DataFrame]) -> None:
    """Between 3 and 12 voice turns last 4 minutes or more (about one CoP meeting in five of
    38), each by a professional at a CoP meeting, in its opening plenary, none in the same
    meeting as another."""
    turns = frames["speaking_turns"].merge(frames["members"], on="member_id")
    turns = turns.merge(frames["meetings"], on="meeting_id")
    long = turns[(turns.channel == "voice") & (turns.duration_s.astype(float) >= 240.0)]
    assert 3 <= len(long) <= 12
    assert "lay" not in set(long.member_type)
    assert {"cop"} == set(long.meeting_type)
    assert {"plenary"} == set(long.activity)
    assert long.meeting_id.is_unique


def test_some_attendees_never_speak(frames: dict[str, pd.DataFrame]) -> None:
    """At most observed CoP meetings someone present said nothing (no voice turn): the
    sample's voice coverage is not 100% everywhere."""
    meetings = frames["meetings"]
    cop = set(meetings[meetings.meeting_type == "cop"].meeting_id)
    turns = frames["speaking_turns"]
    voiced = set(zip(*[turns[turns.channel == "voice"][c] for c in ("meeting_id", "member_id")],
                     strict=True))
    att = frames["attendance"]
    present = att[(att.status == "present") & att.meeting_id.isin(cop & set(turns.meeting_id))]
    silent = present[[(m, p) not in voiced for m, p in zip(present.meeting_id, present.member_id,
                                                              strict=True)]]
    assert silent.meeting_id.nunique() > len(cop) / 2


def _lay_share(frames: dict[str, pd.DataFrame], cop_id: str, which: slice) -> float:
    """Lay members' share of voice talk time (facilitators left out) pooled over a slice of
    the CoP's CoP meetings in date order."""
    meetings = frames["meetings"]
    ids = meetings[(meetings.cop_id == cop_id) & (meetings.meeting_type == "cop")] \
        .sort_values("held_on").meeting_id.tolist()[which]
    turns = frames["speaking_turns"]
    voice = turns[turns.meeting_id.isin(ids) & (turns.channel == "voice")]
    voice = voice.merge(frames["members"], on="member_id")
    voice = voice[voice.is_facilitator == "false"]
    seconds = voice.duration_s.astype(float)
    return seconds[voice.member_type == "lay"].sum() / seconds.sum()


def test_cop1_improves_and_cop3_does_not(frames: dict[str, pd.DataFrame]) -> None:
    """Lay members' share of the talk in the second half of CoP 1's CoP meetings is more
    than three times that of the first half (lay members find their voice); in CoP 3 the
    second half's is no higher than the first's, and both stay under 15% although lay
    members are about a quarter of those present (they never do)."""
    cop1 = (_lay_share(frames, "cop1", slice(0, 6)), _lay_share(frames, "cop1", slice(6, None)))
    cop3 = (_lay_share(frames, "cop3", slice(0, 8)), _lay_share(frames, "cop3", slice(8, None)))
    assert cop1[1] > 3 * cop1[0]
    assert cop3[1] <= cop3[0] < 0.15


def test_every_meeting_type_is_held(frames: dict[str, pd.DataFrame]) -> None:
    """The sample has meetings of all five types, and each type has observed meetings."""
    meetings = frames["meetings"]
    observed = meetings[meetings.meeting_id.isin(frames["speaking_turns"].meeting_id)]
    types = {"cop", "planning", "steering_group", "preparation", "other"}
    assert types == set(meetings.meeting_type) == set(observed.meeting_type)


def test_cop2_is_hybrid_with_attended_via(frames: dict[str, pd.DataFrame]) -> None:
    """CoP 2's CoP meetings are hybrid and every present attendee says how they joined,
    some in person and some online."""
    meetings = frames["meetings"]
    cop2 = meetings[(meetings.cop_id == "cop2") & (meetings.meeting_type == "cop")]
    assert {"hybrid"} == set(cop2["mode"])
    att = frames["attendance"]
    present = att[att.meeting_id.isin(cop2.meeting_id) & (att.status == "present")]
    assert {"in_person", "online"} == set(present.attended_via)


def test_cop3_is_large_and_online(frames: dict[str, pd.DataFrame]) -> None:
    """CoP 3 has 40 members and meets only online, between 2021 and 2023."""
    members = frames["members"]
    meetings = frames["meetings"][frames["meetings"].cop_id == "cop3"]
    assert 40 == (members.cop_id == "cop3").sum()
    assert {"online"} == set(meetings["mode"])
    assert ("2021", "2023") == (meetings.held_on.min()[:4], meetings.held_on.max()[:4])


def test_some_online_attendees_leave_and_rejoin(frames: dict[str, pd.DataFrame]) -> None:
    """Some online attendance rows have minutes_attended well below left_min - joined_min."""
    att = frames["attendance"]
    timed = att[att.minutes_attended != ""]
    gap = (timed.left_min.astype(float) - timed.joined_min.astype(float)
           - timed.minutes_attended.astype(float))
    assert (gap > 1.0).sum() >= 10


def test_lay_survey_scores_rise_over_waves(frames: dict[str, pd.DataFrame]) -> None:
    """CoP 1 lay members' mean answer (reverse items flipped) rises from wave to wave."""
    from pipelines.synthetic.reference import survey_items

    items, low, high = survey_items()
    reverse = {i.item_id for i in items if i.reverse}
    survey = frames["survey_responses"]
    lay = survey[(survey.cop_id == "cop1") & (survey.member_type == "lay")].copy()
    values = lay.value.astype(int)
    lay["score"] = values.where(~lay.item_id.isin(reverse), low + high - values)
    means = lay.groupby("wave").score.mean().sort_index().tolist()
    assert 3 == len(means)
    assert means[0] < means[1] < means[2]


def test_survey_has_anonymous_and_partial_responses(frames: dict[str, pd.DataFrame]) -> None:
    """Some responses are anonymous (member_id blank) and some leave items unanswered."""
    from pipelines.synthetic.reference import survey_items

    survey = frames["survey_responses"]
    assert (survey.member_id == "").any()
    items_per_response = survey.groupby("response_id").item_id.count()
    assert (items_per_response < len(survey_items()[0])).any()
    assert survey.groupby("cop_id").wave.nunique().min() >= 2


def test_costs_cover_every_category(frames: dict[str, pd.DataFrame]) -> None:
    """Costs use all ten categories, some with a meeting and some overheads without one."""
    costs = frames["costs"]
    assert 10 == costs.category.nunique()
    assert (costs.meeting_id == "").any() and (costs.meeting_id != "").any()


def test_online_meetings_have_no_venue_or_catering(frames: dict[str, pd.DataFrame]) -> None:
    """No venue or catering cost is tied to an online meeting; some digital costs are."""
    costs = frames["costs"].merge(frames["meetings"], on="meeting_id")
    online = costs[costs["mode"] == "online"]
    assert not online.category.isin(["venue", "catering"]).any()
    assert (online.category == "digital").any()


def test_time_rates_follow_agenda_for_change(frames: dict[str, pd.DataFrame]) -> None:
    """Band 7 physiotherapist £68, a blank-role default per member type, a lay rate, and a
    rate with two valid_from dates."""
    rates = frames["time_rates"]
    physio = rates[(rates.member_type == "clinical") & (rates.role == "physiotherapist")]
    assert ["68.00"] == physio.hourly_rate_gbp.tolist()
    assert {"lay", "clinical", "non_clinical"} == set(rates[rates.role == ""].member_type)
    assert rates.groupby(["member_type", "role"]).valid_from.nunique().max() >= 2


def test_recommendations_and_uptake(frames: dict[str, pd.DataFrame]) -> None:
    """R1-R10 are good practice; uptake has a dropped pair, a pair skipping stages, and
    events decided at meetings."""
    recs = frames["recommendations"]
    good = recs[recs.source == "CoP good practice"].recommendation_id
    assert {f"R{i}" for i in range(1, 11)} == set(good)
    assert 4 <= (recs.source != "CoP good practice").sum() <= 7
    status = frames["recommendation_status"]
    assert (status.status == "dropped").any()
    pairs = status.groupby(["recommendation_id", "cop_id", "site"]).status.apply(set)
    skipped = [s for s in pairs if "implemented" in s and "agreed" not in s]
    assert len(skipped) >= 1
    assert (status.meeting_id != "").any()


def test_aliases_hold_names_and_one_meetings_speaker_labels(
        frames: dict[str, pd.DataFrame]) -> None:
    """Every member has a display name and an e-mail alias; SPEAKER_nn labels exist for
    exactly one meeting."""
    aliases = frames["member_aliases"]
    general = aliases[aliases.meeting_id == ""]
    assert 2 * len(frames["members"]) == len(general)
    labels = aliases[aliases.alias.str.startswith("SPEAKER_")]
    assert 1 == labels.meeting_id.nunique()
    assert "SPEAKER_00" in set(labels.alias)


# --------------------------------------------------------------------------- rules of inputs.md
# Each rule is checked on the sample programme and on a small scale-mode programme.


@pytest.fixture(scope="module")
def scale_frames(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("scale")
    generate(folder, scale=20000, seed=11)
    return {dataset: read(folder, dataset) for dataset in COLUMNS}


@pytest.fixture(params=["sample", "scale"])
def any_frames(request: pytest.FixtureRequest, frames: dict[str, pd.DataFrame],
               scale_frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return frames if request.param == "sample" else scale_frames


def test_every_id_matches_the_id_pattern(any_frames: dict[str, pd.DataFrame]) -> None:
    """Every non-blank id value matches ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$."""
    for dataset, frame in any_frames.items():
        for column in frame.columns:
            if column.endswith("_id") and column != "instrument_id" or column == "cop_id":
                values = frame[column][frame[column] != ""]
                bad = values[~values.str.match(ID)]
                assert bad.empty, f"{dataset}.{column}: {bad.head().tolist()}"


def test_primary_keys_are_unique(any_frames: dict[str, pd.DataFrame]) -> None:
    """No two rows of a dataset share a primary key."""
    from pipelines.synthetic import SORT_KEYS

    for dataset, keys in SORT_KEYS.items():
        assert not any_frames[dataset].duplicated(keys).any(), dataset


def test_meetings_fall_within_their_cop(any_frames: dict[str, pd.DataFrame]) -> None:
    """Every meeting is held within its CoP's started_on..ended_on."""
    joined = any_frames["meetings"].merge(any_frames["communities"], on="cop_id")
    assert (joined.held_on >= joined.started_on).all()
    assert (joined.held_on <= joined.ended_on).all()


def test_attendance_is_same_cop_and_via_matches_mode(any_frames: dict[str, pd.DataFrame]) -> None:
    """Attendees belong to the meeting's CoP; attended_via equals an in-person or online
    meeting's mode and is given for every present hybrid attendee."""
    att = any_frames["attendance"].merge(any_frames["meetings"], on="meeting_id")
    att = att.merge(any_frames["members"], on="member_id", suffixes=("", "_member"))
    assert (att.cop_id == att.cop_id_member).all()
    given = att[(att.attended_via != "") & (att["mode"] != "hybrid")]
    assert (given.attended_via == given["mode"]).all()
    hybrid_present = att[(att["mode"] == "hybrid") & (att.status == "present")]
    assert (hybrid_present.attended_via != "").all()


def test_attendance_minutes_obey_the_rules(any_frames: dict[str, pd.DataFrame]) -> None:
    """joined_min >= 0, joined < left <= duration + 60, 0 < minutes <= left - joined."""
    att = any_frames["attendance"].merge(any_frames["meetings"], on="meeting_id")
    timed = att[att.joined_min != ""]
    joined = timed.joined_min.astype(float)
    left = timed.left_min.astype(float)
    minutes = timed.minutes_attended.astype(float)
    assert (joined >= 0).all() and (left > joined).all()
    assert (left <= timed.duration_min.astype(int) + 60).all()
    assert (minutes > 0).all() and (minutes <= left - joined).all()


def test_speakers_are_present_members_of_the_cop(any_frames: dict[str, pd.DataFrame]) -> None:
    """Every turn's member has a `present` attendance row at that meeting."""
    att = any_frames["attendance"]
    present = set(zip(att[att.status == "present"].meeting_id,
                      att[att.status == "present"].member_id, strict=True))
    turns = any_frames["speaking_turns"]
    speakers = set(zip(turns.meeting_id, turns.member_id, strict=True))
    assert set() == speakers - present


def test_voice_turns_of_a_member_never_overlap(any_frames: dict[str, pd.DataFrame]) -> None:
    """Within a meeting, each voice turn of a member starts after their previous one ends."""
    turns = any_frames["speaking_turns"]
    voice = turns[turns.channel == "voice"].copy()
    voice["start"] = voice.start_s.astype(float)
    voice["end"] = voice.start + voice.duration_s.astype(float)
    voice = voice.sort_values(["meeting_id", "member_id", "start"])
    previous_end = voice.groupby(["meeting_id", "member_id"]).end.shift()
    assert not (voice.start < previous_end).any()


def test_turns_end_within_the_meeting(any_frames: dict[str, pd.DataFrame]) -> None:
    """start_s >= 0 and start_s + duration_s <= duration_min * 60 + 600 for every turn."""
    turns = any_frames["speaking_turns"].merge(any_frames["meetings"], on="meeting_id")
    end = turns.start_s.astype(float) + turns.duration_s.astype(float)
    assert (turns.start_s.astype(float) >= 0).all()
    assert (end <= turns.duration_min.astype(int) * 60 + 600).all()


def test_enums_hold_only_allowed_values(any_frames: dict[str, pd.DataFrame]) -> None:
    """Enum columns hold only the values inputs.md allows."""
    allowed = {
        ("members", "member_type"): {"lay", "clinical", "non_clinical"},
        ("members", "is_facilitator"): {"true", "false"},
        ("meetings", "mode"): {"in_person", "online", "hybrid"},
        ("meetings", "meeting_type"): {"cop", "planning", "steering_group", "preparation",
                                       "other"},
        ("attendance", "status"): {"present", "absent", "apologies"},
        ("attendance", "attended_via"): {"", "in_person", "online"},
        ("speaking_turns", "channel"): {"voice", "chat"},
        ("speaking_turns", "activity"): {"", "plenary", "small_group"},
        ("speaking_turns", "act"): {"", "statement", "question", "challenge", "idea",
                                    "agreement", "other"},
        ("speaking_turns", "source"): {"observation", "transcript", "diarization", "logger",
                                       "chat_log"},
        ("costs", "category"): {"venue", "catering", "facilitation", "administration",
                                "lay_payment", "travel", "digital", "materials",
                                "evaluation", "other"},
        ("recommendation_status", "status"): {"proposed", "agreed", "in_progress",
                                              "implemented", "sustained", "dropped"},
    }
    for (dataset, column), values in allowed.items():
        assert set(any_frames[dataset][column]) <= values, (dataset, column)


def test_survey_rows_agree_within_a_response(any_frames: dict[str, pd.DataFrame]) -> None:
    """Rows of one response agree on CoP, wave, member; values are on the scale; the
    member_type equals the member's; items are the instrument's."""
    from pipelines.synthetic.reference import survey_items

    items, low, high = survey_items()
    survey = any_frames["survey_responses"]
    columns = ["cop_id", "instrument_id", "wave", "member_id", "member_type"]
    assert (survey.groupby("response_id")[columns].nunique() == 1).all().all()
    assert survey.value.astype(int).between(low, high).all()
    assert set(survey.item_id) <= {i.item_id for i in items}
    named = survey[survey.member_id != ""].merge(any_frames["members"], on="member_id",
                                                 suffixes=("", "_member"))
    assert (named.member_type == named.member_type_member).all()
    assert (named.cop_id == named.cop_id_member).all()


def test_costs_and_status_refer_to_meetings_of_their_cop(
        any_frames: dict[str, pd.DataFrame]) -> None:
    """A cost's or uptake event's meeting belongs to the same CoP; amounts have 2 decimals."""
    meetings = any_frames["meetings"].set_index("meeting_id").cop_id
    for dataset in ("costs", "recommendation_status"):
        frame = any_frames[dataset]
        linked = frame[frame.meeting_id != ""]
        assert (linked.meeting_id.map(meetings) == linked.cop_id).all(), dataset
    assert any_frames["costs"].amount_gbp.str.fullmatch(r"\d+\.\d\d").all()


# --------------------------------------------------------------------------- scale mode


def test_scale_writes_exactly_n_turns(tmp_path: Path) -> None:
    """--scale 5000 writes 5,000 speaking turns (the number asked for)."""
    counts = generate(tmp_path, scale=5000, seed=3)
    assert 5000 == counts["speaking_turns"]
    assert 5000 == len(read(tmp_path, "speaking_turns"))


def test_scale_is_deterministic(tmp_path: Path) -> None:
    """Two scale generations with the same seed write byte-identical files."""
    generate(tmp_path / "a", scale=3000, seed=5)
    generate(tmp_path / "b", scale=3000, seed=5)
    for dataset in COLUMNS:
        name = f"{dataset}.csv"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_scale_bad_share_spoils_about_that_share(tmp_path: Path) -> None:
    """--bad-share 0.05 spoils about 5% of costs rows with a documented mistake."""
    generate(tmp_path, scale=50000, seed=2, bad_share=0.05)
    costs = read(tmp_path, "costs")
    spoiled = ~costs.amount_gbp.str.fullmatch(r"\d+\.\d\d") | ~costs.incurred_on.str.match(
        r"\d{4}-")
    share = spoiled.mean()
    assert 0.03 < share < 0.07  # about 0.05 of a few thousand rows


def test_bad_share_without_scale_is_refused(tmp_path: Path) -> None:
    """The sample programme stays clean: --bad-share without --scale exits with an error."""
    assert 2 == cli_main(["generate", str(tmp_path), "--bad-share", "0.01"])
