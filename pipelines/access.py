"""Who may read what: roles, users, the roles file and the policy the query layer enforces.

No Streamlit here, so the command line and the tests use the same rules as the dashboard.
Every public function the dashboard reads data through (`pipelines.metrics.*`, the audit
reads, the audit trail, the report) is classified by the kind of data it returns
(`Level`); each role may read some levels (`ALLOWED`). A function nobody classified is
refused to everyone but the manager (fail closed): a new query is unavailable to the
steering group and observers until someone decides it is safe for them.

A user may be limited to some CoPs (a lay member of one CoP's steering group): their
Selection is narrowed to those CoPs (`restrict`) and the list of CoPs is filtered
(`restrict_frame`), so they never get another CoP's figures whatever the page asks for.
"""

from __future__ import annotations

import enum
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from pipelines.metrics import Selection

__all__ = ["ALLOWED", "POLICY", "Level", "Refused", "Role", "RolesFile", "RolesFileError",
           "User", "allowed", "check", "load_roles", "restrict", "restrict_cops", "restrict_frame",
           "restrict_params", "PROGRAMME_WIDE",
           "roles_path", "MEMBER_COLUMNS", "NO_COP", "PAGES", "pages_for"]


class Role(enum.StrEnum):
    MANAGER = "manager"
    EVALUATOR = "evaluator"
    STEERING = "steering"
    OBSERVER = "observer"


class Level(enum.StrEnum):
    """The kind of data a function returns."""

    CATALOGUE = "catalogue"      # which CoPs, dates and questionnaires exist; is the data current
    AGGREGATE = "aggregate"      # figures by member type, per meeting or over time
    COSTS = "costs"              # money per CoP, category, month, mode or meeting
    MEMBER_ROWS = "member rows"  # one row per (pseudonymous) member, or naming a meeting's chair
    COST_ROWS = "cost rows"      # single invoices and payments (free-text descriptions)
    LOADING = "loading"          # loads, contract results, quarantine counts
    RAW_ROWS = "raw rows"        # quarantined rows as they came in (may hold names)
    AUDIT_TRAIL = "audit trail"  # who did what and when
    IMPORTS = "imports"          # loading files into the database (a write)
    RECORDING = "recording"      # the live logger: a CoP's meetings and members to tick present


class Refused(PermissionError):
    """A user asked for data their role may not read (the page says so in plain words)."""


