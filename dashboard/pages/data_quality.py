"""Data quality: what the recent loads read, what the contracts rejected, and why.

Half a million quarantined rows must not slow the page: it shows their counts by rule and
file, then one page of rows at a time, and builds a file for fixing only when asked."""

import math

import streamlit as st

from dashboard import charts, opening, queries, text, ui
from dashboard.downloads import to_safe_csv

PAGE_SIZES = (10, 50, 200)  # rows per page of the quarantine list; 200 unless chosen
ALL = "All"
PAGE_KEY = "quarantine_page"

st.title("Data quality")
st.caption("Every load checks each file against its data contract. Rows that break a rule "
           "are kept aside (quarantined) with the reason, never lost.")

if not queries.allowed("recent_loads"):  # a user limited to some CoPs (access.PROGRAMME_WIDE)
    st.info("The loading history and the quarantined rows cover every CoP's files, so they "
            "are shown only to people who see every CoP. Ask the programme manager if you "
            "need them.", icon=":material/lock:")
    st.stop()
loads = queries.audit("recent_loads", limit=40)
if loads.empty:
    ui.empty_state("loads", "Load the programme's files on the Import files page or with "
                   "`copdash load <folder>`.")
    st.stop()
ui.opening(opening.data_quality())

shown = loads.assign(label=loads["source_file"].str.split("/").str[-1] + " ("
                     + loads["finished_at"].dt.strftime("%d %b %H:%M") + ")")
ui.chart(charts.load_results(shown.iloc[::-1], "Rows loaded and quarantined, per file of recent loads"),
         loads, "green is rows loaded, red rows quarantined; a file with red needs fixing.", "loads")

st.subheader("Contract results per dataset")
ui.table(queries.audit("contract_results"), "Contract results per dataset", "contracts",
         "the latest load of each file, summed per dataset.")

# The audit trail (issue 13): managers only; kept beside the database, so loads keep it.
# Before the quarantine, which stops the page when nothing is quarantined.
if queries.allowed("audit_trail"):
    st.subheader("Audit trail")
    trail = queries.audit("audit_trail")
    if trail.empty:
        st.caption("Nothing recorded yet: sign-ins, loads, imports, exports and erasures "
                   "appear here.")
    else:
        ui.table(trail, "Audit trail", "audit_trail",
                 "the latest 200 events, newest first: who (their sign-in id only) did what, "
                 "and when (UTC).",
                 columns={"at_utc": text.Column("When (UTC)"), "event": text.Column("What"),
                          "user_id": text.Column("Who"), "detail": text.Column("Detail")})

st.subheader("Quarantined rows")
rules = queries.audit("quarantine_by_rule")
if rules.empty:
    st.success("No quarantined rows: every row of every file passed its checks.",
               icon=":material/check_circle:")
    st.stop()
ui.table(rules, "Quarantined rows by rule and file", "rules",
         "how many rows of each file broke each rule; a row that broke two rules counts under both.")


def _first_page() -> None:
    st.session_state[PAGE_KEY] = 1


def _pick(column, label: str, options: list[str], key: str) -> str | None:
    """A filter over `options` (None = all); a choice no longer on offer falls back to all."""
    if st.session_state.get(key, ALL) not in [ALL, *options]:
        st.session_state[key] = ALL
    choice = column.selectbox(label, [ALL, *options], key=key, on_change=_first_page)
    return None if choice == ALL else choice


left, middle, right = st.columns(3)
dataset = _pick(left, "Dataset", sorted(rules["dataset"].unique()), "quarantine_dataset")
scope = rules if dataset is None else rules[rules["dataset"] == dataset]
source_file = _pick(middle, "File", sorted(scope["source_file"].unique()), "quarantine_file")
scope = scope if source_file is None else scope[scope["source_file"] == source_file]
rule = _pick(right, "Rule", sorted(scope["rule"].unique()), "quarantine_rule")

filters = {"dataset": dataset, "source_file": source_file, "rule": rule}
total = queries.audit("quarantine_count", **filters)
size_column, page_column = st.columns(2)
page_size = size_column.selectbox("Rows per page", PAGE_SIZES, index=len(PAGE_SIZES) - 1,
                                  key="quarantine_page_size", on_change=_first_page)
pages = max(1, math.ceil(total / page_size))
if not 1 <= st.session_state.get(PAGE_KEY, 1) <= pages:  # a new load can shorten the list
    _first_page()
page = page_column.number_input("Page", min_value=1, max_value=pages, step=1,
                                key=PAGE_KEY)
offset = (page - 1) * page_size
rows = queries.audit("quarantine_rows", **filters, limit=page_size, offset=offset)
st.markdown(f"**{text.rows_range(offset, len(rows), total)}** to fix. Correct them in the "
            "original file (the line number is the file's line, header = line 1) and load the "
            "file again.")
ui.table(rows, "Quarantined rows", "quarantine", "each row's message says what to fix.")

if dataset is None:
    st.caption("Choose a dataset to download its quarantined rows for fixing.")
else:
    def _fixing_csv() -> bytes:
        """Built only when the button is pressed (Streamlit runs it on click, off the page
        run): at 10M turns one dataset can be ~180 MB."""
        return to_safe_csv(queries.audit("quarantine_fixing_rows", dataset=dataset,
                                         source_file=source_file))

    st.download_button(
        f"Download the {dataset} rows for fixing (CSV)", data=_fixing_csv,
        file_name=f"{dataset}.csv", mime="text/csv", key="download_fixing",
        icon=":material/download:", on_click="ignore",
        help="Every quarantined row of this dataset (of the chosen file, if one is chosen) in "
             "the dataset's own columns plus the reason: fix the values, then load the file "
             "again (the reason, file and line columns are ignored).")

