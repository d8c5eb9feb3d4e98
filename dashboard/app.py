"""The dashboard's entry point: only a router.

`streamlit run dashboard/app.py`. Pages are grouped by who uses them (DOMAIN.md): programme
managers monitor, evaluators evaluate, the steering group checks lay members' voice, and
whoever keeps the data looks after it. The shared sidebar is drawn here, before the page
runs, so its selections persist from page to page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import sidebar

PAGES = Path(__file__).resolve().parent / "pages"


def _page(file: str, title: str, icon: str, *, default: bool = False) -> st.Page:
    return st.Page(PAGES / file, title=title, icon=icon, default=default)


def main() -> None:
    st.set_page_config(page_title="copdash", page_icon=":material/groups:", layout="wide")
    data_pages = [
        _page("data_quality.py", "Data quality", ":material/fact_check:"),
        _page("import_data.py", "Import files", ":material/upload_file:"),
    ]
    if (PAGES / "import_meeting_files.py").exists():
        data_pages.append(
            _page("import_meeting_files.py", "Import meeting files", ":material/video_file:")
        )
    data_pages.append(_page("logger.py", "Live logger", ":material/timer:"))
    navigation = st.navigation({
        "Monitor": [
            _page("overview.py", "Overview", ":material/dashboard:", default=True),
            _page("participation.py", "Participation equity", ":material/record_voice_over:"),
            _page("online_vs_in_person.py", "In person vs online", ":material/devices:"),
        ],
        "Evaluate": [
            _page("cost.py", "Cost and value", ":material/payments:"),
            _page("uptake.py", "Recommendation uptake", ":material/trending_up:"),
            _page("surveys.py", "Surveys", ":material/quiz:"),
        ],
        "Steering group": [
            _page("lay_members.py", "Lay members", ":material/diversity_3:"),
        ],
        "Data": data_pages,
    })
    sidebar.render(navigation.url_path)
    navigation.run()


main()
