"""Import meeting files: Teams/Zoom attendance reports, transcripts and diarization.

Uses the same pipeline API as `copdash import`: a dry run lists the names that need a
member and what stays stored for them meanwhile, the user maps each one (and, for an RTTM
file holding several recordings, chooses this meeting's), and the import writes the aliases
and re-runs.
"""

import streamlit as st

from dashboard import imports, ui
from pipelines import importers
from pipelines.errors import CopdashError

st.title("Import meeting files")
st.caption("Teams or Zoom attendance reports, transcripts (.vtt, .srt, Teams .docx or text, "
           "Zoom's saved transcript) and diarization (.rttm) of one meeting. People are matched "
           "to members through their aliases; nobody is guessed. Rows still go through the data "
           "contracts and quarantine.")

meetings = dict(importers.meeting_choices())
if not meetings:
    ui.empty_state("meetings", "Load a meetings file on the Import files page first.")
    st.stop()
meeting_id = st.selectbox("Meeting", list(meetings), format_func=meetings.get,
                          key="meeting_import_meeting")
uploads = st.file_uploader("Export files", type=["csv", "txt", "vtt", "srt", "docx", "rttm"],
                           accept_multiple_files=True, key="meeting_import_files")
mark_absent = st.checkbox("Mark expected members missing from the report absent",
                          key="meeting_import_mark_absent")
if not uploads:
    ui.empty_state("files", "Choose the files Teams or Zoom exported for this meeting.")
    st.stop()

files = [(upload.name, upload.getvalue()) for upload in uploads]
recording = None
try:
    try:
        check = imports.import_meeting_files(files, meeting_id, mark_absent=mark_absent,
                                               dry_run=True)
    except importers.RecordingChoiceNeeded as needed:
        # One RTTM file, several recordings with the same labels: the user says which.
        segments, rttm_name = needed.recordings, needed.source_file
        recording = st.selectbox(
            f"Recording of this meeting in {rttm_name}", list(segments),
            index=None, placeholder="Choose the recording",
            format_func=lambda rec: f"{rec} ({segments[rec]} segments)",
            key="meeting_import_recording",
            help="The file holds several recordings; only the one chosen is imported.")
        if recording is None:
            st.info(f"{rttm_name} holds {len(segments)} recordings. Choose the one recorded "
                    "at this meeting.", icon=":material/info:")
            st.stop()
        check = imports.import_meeting_files(files, meeting_id, mark_absent=mark_absent,
                                               recording=recording, dry_run=True)
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
if check.kept:
    st.subheader("Kept as stored while a name is unmatched")
    st.caption("A name left out could be one of these members, so what is stored for them "
               "is not replaced. Match every name to replace it with the file's rows.")
    st.dataframe(imports.kept_table(check), hide_index=True, key="meeting_import_kept")

if st.button("Import", type="primary", key="meeting_import_run"):
    bar = st.progress(0.0, text="Starting…")
    try:
        if mapping:
            importers.add_aliases(mapping)
        report = imports.import_meeting_files(
            files, meeting_id, mark_absent=mark_absent, recording=recording, dry_run=False,
            progress=lambda done, total, text: bar.progress(min(done / max(total, 1), 1.0), text=text))
    except CopdashError as problem:
        st.error(str(problem), icon=":material/error:")
        st.stop()
    bar.empty()
    (st.warning if report.unresolved else st.success)(report.summary())
else:
    st.info(check.summary(), icon=":material/info:")
