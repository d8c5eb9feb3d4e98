"""Live logger: an observer records who speaks, when and for how long, during a meeting in
a room (issue 14).

Setup (the meeting, chosen or created on the spot; who is present, with members added on
the spot; in the room or remote) becomes the first events of a journal beside the database
(dashboard/logger_forms.py has the forms for what is created); the recorder
(dashboard/components/logger) takes each tap's time in the browser and sends events in
batches, inside a fragment so a tap never reruns the page; "Finish and load" loads the
journal through the contracts (pipelines.logger), creating what the set-up created. The
session is in the address (?session=...), so a reload or a restarted server resumes it.
"""

import datetime
import json
import os

import pandas as pd
import streamlit as st

from dashboard import logger_forms, logger_session, queries, ui
from dashboard.components.logger import recorder
from pipelines.logger import setup as creation
from pipelines.logger import store
from pipelines.logger.journal import journal_to_rows, parse_journal

st.title("Live logger")
st.caption("Record who speaks, when and for how long, as an in-person or hybrid meeting "
           "happens. Every tap is timed by this device and kept on it until the server "
           "has saved it, so a reload or a dropped network loses nothing.")

cops = queries.call("communities")
if cops.empty:
    ui.empty_state("communities of practice",
                   "Load a communities file (and its members) on the Import files page first; "
                   "the logger records a meeting of a CoP.")
    st.stop()
meetings = queries.audit("logger_meetings")

db = queries.settings().db_path
session_id = st.query_params.get("session")
if session_id and not store.session_path(db, session_id).exists():
    st.warning(f"No recording session '{session_id}' is kept beside this database; start "
               "a new one below.", icon=":material/warning:")
    session_id = None


def _meeting_label(meeting_id: str, held_on, mode: str, venue: object, note: str = "") -> str:
    place = f", {venue}" if isinstance(venue, str) and venue else ""
    day = pd.to_datetime(held_on, errors="coerce")  # a hand-made journal's date may be no date
    return (f"{meeting_id} ({f'{day:%d %b %Y}' if pd.notna(day) else held_on}, "
            f"{'hybrid' if mode == 'hybrid' else 'in person'}{place}){note}")