POLICY: dict[str, Level] = {
    # catalogue
    "communities": Level.CATALOGUE,
    "date_bounds": Level.CATALOGUE,
    "instruments": Level.CATALOGUE,
    "marts_current": Level.CATALOGUE,
    "load_freshness": Level.CATALOGUE,
    # aggregates by member type and over time (surveys suppress groups under k themselves)
    "headline": Level.AGGREGATE,
    "meeting_counts": Level.AGGREGATE,
    "meeting_counts_by_cop": Level.AGGREGATE,
    "meeting_averages": Level.AGGREGATE,
    "meeting_group": Level.AGGREGATE,
    "meeting_share_grid": Level.AGGREGATE,  # counts of meetings, no member
    "pooled_equity": Level.AGGREGATE,
    "mode_comparison": Level.AGGREGATE,
    "hybrid_comparison": Level.AGGREGATE,
    "lay_timeline": Level.AGGREGATE,
    "lay_member_totals": Level.AGGREGATE,
    "meeting_summary": Level.AGGREGATE,  # its chair_member_id is dropped (MEMBER_COLUMNS)
    "turn_acts": Level.AGGREGATE,
    "chat_by_group": Level.AGGREGATE,
    "latest_changes": Level.AGGREGATE,
    "survey_summary": Level.AGGREGATE,
    "survey_item_distribution": Level.AGGREGATE,
    "uptake": Level.AGGREGATE,
    "uptake_funnel": Level.AGGREGATE,
    "uptake_by_month": Level.AGGREGATE,
    "uptake_status": Level.AGGREGATE,
    "time_to_implementation": Level.AGGREGATE,
    "recommendation_meetings": Level.AGGREGATE,
    # issue 16: turn-taking, the fair comparison of modes, digital exclusion, funnels
    "turn_transitions": Level.AGGREGATE,
    "turn_response": Level.AGGREGATE,
    "turn_answers": Level.AGGREGATE,
    "turn_notes": Level.AGGREGATE,
    "turn_response_and_notes": Level.AGGREGATE,  # the two above from one read
    "within_member": Level.AGGREGATE,        # a paired mean over members, with n
    "adjusted_mode_effect": Level.AGGREGATE,
    "fair_comparison": Level.AGGREGATE,
    "digital_exclusion": Level.AGGREGATE,    # small groups suppressed as on the survey page
    "online_moves": Level.AGGREGATE,         # when each CoP moved online
    "cop_funnel": Level.AGGREGATE,           # one row per CoP
    "funnel_curve": Level.AGGREGATE,
    "load_alert_rules": Level.CATALOGUE,     # the alert rules of copdash.toml: configuration
    # costs of the programme (no person's cost)
    "cost_summary": Level.COSTS,
    "cost_totals": Level.COSTS,
    "cost_by_category": Level.COSTS,
    "cost_by_month": Level.COSTS,
    "meeting_cost": Level.COSTS,
    "mode_cost": Level.COSTS,
    "time_rates_used": Level.COSTS,
    "missing_rates": Level.COSTS,
    # member-level rows
    "lay_members": Level.MEMBER_ROWS,
    "member_mode": Level.MEMBER_ROWS,
    "digital_exclusion_members": Level.MEMBER_ROWS,
    "alerts": Level.MEMBER_ROWS,             # an alert can name a member who stopped coming
    "survey_scores": Level.MEMBER_ROWS,
    "data_quality": Level.MEMBER_ROWS,
    "cost_rows": Level.COST_ROWS,
    # loading
    "recent_loads": Level.LOADING,
    "row_counts": Level.LOADING,
    "quarantine_count": Level.LOADING,
    "quarantine_by_rule": Level.LOADING,
    "contract_results": Level.LOADING,
    "quarantine_rows": Level.RAW_ROWS,
    "quarantine_fixing_rows": Level.RAW_ROWS,
    "quarantine_for_fixing": Level.RAW_ROWS,
    # the live logger's set-up (issue 14): observers record meetings, nothing else
    "logger_meetings": Level.RECORDING,
    "logger_members": Level.RECORDING,
    "logger_cop_meetings": Level.RECORDING,   # a CoP's meeting ids, dates, types: a new id's style
    "logger_ids_taken": Level.RECORDING,      # which offered ids are taken (yes/no per id)
    # the audit trail
    "audit_trail": Level.AUDIT_TRAIL,
    # writes
    "import_files": Level.IMPORTS,
}

ALLOWED: dict[Role, frozenset[Level]] = {
    Role.MANAGER: frozenset(Level),
    Role.EVALUATOR: frozenset({Level.CATALOGUE, Level.AGGREGATE, Level.COSTS, Level.MEMBER_ROWS,
                               Level.COST_ROWS, Level.LOADING}),
    Role.STEERING: frozenset({Level.CATALOGUE, Level.AGGREGATE, Level.COSTS}),
    Role.OBSERVER: frozenset({Level.CATALOGUE, Level.RECORDING}),
}

