"""Data quality: what the recent loads read, what the contracts rejected, and why."""

import streamlit as st

from dashboard import charts, queries, ui

st.title("Data quality")
st.caption("Every load checks each file against its data contract. Rows that break a rule "
           "are kept aside (quarantined) with the reason, never lost.")

loads = queries.audit("recent_loads", limit=40)
if loads.empty:
    ui.empty_state("loads", "Load the programme's files on the Import files page or with "
                   "`copdash load <folder>`.")
    st.stop()

shown = loads.assign(label=loads["source_file"].str.split("/").str[-1] + " ("
                     + loads["finished_at"].dt.strftime("%d %b %H:%M") + ")")
ui.chart(charts.load_results(shown.iloc[::-1], "Rows loaded and quarantined, per file of recent loads"),
         loads, "green is rows loaded, red rows quarantined; a file with red needs fixing.", "loads")

st.subheader("Contract results per dataset")
ui.table(queries.audit("contract_results"), "Contract results per dataset", "contracts",
         "the latest load of each file, summed per dataset.")
rules = queries.audit("quarantine_by_rule")
if not rules.empty:
    ui.table(rules, "Quarantined rows by rule", "rules", "which rules the quarantined rows broke.")

st.subheader("Quarantined rows")
rows = queries.audit("quarantine_rows")
if rows.empty:
    st.success("No quarantined rows: every row of every file passed its checks.",
               icon=":material/check_circle:")
else:
    dataset = st.selectbox("Dataset", ["All"] + sorted(rows["dataset"].unique()), key="quarantine_dataset")
    picked = rows if dataset == "All" else rows[rows["dataset"] == dataset]
    st.markdown(f"**{len(picked)} row(s)** to fix. Correct them in the original file (the line "
                "number is the file's line, header = line 1) and load the file again.")
    ui.table(picked, "Quarantined rows", "quarantine", "each row's message says what to fix.")
