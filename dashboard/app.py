"""The dashboard's entry point: only a router, behind the sign-in gate.

`streamlit run dashboard/app.py`. Pages are grouped by who uses them (DOMAIN.md): programme
managers monitor, evaluators evaluate, the steering group checks lay members' voice, and
whoever keeps the data looks after it. The shared sidebar is drawn here, before the page
runs, so its selections persist from page to page.

Nothing runs before `auth.gate()` has a user (issue 13): the navigation lists only the
pages the user's role may open (`pipelines.access.PAGES`), and a section whose data the
role may not read (the query layer raises `access.Refused`) ends in a plain note.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import auth, sidebar
from pipelines import access

PAGES = Path(__file__).resolve().parent / "pages"


def _pages(role: access.Role, sections: dict[str, list[tuple]]) -> dict[str, list[st.Page]]:
    """The sections' pages `role` may open, as st.Page (empty sections dropped). Each page is
    (file, title, icon) or (file, title, icon, True) for the default page."""
    kept = {}
    for name, pages in sections.items():
        stems = access.pages_for(role, [Path(page[0]).stem for page in pages])
        mine = [st.Page(PAGES / file, title=title, icon=icon, default=bool(rest) and rest[0])
                for file, title, icon, *rest in pages if Path(file).stem in stems]
        if mine:
            kept[name] = mine
    return kept


def _no_page() -> None:
    st.title("copdash")
    st.info("There is no page for your role in this copdash yet.", icon=":material/info:")


def main() -> None:
    st.set_page_config(page_title="copdash", page_icon=":material/groups:", layout="wide")
    user = auth.gate()
    data_pages = [
        ("data_quality.py", "Data quality", ":material/fact_check:"),
        ("import_data.py", "Import files", ":material/upload_file:"),
    ]
    if (PAGES / "import_meeting_files.py").exists():
        data_pages.append(
            ("import_meeting_files.py", "Import meeting files", ":material/video_file:")
        )
    data_pages.append(("logger.py", "Live logger", ":material/timer:"))
    sections = _pages(user.role, {
        "Monitor": [
            ("overview.py", "Overview", ":material/dashboard:", True),
            ("participation.py", "Participation equity", ":material/record_voice_over:"),
            ("online_vs_in_person.py", "In person vs online", ":material/devices:"),
        ],
        "Evaluate": [
            ("cost.py", "Cost and value", ":material/payments:"),
            ("uptake.py", "Recommendation uptake", ":material/trending_up:"),
            ("surveys.py", "Surveys", ":material/quiz:"),
        ],
        "Steering group": [
            ("lay_members.py", "Lay members", ":material/diversity_3:"),
        ],
        "Data": data_pages,
    })
    if not sections:
        auth.only_page(_no_page, "copdash")
        return
    navigation = st.navigation(sections)
    sidebar.render(navigation.url_path)
    try:
        navigation.run()
    except access.Refused:
        auth.not_available()


main()
