"""Import meeting files: Teams/Zoom attendance reports, transcripts and diarization.

Uses the same pipeline API as `copdash import`: a dry run lists the names that need a
member, the user maps each one, and the import writes the aliases and re-runs.
"""

import streamlit as st

from dashboard import ui
from pipelines import importers
from pipelines.errors import CopdashError

st.title("Import meeting files")
st.caption("Teams or Zoom attendance reports, transcripts (.vtt) and diarization (.rttm) of "
           "one meeting. People are matched to members through their aliases; nobody is "
           "guessed. Rows still go through the data contracts and quarantine.")

meetings = dict(importers.meeting_choices())
if not meetings:
    ui.empty_state("meetings", "Load a meetings file on the Import files page first.")
    st.stop()
meeting_id = st.selectbox("Meeting", list(meetings), format_func=meetings.get,
                          key="meeting_import_meeting")
uploads = st.file_uploader("Export files", type=["csv", "txt", "vtt", "rttm"],
                           accept_multiple_files=True, key="meeting_import_files")
mark_absent = st.checkbox("Mark expected members missing from the report absent",
                          key="meeting_import_mark_absent")
if not uploads:
    ui.empty_state("files", "Choose the files Teams or Zoom exported for this meeting.")
    st.stop()

files = [(upload.name, upload.getvalue()) for upload in uploads]
try:
    check = importers.import_meeting_files(files, meeting_id, mark_absent=mark_absent,
                                           dry_run=True)
except CopdashError as problem:
    st.error(str(problem), icon=":material/error:")
    st.stop()

mapping = []
if check.unresolved:
    st.subheader("Names to match to a member")
    members = importers.member_choices(meeting_id)
    for item in check.unresolved:
        # Suggestions come only from the meeting's own CoP (anyone else's rows would be
        # quarantined by the contracts).
        closest = item.suggestions
        suggested = [s.member_id for s in closest]
        options = ["(leave out)"] + suggested + [m for m in members if m not in suggested]
        hint = ", ".join(f"{s.member_id} (known as '{s.alias}')" for s in closest)
        choice = st.selectbox(f"{item.kind.capitalize()} '{item.name}'", options,
                              key=f"meeting_import_map_{item.kind}_{item.name}",
                              help=f"Closest known members: {hint}" if hint else None)
        if choice != "(leave out)":
            mapping.append({"alias": item.name, "member_id": choice,
                            "meeting_id": meeting_id if item.meeting_specific else ""})

if st.button("Import", type="primary", key="meeting_import_run"):
    bar = st.progress(0.0, text="Starting…")
    try:
        if mapping:
            importers.add_aliases(mapping)
        report = importers.import_meeting_files(
            files, meeting_id, mark_absent=mark_absent,
            progress=lambda done, total, text: bar.progress(min(done / max(total, 1), 1.0), text=text))
    except CopdashError as problem:
        st.error(str(problem), icon=":material/error:")
        st.stop()
    bar.empty()
    (st.warning if report.unresolved else st.success)(report.summary())
else:
    st.info(check.summary(), icon=":material/info:")