def _setup() -> None:
    """Choose or create the meeting and who is present (adding members not on the list);
    starting writes the journal's first events, after the contracts' dry run of anything
    created."""
    unfinished = [s for s in store.list_sessions(db) if not s.finished]
    if unfinished:
        with st.expander(f"Resume a session ({len(unfinished)} not ended)"):
            labels = {s.session_id: f"{s.meeting_id}, started {s.started_at} "
                      f"({s.events} events)" for s in unfinished}
            chosen = st.selectbox("Session", list(labels), format_func=labels.get,
                                  key="logger_resume_choice")
            if st.button("Resume", key="logger_resume"):
                st.query_params["session"] = chosen
                st.rerun()
    st.subheader("1. The meeting")
    names = dict(zip(cops["cop_id"], cops["name"], strict=True))
    cop_id = st.selectbox("Community of practice", list(names), format_func=names.get,
                          key="logger_cop")
    theirs = meetings[meetings["cop_id"] == cop_id]
    labels = {row.meeting_id: _meeting_label(row.meeting_id, row.held_on, row.mode, row.venue)
              for row in theirs.itertuples()}
    modes = dict(zip(theirs["meeting_id"], theirs["mode"], strict=True))
    in_journals = creation.ids_in_journals(db)  # ids new meetings and members must not take
    pending = {i: found for i, found in in_journals.items()
               if found.kind == "meeting" and found.cop_id == cop_id and i not in labels}
    for meeting_id, found in pending.items():
        labels[meeting_id] = _meeting_label(
            meeting_id, found.fields.get("held_on"), found.fields.get("mode"),
            found.fields.get("venue"), f", created by session {found.session_id}, not loaded yet")
        modes[meeting_id] = found.fields.get("mode")
    choices = {"list": "A meeting in the list", "new": "A new meeting"}
    source = st.radio("Meeting", list(choices) if labels else ["new"], format_func=choices.get,
                      horizontal=True, key="logger_meeting_source",
                      help="A meeting in the list is in the database (in person or hybrid), or "
                           "is being recorded by another observer's session. A new meeting is "
                           "created when you finish and load.")
    if source == "list":
        meeting_id = st.selectbox("Meeting", list(labels), format_func=labels.get,
                                  key="logger_meeting")
        created = pending[meeting_id].fields if meeting_id in pending else None
        hybrid = modes[meeting_id] == "hybrid"
        table_key = f"logger_present_{meeting_id}"
    else:
        meeting_id, created = logger_forms.new_meeting(cop_id, in_journals)
        hybrid = created["mode"] == "hybrid"
        table_key = f"logger_present_new_{cop_id}"
    st.subheader("2. Who is present")
    members = queries.audit("logger_members", cop_id=cop_id)
    logger_forms.add_member(cop_id, members, in_journals)
    added = logger_forms.added_members(cop_id)
    table = logger_session.present_table(members, added)
    columns = {"member_id": st.column_config.TextColumn("Member", disabled=True),
               "member_type": st.column_config.TextColumn("Member type", disabled=True),
               "role": st.column_config.TextColumn("Role", disabled=True),
               "added": st.column_config.CheckboxColumn(
                   "Added now", disabled=True, help="Added here; created when you finish."),
               "present": st.column_config.CheckboxColumn("Present")}
    if hybrid:
        columns["in_room"] = st.column_config.CheckboxColumn(
            "In the room", help="Ticked: in the room; unticked: joining remotely.")
    else:
        table = table.drop(columns="in_room")
    if not added:
        table = table.drop(columns="added")
    ticked = st.data_editor(table, placeholder="–", column_config=columns, hide_index=True,
                            key=table_key, width="stretch",  # the ticks first: at 390 px too
                            column_order=[c for c in ("present", "member_id", "in_room",
                                                      "member_type", "role", "added")
                                          if c in table.columns])
    observer = st.text_input("Observer (initials)", key="logger_observer", max_chars=20)
    present = {row.member_id: (("in_person" if row.in_room else "online") if hybrid else None)
               for row in ticked[ticked["present"]].itertuples()}
    st.caption(f"{len(present)} of {len(table)} members ticked present.")
    if st.button("Start recording", type="primary", key="logger_start"):
        if not present:
            st.error("Tick at least one member present: a tap needs someone to tap.",
                     icon=":material/error:")
            return
        now = datetime.datetime.now(datetime.UTC).astimezone()
        new_id = logger_session.new_session_id(now)
        new_members = {m["member_id"]: {k: v for k, v in m.items() if k != "member_id"}
                       for m in added if m["member_id"] in present}
        events = logger_session.setup_events(
            new_id, meeting_id=meeting_id, cop_id=cop_id, observer=observer, started=now,
            present=present, new_meeting=created, new_members=new_members)
        if created or new_members:
            with st.spinner("Checking the new meeting and members against the data contracts…"):
                problems = creation.plan(parse_journal(events), db, setting_up=True).problems
            for problem in problems:
                st.error(problem, icon=":material/error:")
            if problems:
                return
        store.append_events(db, new_id, events)
        st.session_state["logger_added"].pop(cop_id, None)
        st.session_state["logger_started_here"] = new_id
        st.query_params["session"] = new_id
        st.rerun()


if not session_id:
    _setup()
    st.stop()

path = store.session_path(db, session_id)
first = next((e for e in store.read_events(path) if e.get("kind") == "session"), {})
held = meetings[meetings["meeting_id"] == first.get("meeting_id")]
cop_of_session = str(first.get("cop_id") or (held["cop_id"].iloc[0] if len(held) else ""))
members = queries.audit("logger_members", cop_id=cop_of_session)
started = datetime.datetime.fromisoformat(first.get("started_at", "1970-01-01T00:00:00+00:00"))
st.markdown(f"**Meeting {first.get('meeting_id')}**, session `{session_id}`, started "
            f"{started:%d %b %Y %H:%M}.")
test_clock = os.environ.get("COPDASH_LOGGER_TEST_CLOCK") == "1"


if isinstance(first.get("new_meeting"), dict):
    hybrid = first["new_meeting"].get("mode") == "hybrid"
