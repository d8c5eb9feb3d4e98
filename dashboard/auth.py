"""Who is using the dashboard: sign-in with the organisation's identity provider, or local mode.

Sign-in is Streamlit's own (`st.login`, OpenID Connect through Authlib), configured in
`.streamlit/secrets.toml` under `[auth]` (docs/security.md has worked examples). The
signed-in e-mail (and the ID token's `groups` claim) is looked up in the roles file
(`pipelines.access.load_roles`).

`state()` decides, before any page runs, one of:

- `local`: no `[auth]` configured and the server listens on 127.0.0.1/localhost only
  (`make run`): one person at their own machine, the manager, with a visible note;
- `user`: signed in and listed in the roles file;
- `signed_out`: sign-in configured, nobody signed in yet (a sign-in button, no data);
- `unknown`: signed in but not in the roles file (whom to ask, no data);
- `broken`: sign-in configured wrongly, the provider unreachable, the roles file unreadable,
  or no sign-in on an open address without the operator's explicit flag
  (`COPDASH_ALLOW_NO_SIGN_IN=1`): a plain message and no data.

Fail closed: anything other than `local` and `user` gives no user, and `queries.call`
refuses every call without one.

Tests sign users in with AppTest's own `at.user` (what `st.user` reads) and `at.secrets`
(the `[auth]` table): the code under test is the code that runs in a deployment, with no
test hook in it.
"""

from __future__ import annotations

import functools
import os
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pipelines.access import Role, RolesFile, RolesFileError, User, load_roles, roles_path
from pipelines.settings import get_settings

__all__ = ["AuthState", "LOCAL_USER", "current_user", "state"]

LOCAL_USER = User("local", Role.MANAGER)
_LOCAL_ADDRESSES = {"127.0.0.1", "localhost", "::1"}
_SHARED_KEYS = ("redirect_uri", "cookie_secret")
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


@dataclass(frozen=True)
class AuthState:
    kind: str  # local, user, signed_out, unknown, broken
    user: User | None = None
    message: str = ""
    contact: str = "the programme manager who runs copdash"


def _auth_secrets() -> dict | None:
    """The `[auth]` table of secrets.toml, or None when there is none."""
    try:
        if "auth" not in st.secrets:
            return None
        return dict(st.secrets["auth"])
    except (FileNotFoundError, KeyError):
        return None
    except Exception:  # noqa: BLE001 - a secrets file Streamlit cannot parse
        return {}


def _config_problem(auth: dict) -> str | None:
    """What is missing from `[auth]` (None: complete), in words for the operator."""
    missing = [key for key in _SHARED_KEYS if not auth.get(key)]
    providers = [value for value in auth.values() if isinstance(value, dict)] or [auth]
    for provider in providers:
        missing += [key for key in _PROVIDER_KEYS if not provider.get(key)]
    if missing:
        return ("Sign-in is set up incompletely: .streamlit/secrets.toml [auth] lacks "
                f"{', '.join(sorted(set(missing)))}. See docs/security.md.")
    return None


