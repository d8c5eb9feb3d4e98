"""The copdash dashboard (Streamlit): `streamlit run dashboard/app.py`."""

from __future__ import annotations


def _leave_legacy_multipage_mode() -> None:
    """Make sure the router (`app.py`) runs, whatever URL a session starts on.

    Streamlit switches to its old multipage mode when a folder named `pages/` sits beside
    the entry script, until `st.navigation` has run once in the process. In that mode the
    first visit to, say, /cost after a server start runs `pages/cost.py` alone: no shared
    sidebar, no grouping. The first script run that imports this package turns the old
    mode off and reruns, so the router handles that visit too.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    except ImportError:  # another Streamlit layout: nothing to fix
        return
    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        import streamlit as st

        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_legacy_multipage_mode()