# Pages (file stem) each role may open. Pages not listed (a new page) are the manager's only.
PAGES: dict[str, frozenset[Role]] = {
    "overview": frozenset({Role.MANAGER, Role.EVALUATOR, Role.STEERING}),
    "participation": frozenset({Role.MANAGER, Role.EVALUATOR, Role.STEERING}),
    "online_vs_in_person": frozenset({Role.MANAGER, Role.EVALUATOR, Role.STEERING}),
    "cost": frozenset({Role.MANAGER, Role.EVALUATOR}),
    "uptake": frozenset({Role.MANAGER, Role.EVALUATOR, Role.STEERING}),
    "surveys": frozenset({Role.MANAGER, Role.EVALUATOR, Role.STEERING}),
    "lay_members": frozenset({Role.MANAGER, Role.EVALUATOR, Role.STEERING}),
    "data_quality": frozenset({Role.MANAGER, Role.EVALUATOR}),
    "import_data": frozenset({Role.MANAGER}),
    "import_meeting_files": frozenset({Role.MANAGER}),
    "logger": frozenset({Role.MANAGER, Role.OBSERVER}),
}


@dataclass(frozen=True)
class User:
    """The signed-in person: an id (their e-mail or the token's subject), a role, and the
    CoPs they may see (None: every CoP)."""

    id: str
    role: Role
    cops: frozenset[str] | None = None


# Reads of the whole programme's loading: the files loaded and their row counts, quarantined
# rows as they came in, the audit trail. A file holds several CoPs' rows, and a quarantined
# row's CoP may be the very value that is wrong, so these cannot be narrowed to some CoPs:
# a user limited to some CoPs is refused them, whatever their role (issue 13).
PROGRAMME_WIDE = frozenset({"recent_loads", "row_counts", "quarantine_count",
                            "quarantine_by_rule", "contract_results", "quarantine_rows",
                            "quarantine_fixing_rows", "quarantine_for_fixing", "audit_trail"})


def allowed(user: User, function_name: str) -> bool:
    """Whether `user` may call `function_name` (unclassified: the manager only; a
    PROGRAMME_WIDE read: only users who see every CoP)."""
    if user.cops is not None and function_name in PROGRAMME_WIDE:
        return False
    level = POLICY.get(function_name)
    if level is None:
        return user.role is Role.MANAGER
    return level in ALLOWED[user.role]


def check(user: User | None, function_name: str) -> None:
    """Raise `Refused` unless `user` may call `function_name` (no user: refused)."""
    if user is None:
        raise Refused(f"{function_name}: nobody is signed in.")
    if not allowed(user, function_name):
        if user.cops is not None and function_name in PROGRAMME_WIDE:
            raise Refused(f"{function_name} covers every CoP; it is not available to users "
                          "limited to some CoPs.")
        raise Refused(f"{function_name} is not available to the {user.role} role.")


def pages_for(role: Role, stems: Iterable[str]) -> list[str]:
    """The page stems of `stems` that `role` may open, order kept."""
    return [stem for stem in stems
            if role in PAGES.get(stem, frozenset({Role.MANAGER}))]


# A CoP id no real CoP has: a Selection of only this id selects nothing.
NO_COP = "\x00none"


def restrict(user: User, sel: Selection | None) -> Selection | None:
    """`sel` narrowed to the user's CoPs (an empty Selection means every CoP, so it becomes
    the user's CoPs; CoPs outside theirs are dropped; none left: a CoP that does not exist)."""
    if sel is None or user.cops is None:
        return sel
    if not sel.cop_ids:
        cops = tuple(sorted(user.cops))
    else:
        cops = tuple(cop for cop in sel.cop_ids if cop in user.cops)
    return replace(sel, cop_ids=cops or (NO_COP,))


# Columns that point at one member: dropped from every answer to a role without member rows,
# whatever the function (a per-meeting frame naming the chair, a new query that forgot).
MEMBER_COLUMNS = frozenset({"member_id", "chair_member_id", "email", "display_name",
                            "member_name", "alias", "raw_name"})


def restrict_frame(user: User, frame: object) -> object:
    """A frame keeps only the user's CoPs' rows (when it has a cop_id column), and loses
    MEMBER_COLUMNS unless the role may read member rows; anything else as is."""
    if not isinstance(frame, pd.DataFrame):
        return frame
    if Level.MEMBER_ROWS not in ALLOWED[user.role]:
        frame = frame.drop(columns=[c for c in frame.columns if c in MEMBER_COLUMNS])
    return restrict_cops(user, frame)


