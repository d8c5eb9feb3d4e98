"""The access policy itself (pipelines/access.py): classification, roles, CoP restriction,
the roles file. No database needed: these are rules, not queries."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest

import pipelines.audit as pipelines_audit
import pipelines.metrics as metrics
from pipelines import access
from pipelines.access import Level, Refused, Role, User
from pipelines.metrics import Selection

STEERING = User("s@example.org", Role.STEERING)
OBSERVER = User("o@example.org", Role.OBSERVER)
MANAGER = User("m@example.org", Role.MANAGER)
EVALUATOR = User("e@example.org", Role.EVALUATOR)


def _public_functions(module) -> set[str]:
    return {name for name in getattr(module, "__all__", dir(module))
            if inspect.isfunction(getattr(module, name, None)) and not name.startswith("_")}


def test_every_metrics_function_is_classified() -> None:
    # A new metrics function must be placed in POLICY on purpose (until then it is the
    # manager's only, see the next test); this lists the ones nobody has placed yet.
    assert _public_functions(metrics) - set(access.POLICY) == set()


def test_every_audit_read_is_classified() -> None:
    assert _public_functions(pipelines_audit) - set(access.POLICY) == set()


@pytest.mark.parametrize("user", [STEERING, OBSERVER, EVALUATOR])
def test_an_unclassified_function_is_refused_to_all_but_the_manager(user: User) -> None:
    with pytest.raises(Refused):
        access.check(user, "a_function_added_tomorrow")


def test_an_unclassified_function_is_the_managers() -> None:
    access.check(MANAGER, "a_function_added_tomorrow")  # no exception


def test_nobody_signed_in_is_refused_everything() -> None:
    with pytest.raises(Refused):
        access.check(None, "communities")


@pytest.mark.parametrize("name", sorted(n for n, level in access.POLICY.items()
                                         if level in {Level.MEMBER_ROWS, Level.COST_ROWS,
                                                      Level.RAW_ROWS, Level.LOADING,
                                                      Level.AUDIT_TRAIL}))
def test_steering_never_gets_member_rows_cost_rows_loading_or_the_trail(name: str) -> None:
    with pytest.raises(Refused):
        access.check(STEERING, name)


@pytest.mark.parametrize("name", sorted(n for n, level in access.POLICY.items()
                                         if level not in (Level.CATALOGUE, Level.RECORDING)))
def test_an_observer_gets_only_the_catalogue_and_the_loggers_set_up(name: str) -> None:
    with pytest.raises(Refused):
        access.check(OBSERVER, name)


@pytest.mark.parametrize("name", ["logger_meetings", "logger_members", "logger_cop_meetings",
                                  "logger_ids_taken"])
def test_only_managers_and_observers_get_the_loggers_set_up(name: str) -> None:
    """The logger's member list (ids to tick present) is for the people who record."""
    access.check(OBSERVER, name)
    for user in (STEERING, EVALUATOR):
        with pytest.raises(Refused):
            access.check(user, name)


@pytest.mark.parametrize("name", ["quarantine_rows", "audit_trail"])
def test_an_evaluator_gets_no_raw_rows_and_no_trail(name: str) -> None:
    with pytest.raises(Refused):
        access.check(EVALUATOR, name)


def test_an_evaluator_gets_member_rows_and_costs() -> None:
    for name in ("lay_members", "cost_rows", "survey_scores", "cost_totals"):
        access.check(EVALUATOR, name)  # no exception


def test_a_one_cop_user_gets_their_cop_when_the_selection_is_every_cop() -> None:
    # Selection() means every CoP; a user of cop2 only gets (cop2,).
    one = User("x", Role.STEERING, frozenset({"cop2"}))
    assert access.restrict(one, Selection()).cop_ids == ("cop2",)


def test_a_one_cop_user_asking_for_other_cops_keeps_only_theirs() -> None:
    one = User("x", Role.STEERING, frozenset({"cop2"}))
    assert access.restrict(one, Selection(cop_ids=("cop1", "cop2"))).cop_ids == ("cop2",)


def test_a_one_cop_user_asking_only_for_another_cop_selects_nothing() -> None:
    one = User("x", Role.STEERING, frozenset({"cop2"}))
    assert access.restrict(one, Selection(cop_ids=("cop1",))).cop_ids == (access.NO_COP,)


def test_a_frame_loses_other_cops_rows_and_member_columns_for_steering() -> None:
    one = User("x", Role.STEERING, frozenset({"cop2"}))
    frame = pd.DataFrame({"cop_id": ["cop1", "cop2"], "chair_member_id": ["m1", "m2"],
                          "talk_share": [0.5, 0.25]})
    # cop1's row goes; chair_member_id goes (steering reads no member rows).
    assert access.restrict_frame(one, frame).to_dict("list") == {
        "cop_id": ["cop2"], "talk_share": [0.25]}


def test_an_evaluator_keeps_member_columns() -> None:
    frame = pd.DataFrame({"cop_id": ["cop1"], "member_id": ["m1"]})
    assert list(access.restrict_frame(EVALUATOR, frame).columns) == ["cop_id", "member_id"]


def test_pages_for_a_steering_member_leave_out_cost_quality_and_imports() -> None:
    stems = ["overview", "cost", "lay_members", "data_quality", "import_data", "new_page"]
    assert access.pages_for(Role.STEERING, stems) == ["overview", "lay_members"]


def test_a_new_page_is_the_managers_until_placed() -> None:
    assert access.pages_for(Role.MANAGER, ["new_page"]) == ["new_page"]


def _roles(tmp_path: Path, text: str) -> access.RolesFile:
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    return access.load_roles(path)


def test_the_roles_file_gives_a_listed_email_its_role_whatever_its_case(tmp_path: Path) -> None:
    roles = _roles(tmp_path, '[people]\n"Ana@Trust.nhs.uk" = "manager"\n')
    assert roles.user("ana@trust.NHS.uk") == User("ana@trust.nhs.uk", Role.MANAGER)


def test_the_roles_file_limits_a_person_to_their_cops(tmp_path: Path) -> None:
    roles = _roles(tmp_path, '[people]\n"lee@x.org" = { role = "steering", cops = ["cop2"] }\n')
    assert roles.user("lee@x.org") == User("lee@x.org", Role.STEERING, frozenset({"cop2"}))


def test_the_groups_claim_gives_the_strongest_role_of_the_groups(tmp_path: Path) -> None:
    # manager is listed before evaluator in Role, so a member of both groups is a manager.
    roles = _roles(tmp_path, '[groups]\n"g-eval" = "evaluator"\n"g-man" = "manager"\n')
    assert roles.user("kim@x.org", ["g-eval", "g-man"]).role is Role.MANAGER


def test_an_email_not_listed_and_in_no_known_group_is_unknown(tmp_path: Path) -> None:
    roles = _roles(tmp_path, '[people]\n"ana@x.org" = "manager"\n[groups]\n"g" = "evaluator"\n')
    assert roles.user("stranger@x.org", ["other-group"]) is None


def test_a_misspelt_role_names_the_file_the_entry_and_the_roles(tmp_path: Path) -> None:
    with pytest.raises(access.RolesFileError, match=r"roles\.toml.*'ana@x.org'.*'manger'.*manager, evaluator"):
        _roles(tmp_path, '[people]\n"ana@x.org" = "manger"\n')


def test_a_missing_roles_file_says_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(access.RolesFileError, match="no roles file"):
        access.load_roles(tmp_path / "roles.toml")
