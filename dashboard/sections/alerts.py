"""Alerts on the Overview page: the `[[alerts]]` rules of copdash.toml that fire
(pipelines.metrics.alerts). Alerts can name a member: member-level data."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, queries, ui
from dashboard.text import Column
from pipelines.metrics import AlertConfigProblem, load_alert_rules

__all__ = ["alerts"]


def alerts(sel: queries.Selection) -> None:
    """The section: a bad rule's message, no rules, no alert, or the list of alerts."""
    st.subheader("Alerts")
    if not queries.allowed("alerts"):  # an alert can name a member: member-level data
        auth.not_available()
        return
    try:
        rules = load_alert_rules()
    except AlertConfigProblem as problem:
        st.error(f"The alert rules cannot be used: {problem}", icon=":material/error:")
        return
    if not rules:
        st.caption("No alert rules are set: add `[[alerts]]` tables to copdash.toml (for "
                   "example, lay equity ratio below 0.5 in two meetings running).")
        return
    found = queries.call("alerts", sel, rules=rules)
    if found.empty:
        st.success(f"No alert fires ({len(rules)} rule(s) checked).",
                   icon=":material/check_circle:")
        return
    st.warning(f"{len(found)} alert(s) fire.", icon=":material/notifications:")
    ui.table(found, "Alerts", "alerts",
             "one row per alert that fires, from the rules in copdash.toml; `copdash alerts` "
             "lists the same.", columns={"rule": Column("Rule", "words")})
