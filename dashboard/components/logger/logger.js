// The live logger's recorder: a Streamlit custom component with no build step.
// It speaks Streamlit's component protocol (postMessage) directly, keeps every event in
// localStorage until the server has it in the journal (the `journal` arg), and takes every
// time from this browser's clock at the tap. See docs/logger.md.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const KEYS = "1234567890qwertyuioasdfghjklxcvbnm".split("");
  let args = null;          // the last render's arguments from Python
  let device = null;        // this browser's id (who holds the session)
  let pending = [];         // events made here that the journal does not have yet
  let journal = [];         // the server's journal as last rendered
  let sentAt = 0;           // when pending was last sent (performance.now ms)
  let helloSent = false;
  let counter = 0;
  const prefix = "e" + randomId(6);
  const anchorEpoch = Date.now();
  const anchorPerf = performance.now();

  // ------------------------------------------------------------------ protocol
  function post(type, data) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data), "*");
  }
  // The body's height, not the document's: the document is at least as tall as the frame,
  // so frame height + 8 would grow the frame by 8 px on every resize, without end.
  let frameHeight = 0;
  function setHeight() {
    const height = Math.ceil(document.body.getBoundingClientRect().height) + 8;
    if (height === frameHeight) return;
    frameHeight = height;
    post("streamlit:setFrameHeight", { height: height });
  }
  function send(events) {
    sentAt = performance.now();
    post("streamlit:setComponentValue", {
      value: { device: device, nonce: randomId(8), events: events }, dataType: "json",
    });
  }

  // ------------------------------------------------------------------ helpers
  function randomId(n) {
    const bytes = new Uint8Array(n);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
  }
  function store(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or blocked */ }
  }
  function load(key, fallback) {
    try { const v = localStorage.getItem(key); return v === null ? fallback : JSON.parse(v); }
    catch (e) { return fallback; }
  }
  const pendingKey = () => "copdash-logger:pending:" + args.session_id;
  const layoutKey = () => "copdash-logger:layout:" + args.session_id;
  const startKey = () => "copdash-logger:start:" + args.session_id;

  // Seconds since the session started, by this device's monotonic clock: performance.now
  // anchored to Date.now when the page opened, against the session's start (kept here
  // when this device started it). With the test clock on, the test sets the time
  // (window.__copdashClock, in seconds since the session started).
  function nowAt() {
    if (args.test_clock) return Number(window.__copdashClock || 0);
    const started = load(startKey(), args.started_ms);
    const ms = anchorEpoch - started + (performance.now() - anchorPerf);
    return Math.max(0, Math.round(ms) / 1000);
  }
  function clockText(seconds) {
    const s = Math.floor(seconds);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(r).padStart(2, "0");
  }

  // ------------------------------------------------------------------ state
  function allEvents() {
    const byId = new Map();
    for (const e of journal) byId.set(e.event_id, e);
    for (const e of pending) if (!byId.has(e.event_id)) byId.set(e.event_id, e);
    return Array.from(byId.values()).sort((a, b) => a.at - b.at);
  }
  // Who holds the floor, whether paused or ended, and the taps undo can take back.
  function state() {
    const events = allEvents();
    const undone = new Set(events.filter((e) => e.kind === "undo").map((e) => e.target));
    const live = events.filter((e) => !undone.has(e.event_id));
    let speaker = null, since = 0, paused = false, ended = false;
    const talk = {};
    for (const e of live) {
      if (["speak", "silence", "pause", "end"].includes(e.kind) && speaker !== null) {
        talk[speaker] = (talk[speaker] || 0) + (e.at - since);
        speaker = null;
      }
      if (e.kind === "speak") { speaker = e.member_id; since = e.at; paused = false; }
      if (e.kind === "pause") paused = true;
      if (e.kind === "resume") paused = false;
      if (e.kind === "end") ended = true;
    }
    const taps = live.filter((e) => e.kind === "speak" || e.kind === "silence");
    return { speaker, since, paused, ended, talk, lastTap: taps[taps.length - 1] || null };
  }
  function record(kind, fields) {
    if (args.read_only) return;
    const event = Object.assign({
      v: 1, event_id: prefix + (counter++).toString(36), session_id: args.session_id,
      at: nowAt(), kind: kind,
    }, fields || {});
    pending.push(event);
    store(pendingKey(), pending);
    draw();
    // a short pause gathers quick taps into one batch; the interval below resends
    setTimeout(() => { if (pending.length) send(pending.slice()); }, 250);
    return event;
  }

  // ------------------------------------------------------------------ actions
  function tap(memberId) {
    const s = state();
    if (s.ended || args.read_only) return;
    const fields = { member_id: memberId };
    const act = $("act").value;
    if (act) fields.act = act;
    fields.activity = $("small_group").checked ? "small_group" : "plenary";
    record("speak", fields);
    $("act").value = "";
    const button = document.querySelector(`[data-member="${CSS.escape(memberId)}"]`);
    if (button) { button.classList.add("flash"); setTimeout(() => button.classList.remove("flash"), 150); }
  }
  function silence() { if (!state().ended) record("silence"); }
  function pauseResume() {
    const s = state();
    if (s.ended) return;
    record(s.paused ? "resume" : "pause");
  }
  function undo() {
    const s = state();
    if (!s.ended && s.lastTap) record("undo", { target: s.lastTap.event_id });
  }
  function end() {
    const s = state();
    if (!s.ended && window.confirm("End the session? Taps stop here; you can still edit turns.")) {
      record("end");
    }
  }

  // ------------------------------------------------------------------ drawing
  // Where each person sits: where the observer dragged them, else round an ellipse fitted
  // to the room (half a seat off the top, so no two sit side by side at the top or the
  // bottom); never so near an edge that a button is cut off (a phone's room is narrow).
  function place() {
    const room = $("room");
    const buttons = Array.from(room.querySelectorAll(".person"));
    if (!buttons.length || !room.clientWidth) return;
    const saved = load(layoutKey(), {});
    const mx = (Math.max(...buttons.map((b) => b.offsetWidth)) / 2 + 4) / room.clientWidth;
    const my = (Math.max(...buttons.map((b) => b.offsetHeight)) / 2 + 4) / room.clientHeight;
    buttons.forEach((b, i) => {
      const angle = (2 * Math.PI * (i + 0.5)) / buttons.length - Math.PI / 2;
      const [x, y] = saved[b.dataset.member] ||
        [0.5 + (0.5 - mx) * Math.cos(angle), 0.5 + (0.5 - my) * Math.sin(angle)];
      b.style.left = (Math.min(1 - mx, Math.max(mx, x)) * 100) + "%";
      b.style.top = (Math.min(1 - my, Math.max(my, y)) * 100) + "%";
    });
  }
  function build() {
    const room = $("room");
    room.innerHTML = "";
    args.people.forEach((p, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "person";
      b.dataset.member = p.member_id;
      b.style.background = p.colour;
      const key = KEYS[i] || "";
      b.dataset.key = key;
      b.innerHTML = "";
      b.append(p.label);
      const type = document.createElement("span");
      type.className = "type";
      type.textContent = p.type_label + (p.where ? " · " + p.where : "");
      b.append(type);
      if (key) { const k = document.createElement("kbd"); k.textContent = key.toUpperCase(); b.append(k); }
      b.setAttribute("aria-label", `${p.label}, ${p.type_label}${key ? ", key " + key.toUpperCase() : ""}`);
      b.addEventListener("click", () => { if (!$("arrange").checked) tap(p.member_id); });
      dragging(b, p.member_id);
      room.append(b);
    });
    place();
    const legend = $("legend");
    legend.innerHTML = "";
    const seen = new Map();
    for (const p of args.people) seen.set(p.type_label, p.colour);
    for (const [label, colour] of seen) {
      const s = document.createElement("span");
      s.style.setProperty("--c", colour);
      s.textContent = label;
      legend.append(s);
    }
  }
  function dragging(button, memberId) {
    let moving = false;
    button.addEventListener("pointerdown", (ev) => {
      if (!$("arrange").checked) return;
      moving = true;
      button.setPointerCapture(ev.pointerId);
    });
    button.addEventListener("pointermove", (ev) => {
      if (!moving) return;
      const box = $("room").getBoundingClientRect();
      const x = Math.min(1, Math.max(0, (ev.clientX - box.left) / box.width));
      const y = Math.min(1, Math.max(0, (ev.clientY - box.top) / box.height));
      const saved = load(layoutKey(), {});
      saved[memberId] = [x, y];
      store(layoutKey(), saved);
      place();
    });
    button.addEventListener("pointerup", () => { moving = false; });
  }
  function draw() {
    if (!args) return;
    const s = state();
    document.querySelectorAll(".person").forEach((b) => {
      b.classList.toggle("speaking", b.dataset.member === s.speaker);
      b.disabled = s.ended || args.read_only;
      b.setAttribute("aria-pressed", String(b.dataset.member === s.speaker));
    });
    ["silence", "pause", "undo", "end"].forEach((id) => { $(id).disabled = s.ended || args.read_only; });
    $("pause").firstChild.textContent = s.paused ? "Resume " : "Pause ";
    $("pause").classList.toggle("on", s.paused);
    $("room").classList.toggle("arranging", $("arrange").checked);
    const who = args.people.find((p) => p.member_id === s.speaker);
    const waiting = pending.length;
    $("status").textContent = (s.ended ? "Session ended. " : s.paused ? "Paused. " :
      who ? `Speaking: ${who.label} since ${clockText(s.since)}. ` : "Nobody speaking. ") +
      (waiting ? `${waiting} event${waiting === 1 ? "" : "s"} kept on this device, not yet saved.`
               : "Every event saved.");
    const note = args.read_only
      ? "Read only: this session is being recorded on another device. Use “Take over” on the page to record here."
      : (args.people.length ? "" : "Nobody is ticked as present: tick who is present above before recording.");
    $("note").hidden = !note;
    $("note").textContent = note;
    drawShare(s);
    $("clock").textContent = clockText(nowAt());
  }
  function drawShare(s) {
    const table = $("share");
    table.hidden = !$("show_share").checked;
    if (table.hidden) return;
    const typeOf = {};
    for (const p of args.people) typeOf[p.member_id] = p.type_label;
    const talk = {}, present = {};
    let total = 0;
    for (const [m, secs] of Object.entries(s.talk)) { talk[typeOf[m]] = (talk[typeOf[m]] || 0) + secs; total += secs; }
    if (s.speaker !== null && !s.ended) {
      const open = Math.max(0, nowAt() - s.since);
      talk[typeOf[s.speaker]] = (talk[typeOf[s.speaker]] || 0) + open; total += open;
    }
    for (const p of args.people) present[p.type_label] = (present[p.type_label] || 0) + 1;
    const body = table.querySelector("tbody");
    body.innerHTML = "";
    for (const label of Object.keys(present)) {
      const row = document.createElement("tr");
      const pct = (x, n) => (n ? Math.round((100 * x) / n) + "%" : "–");
      row.innerHTML = "<td></td><td></td><td></td>";
      row.cells[0].textContent = label;
      row.cells[1].textContent = pct(talk[label] || 0, total);
      row.cells[2].textContent = pct(present[label], args.people.length) + ` (n = ${present[label]})`;
      body.append(row);
    }
  }

  // ------------------------------------------------------------------ wiring
  function onRender(newArgs) {
    const first = args === null || args.session_id !== newArgs.session_id ||
      JSON.stringify(args.people) !== JSON.stringify(newArgs.people);
    const sessionChanged = args === null || args.session_id !== newArgs.session_id;
    args = newArgs;
    journal = args.journal || [];
    if (sessionChanged) {
      pending = load(pendingKey(), []);
      if (args.started_here && load(startKey(), null) === null) store(startKey(), args.started_ms);
    }
    // the journal has them: they are safe, forget them here
    const saved = new Set(journal.map((e) => e.event_id));
    const before = pending.length;
    pending = pending.filter((e) => !saved.has(e.event_id));
    if (pending.length !== before) store(pendingKey(), pending);
    if (first) build();
    draw();
    setHeight();
    if (!helloSent) { helloSent = true; send(pending.slice()); }
  }
  window.addEventListener("message", (ev) => {
    if (ev.data && ev.data.type === "streamlit:render") onRender(ev.data.args);
  });
  $("silence").addEventListener("click", silence);
  $("pause").addEventListener("click", pauseResume);
  $("undo").addEventListener("click", undo);
  $("end").addEventListener("click", end);
  ["arrange", "show_share"].forEach((id) => $(id).addEventListener("change", () => { draw(); setHeight(); }));
  document.addEventListener("keydown", (ev) => {
    if (!args || ev.target.tagName === "SELECT" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const key = ev.key.toLowerCase();
    if (key === " ") { ev.preventDefault(); silence(); return; }
    if (key === "z") { undo(); return; }
    if (key === "p") { pauseResume(); return; }
    const i = KEYS.indexOf(key);
    if (i >= 0 && i < args.people.length) tap(args.people[i].member_id);
  });
  // resend what the journal does not have yet (offline, a lost message, a restarted server)
  setInterval(() => {
    if (args && pending.length && !args.read_only && performance.now() - sentAt > 2000) send(pending.slice());
  }, 1000);
  setInterval(draw, 250);
  window.addEventListener("resize", () => { place(); setHeight(); });
  device = load("copdash-logger:device", null);
  if (!device) { device = "d" + randomId(10); store("copdash-logger:device", device); }
  post("streamlit:componentReady", { apiVersion: 1 });
})();