else:
    hybrid = (held["mode"].iloc[0] == "hybrid") if len(held) else any(
        e.get("attended_via") for e in store.read_events(path) if e.get("kind") == "present")


def _arrived(events: list[dict]) -> bool:
    """"Someone arrived": a `present` event at the session's time (with `new_member` when
    created on the spot, checked by the same dry run as set-up). True when it was written."""
    present = {e["member_id"] for e in events if e.get("kind") == "present"}
    if not cop_of_session:
        return False
    chosen = logger_forms.arrival(cop_of_session, members, present, hybrid,
                                  creation.ids_in_journals(db, but=session_id),
                                  can_add=bool(first.get("cop_id")))
    if chosen is None:
        return False
    member_id, via, new_member = chosen
    at = logger_session.session_time(events, started, datetime.datetime.now(datetime.UTC))
    event = logger_session.arrival_event(session_id, member_id, at=at, via=via,
                                         new_member=new_member)
    if new_member:
        session = next(e for e in events if e.get("kind") == "session")
        problems = creation.plan(parse_journal([session, event]), db, setting_up=True).problems
        for problem in problems:
            st.error(problem, icon=":material/error:")
        if problems:
            return False
    store.append_events(db, session_id, [event])
    st.success(f"{member_id} is present from {logger_session.clock(at)}: their button is on "
               "the recorder.", icon=":material/person_add:")
    return True


@st.fragment
def _record() -> None:
    """The recorder and "Someone arrived" below it; the recorder's batches of events are
    appended here, and only this reruns. An arrival is written before the recorder is drawn
    (it sits above, in a container), so its button comes in the same run, with no rerun."""
    events = store.read_events(path)
    above = st.container()
    holder = logger_session.owner(db, session_id)
    device = st.session_state.get("logger_device")
    recording_here = not (holder and device and device != holder)
    if recording_here and not any(e.get("kind") == "end" for e in events) and _arrived(events):
        events = store.read_events(path)
    with above:
        _tapped(events)


def _tapped(events: list[dict]) -> None:
    """Draw the recorder and append the batch of events it sent, if any."""
    holder = logger_session.owner(db, session_id)
    device = st.session_state.get("logger_device")
    read_only = bool(holder and device and device != holder)
    batch = recorder(session_id=session_id, people=logger_session.people(events, members),
                     journal=[e for e in events if e.get("kind") not in ("session", "present")],
                     started_ms=int(started.timestamp() * 1000),
                     started_here=st.session_state.get("logger_started_here") == session_id,
                     read_only=read_only, test_clock=test_clock, key=f"logger_{session_id}")
    if not isinstance(batch, dict) or not isinstance(batch.get("device"), str):
        return
    st.session_state["logger_device"] = batch["device"]
    if holder is None:
        logger_session.take_over(db, session_id, batch["device"])
        holder = batch["device"]
    if batch["device"] != holder:
        if not read_only:
            st.rerun(scope="fragment")
        if st.button("Take over: record on this device", key="logger_take_over"):
            logger_session.take_over(db, session_id, batch["device"])
            st.rerun(scope="fragment")
        return
    sent = logger_session.clean(batch, session_id)
    if store.append_events(db, session_id, sent):
        # tell the browser what the journal now holds; an end enables "Finish and load",
        # outside the fragment, so the whole page runs once then
        st.rerun(scope="app" if any(e["kind"] == "end" for e in sent) else "fragment")


_record()

st.subheader("Recorded turns")
st.caption("Change a turn's speaker, start, duration (seconds since the session started), "
           "act or activity here; each change is kept in the journal as an edit. A change that "
           "would make two turns overlap, or reach past the session, is refused with the "
           "reason: shorten or move the other turn first. The table shows the turns saved when "
           "the page last ran.")
for refused in st.session_state.pop("logger_edit_refused", []):
    st.error(refused, icon=":material/error:")
events = store.read_events(path)
# An edit is made in the table as it was drawn; taps appended since (by the recorder's
# fragment) would change the table, and so the editor's identity, losing the edit. So an
# edit pending on the table last drawn is read against that table (the journal's first
# events, as many as then: it only grows), and checked against the whole journal.
drawn = st.session_state.get("logger_table_drawn")
pending_edit = (isinstance(drawn, tuple) and drawn[0] == session_id and drawn[1] < len(events)
                and bool((st.session_state.get(f"logger_edit_{drawn[1]}") or {})
                         .get("edited_rows")))
