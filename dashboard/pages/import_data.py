"""Import: upload canonical files and run the same load as `copdash load`."""

import streamlit as st

from dashboard import imports, ui
from pipelines.errors import CopdashError

st.title("Import files")
st.caption("Upload canonical files named after their dataset (members.csv, meetings.xlsx, "
           "attendance.parquet, ...). They are checked against the data contracts; rows that "
           "break a rule are quarantined with the reason, and nothing is loaded if a file "
           "cannot be read at all.")

files = st.file_uploader("Files to load", type=["csv", "xlsx", "parquet"],
                         accept_multiple_files=True, key="import_files")
check, load = st.columns(2)
dry_run = check.button("Check only", key="import_check", disabled=not files)
go = load.button("Check and load", key="import_load", type="primary", disabled=not files)

if files and (dry_run or go):
    bar = st.progress(0.0, text="Starting…")

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=message)

    try:
        report = imports.load_uploads(files, dry_run=dry_run, progress=progress)
    except CopdashError as problem:  # over the upload limits: nothing was read
        bar.empty()
        st.error(str(problem), icon=":material/error:")
        st.stop()
    bar.empty()
    if report.ok:
        (st.info if dry_run else st.success)(report.summary())
        table = imports.report_table(report)
        if not table.empty:
            ui.table(table, "Load report", "load_report", "one row per file: rows read, "
                     "loaded and quarantined.")
        quarantined = imports.quarantined_rows(report)
        if not quarantined.empty:
            st.subheader("Quarantined rows")
            ui.table(quarantined, "Quarantined rows of this load", "load_quarantine",
                     "fix these rows in your file and load it again.")
    else:
        st.error(report.summary(), icon=":material/error:")
elif not files:
    ui.empty_state("files", "Choose one or more files above. Their names must be the dataset "
                   "names from the data dictionary (for example members.csv).")