def restrict_cops(user: User, frame: object) -> object:
    """A frame with a cop_id column keeps only the user's CoPs' rows; anything else as is."""
    if user.cops is not None and isinstance(frame, pd.DataFrame) and "cop_id" in frame:
        frame = frame[frame["cop_id"].isin(user.cops)].reset_index(drop=True)
    return frame


def restrict_params(user: User, params: Mapping[str, object]) -> dict[str, object]:
    """Query parameters with a `cop_id` outside the user's CoPs replaced by NO_COP (a read
    of one CoP's rows, such as the logger's members of a CoP, then finds none)."""
    params = dict(params)
    if user.cops is not None and "cop_id" in params and params["cop_id"] not in user.cops:
        params["cop_id"] = NO_COP
    return params


# ---------------------------------------------------------------- the roles file


class RolesFileError(ValueError):
    """The roles file cannot be read (the message names the file and what to fix)."""


@dataclass(frozen=True)
class RolesFile:
    """email (lower case) -> (role, CoPs or None); group id -> role."""

    people: Mapping[str, tuple[Role, frozenset[str] | None]]
    groups: Mapping[str, Role]
    contact: str = ""  # whom an unknown user should ask, shown on their page

    def user(self, email: str | None, groups: Iterable[str] = ()) -> User | None:
        """The user for a signed-in e-mail and the token's groups (None: unknown).

        A person listed by e-mail gets that entry (it may limit their CoPs); otherwise the
        strongest role of their groups, with every CoP."""
        if email:
            found = self.people.get(email.strip().lower())
            if found is not None:
                return User(email.strip().lower(), found[0], found[1])
        order = list(Role)
        roles = sorted({self.groups[g] for g in groups if g in self.groups}, key=order.index)
        if roles and email:
            return User(email.strip().lower(), roles[0])
        return None


def roles_path(db_path: Path) -> Path:
    """`COPDASH_ROLES` if set, else `roles.toml` beside the database."""
    configured = os.environ.get("COPDASH_ROLES")
    return Path(configured) if configured else db_path.parent / "roles.toml"


def _role(value: object, where: str, path: Path) -> Role:
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        raise RolesFileError(
            f"{path}: {where} has role {value!r}; use one of "
            f"{', '.join(r.value for r in Role)}.") from None


def load_roles(path: Path) -> RolesFile:
    """Read a roles file:

        contact = "Ana Patel, programme manager (ana@trust.nhs.uk)"

        [people]
        "ana@trust.nhs.uk" = "manager"
        "lee@trust.nhs.uk" = { role = "steering", cops = ["cop-a"] }

        [groups]   # the ID token's groups claim (e.g. Entra ID group object ids)
        "6f1c...-..." = "evaluator"
    """
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise RolesFileError(f"{path}: no roles file. Create it (see docs/security.md) "
                             "listing who may use copdash.") from None
    except tomllib.TOMLDecodeError as error:
        raise RolesFileError(f"{path}: not valid TOML ({error}); fix the line named.") from None
    people: dict[str, tuple[Role, frozenset[str] | None]] = {}
    for email, entry in (data.get("people") or {}).items():
        if isinstance(entry, dict):
            role = _role(entry.get("role"), f"[people] {email!r}", path)
            cops = entry.get("cops")
            if cops is not None and (not isinstance(cops, list) or not cops):
                raise RolesFileError(f"{path}: [people] {email!r} cops must be a list of "
                                     "CoP ids, e.g. cops = [\"cop-a\"].")
            people[email.strip().lower()] = (role, frozenset(map(str, cops)) if cops else None)
        else:
            people[email.strip().lower()] = (_role(entry, f"[people] {email!r}", path), None)
    groups = {str(group): _role(role, f"[groups] {group!r}", path)
              for group, role in (data.get("groups") or {}).items()}
    return RolesFile(people, groups, str(data.get("contact") or ""))
