"""The sidebar every page shares: which CoPs, which dates, which meetings, facilitators.

The router (`app.py`) draws it before running the page, so the widgets exist on every
page and their values (held in `st.session_state` under the keys below) persist as the
user moves between pages. Pages call `current_selection()` to get the matching
`Selection` for the metrics API.
"""

from __future__ import annotations

import datetime

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.text import MEETING_TYPE_LABELS, MEETING_TYPES

__all__ = ["KEYS", "current_selection", "render"]

KEYS = {
    "cops": "filter_cops",
    "dates": "filter_dates",
    "types": "filter_meeting_types",
    "facilitators": "filter_include_facilitators",
}


def _catalogue() -> tuple[pd.DataFrame, datetime.date | None, datetime.date | None]:
    cops = queries.call("communities")
    first, last = queries.call("date_bounds")
    return cops, first, last


def _as_date(value: object) -> datetime.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _restore(page: str) -> None:
    """Streamlit drops the widgets' values when the page changes (in `navigation.run()`,
    after the sidebar is drawn). Their values are kept under `kept_<key>` (plain state,
    never dropped), put back on the first run of a new page, and read by the pages. On
    other runs the widgets' own values win, so a user's change is never overwritten."""
    if st.session_state.get("kept_page") == page:
        return
    st.session_state["kept_page"] = page
    for key in KEYS.values():
        if f"kept_{key}" in st.session_state:
            st.session_state[key] = st.session_state[f"kept_{key}"]


def _keep() -> None:
    for key in KEYS.values():
        if key in st.session_state:
            st.session_state[f"kept_{key}"] = st.session_state[key]


def render(page: str = "") -> None:
    """Draw the shared filters in the sidebar; `page` names the page about to run."""
    _restore(page)
    if not queries.audit("marts_current"):
        st.warning("This database was built by an older version of copdash, so some figures "
                   "cannot be shown. Load your files again (`copdash load FOLDER`, or the "
                   "Import files page): the load rebuilds the figures and changes no data.",
                   icon=":material/update:")
    cops, first, last = _catalogue()
    first, last = _as_date(first), _as_date(last)
    names = dict(zip(cops["cop_id"], cops["name"], strict=False))
    with st.sidebar:
        st.header("Show")
        st.multiselect(
            "Communities of Practice", options=list(names), key=KEYS["cops"],
            format_func=lambda cop: names.get(cop, cop), placeholder="All CoPs",
            help="Leave empty to include every CoP.",
        )
        if first is not None and last is not None:
            stored = st.session_state.get(KEYS["dates"])
            if not isinstance(stored, tuple | list) or any(
                d is not None and not (first <= d <= last) for d in stored
            ):
                st.session_state[KEYS["dates"]] = (first, last)
            st.date_input(
                "Meetings held between", key=KEYS["dates"], min_value=first, max_value=last,
                format="DD/MM/YYYY", help="Costs are selected by the date they were incurred.",
            )
        else:
            st.caption("No meetings loaded yet: the date filter appears once there are some.")
        st.multiselect(
            "Meeting types", options=list(MEETING_TYPES), key=KEYS["types"],
            format_func=lambda t: MEETING_TYPE_LABELS.get(t, t), placeholder="All meeting types",
            help="Leave empty to include every type of meeting.",
        )
        st.toggle(
            "Include facilitators", key=KEYS["facilitators"],
            help="Facilitators are left out of participation figures unless this is on. "
                 "Their time always counts as a cost.",
        )
    _keep()


def current_selection() -> queries.Selection:
    """The Selection matching the sidebar's current values (as kept by `render`)."""
    state = {key: st.session_state.get(f"kept_{key}") for key in KEYS.values()}
    dates = state.get(KEYS["dates"]) or ()
    date_from = dates[0] if len(dates) >= 1 else None
    date_to = dates[1] if len(dates) >= 2 else None
    return queries.Selection(
        cop_ids=tuple(state.get(KEYS["cops"]) or ()),
        date_from=date_from,
        date_to=date_to,
        meeting_types=tuple(state.get(KEYS["types"]) or ()),
        include_facilitators=bool(state.get(KEYS["facilitators"], False)),
    )