@functools.lru_cache(maxsize=8)
def _reachable(url: str, minute: int) -> bool:
    """Whether the provider's discovery document answers (asked at most once a minute)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - configured URL
            return response.status == 200
    except Exception:  # noqa: BLE001 - any failure means: cannot sign anyone in
        return False


def _provider_problem(auth: dict) -> str | None:
    providers = [value for value in auth.values() if isinstance(value, dict)] or [auth]
    for provider in providers:
        url = str(provider.get("server_metadata_url"))
        if not _reachable(url, int(time.time() // 60)):
            return (f"The sign-in service ({url}) does not answer, so nobody can be signed in. "
                    "Try again later, or ask whoever runs copdash to check it.")
    return None


@functools.lru_cache(maxsize=4)
def _roles(path: str, mtime_ns: int) -> RolesFile:
    return load_roles(Path(path))


def _roles_file() -> RolesFile:
    path = roles_path(get_settings().db_path)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        mtime = 0
    return _roles(str(path), mtime)


def _is_local() -> bool:
    address = st.get_option("server.address")
    return bool(address) and str(address).strip("[]") in _LOCAL_ADDRESSES


def state() -> AuthState:
    """Who is using this session (see the module docstring)."""
    auth = _auth_secrets()
    if auth is None:
        if _is_local() or os.environ.get("COPDASH_ALLOW_NO_SIGN_IN") == "1":
            return AuthState("local", LOCAL_USER)
        return AuthState("broken", message=(
            "copdash is listening on an open address without sign-in, so it shows no data. "
            "Set up sign-in (docs/security.md), or run it on 127.0.0.1 for one person."))
    problem = _config_problem(auth)
    if problem:
        return AuthState("broken", message=problem)
    try:
        roles = _roles_file()
    except RolesFileError as error:
        return AuthState("broken", message=f"The roles file cannot be read: {error}")
    contact = roles.contact or AuthState.contact
    if not st.user.is_logged_in:
        problem = _provider_problem(auth)
        if problem:
            return AuthState("broken", message=problem, contact=contact)
        return AuthState("signed_out", contact=contact)
    email = st.user.get("email") or st.user.get("preferred_username")
    groups = st.user.get("groups") or []
    user = roles.user(str(email) if email else None,
                      [str(g) for g in groups] if isinstance(groups, list) else [])
    if user is None:
        return AuthState("unknown", message=str(email or "this account"), contact=contact)
    return AuthState("user", user, contact=contact)


def current_user() -> User | None:
    """The user whose rights apply to a query now.

    Outside a Streamlit session (the command line, a notebook, a unit test of the metrics)
    there is no web visitor: the caller runs on the machine that holds the database, as
    the manager. Inside a session: `state()`'s user, or None (refused)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return LOCAL_USER
    return state().user


NOT_AVAILABLE = ("This part is not available for your role. Ask {contact} if you need it.")
_RECORDED = "copdash_sign_in_recorded"


def gate() -> User:
    """The signed-in user, or (no user) a plain page instead of the app, and stop.

    Runs in dashboard/app.py before the navigation, so no page runs without a user."""
    found = state()
    if found.kind == "local":
        st.sidebar.caption(":material/lock_open: Local, single user: no sign-in on this "
                           "machine (127.0.0.1). Everyone who can reach it is the manager.")
        return found.user
    if found.kind == "user":
        _record_sign_in(found.user)
        st.sidebar.caption(f"Signed in as {found.user.id} ({found.user.role.value})")
        if st.user.is_logged_in and st.sidebar.button("Sign out", key="copdash_sign_out"):
            st.logout()
        return found.user
    only_page(lambda: _explain(found), "Sign in" if found.kind == "signed_out" else "copdash")
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover


def only_page(draw, title: str) -> None:
    """Run `draw` as the app's one page. Calling st.navigation on every run keeps Streamlit
    from falling back to the files in dashboard/pages (its older multipage mode), so no
    page's URL can run that page without the gate."""
    st.navigation([st.Page(draw, title=title, url_path="welcome", default=True)],
                  position="hidden").run()


def _explain(found: AuthState) -> None:
    st.title("copdash")
    if found.kind == "signed_out":
        st.write("copdash shows evaluation figures about named people's participation, so "
                 "you need to sign in with your organisation's account.")
        if st.button("Sign in", type="primary", icon=":material/login:"):
            st.login()
    elif found.kind == "unknown":
        st.warning(f"You are signed in as {found.message}, but that account has no role in "
                   f"copdash yet, so it shows no data. Ask {found.contact} to add you to "
                   "the roles file.", icon=":material/person_off:")
        if st.button("Sign out"):
            st.logout()
    else:
        st.error(found.message, icon=":material/error:")


def _record_sign_in(user: User) -> None:
    if st.session_state.get(_RECORDED) == user.id:
        return
    from pipelines import audit_trail

    audit_trail.record("signed_in", user.id, user.role.value,
                       db_path=get_settings().db_path)
    st.session_state[_RECORDED] = user.id


def not_available() -> None:
    """The note a page shows instead of a section the user's role may not read."""
    contact = state().contact
    st.info(NOT_AVAILABLE.format(contact=contact), icon=":material/lock:")