table_events = events[:drawn[1]] if pending_edit else events
turns, _ = journal_to_rows(table_events)
if turns.empty:
    st.info("No turns recorded yet: tap a person on the recorder.", icon=":material/info:")
else:
    shown = logger_session.editable(turns, session_id)
    speakers = [p["member_id"] for p in logger_session.people(events, members)]
    edit_key = f"logger_edit_{len(table_events)}"
    st.session_state["logger_table_drawn"] = (session_id, len(table_events))
    edited = st.data_editor(
        shown, placeholder="–", key=edit_key, width="stretch",
        column_config={
            "_index": st.column_config.TextColumn("Tap", disabled=True),
            "Speaker": st.column_config.SelectboxColumn("Speaker", options=speakers),
            "Start (s)": st.column_config.NumberColumn("Start (s)", step=0.1, format="%.2f"),
            "Duration (s)": st.column_config.NumberColumn("Duration (s)", step=0.1,
                                                          format="%.2f"),
            "Act": st.column_config.SelectboxColumn("Act", options=[""] + logger_session.ACTS),
            "Activity": st.column_config.SelectboxColumn(
                "Activity", options=[""] + logger_session.ACTIVITIES),
        })
    changes, refused = logger_session.checked_edits(events, logger_session.edit_events(
        shown, edited, session_id, at=max(float(e.get("at", 0)) for e in events)))
    if changes:
        store.append_events(db, session_id, changes)
        st.session_state["logger_table_drawn"] = (session_id, len(events) + len(changes))
    if refused:
        st.session_state["logger_edit_refused"] = refused
        del st.session_state[edit_key]  # the table shows the turns as they are again
    if changes or refused:
        st.rerun()
st.button("Refresh the table", key="logger_refresh")

st.subheader("Finish")
ended = any(e.get("kind") == "end" for e in events)
st.download_button("Download the journal (.jsonl)",
                   "".join(json.dumps(e, sort_keys=True) + "\n" for e in events),
                   file_name=f"{session_id}.jsonl", mime="application/jsonl",
                   key="logger_download")
if st.button("Finish and load", type="primary", key="logger_finish", disabled=not ended,
             help=None if ended else "End the session on the recorder first."):
    try:
        from pipelines.logger.finish import finish
    except ImportError:
        st.info("Loading a journal arrives with `copdash logger replay`; meanwhile download "
                "the journal and load it with that command.", icon=":material/info:")
        st.stop()
    from pipelines.errors import CopdashError

    bar = st.progress(0.0, text="Starting…")
    try:
        report = finish(path, db, progress=lambda done, total, text: bar.progress(
            min(done / max(total, 1), 1.0), text=text))
    except CopdashError as problem:
        st.error(str(problem), icon=":material/error:")
        st.stop()
    bar.empty()
    quarantined = report.quarantined
    for note in report.notes:
        st.info(note, icon=":material/info:")
    handed = f"{report.turns} speaking turns and {report.attendance} attendance rows"
    if report.created:
        st.success(f"Created {' and '.join(report.created)} in the database.",
                   icon=":material/add_circle:")
    if quarantined.empty:
        st.success(f"Loaded {handed} of meeting {report.meeting_id}. Finishing again changes "
                   "nothing.", icon=":material/check_circle:")
    else:
        st.warning(f"Of {handed} of meeting {report.meeting_id}, {len(quarantined)} row(s) were "
                   "kept aside (quarantined) with the reason below; the rest are loaded. Fix them "
                   "with an edit above and finish again.", icon=":material/warning:")
        st.dataframe(quarantined.rename(columns={
            "dataset": "Data", "line_number": "Row", "rule": "Rule", "message": "What to fix"}),
            hide_index=True, placeholder="–")
if not ended:
    st.caption("End the session on the recorder (End session) to finish and load it.")
if st.button("Start another session", key="logger_new"):
    del st.query_params["session"]
    st.rerun()
