// The document view: select text, apply codes from the palette, see and
// change codings, filter them by code and coder, all without reloading.
//
// Data comes from <script type="application/json" id="document-data">
// (see web/coding/transcript.py: page_data). Offsets sent to the API are code
// points, converted from the browser's UTF-16 selection by selection.js.

import { announce } from "./announce.js";
import { get, pageData, patch, post } from "./api.js";
import { codeSwatch } from "./code_chip.js";
import { CodingPanel, shorten } from "./coding_panel.js";
import { CodingCounts } from "./coding_counts.js";
import { adjacentCoding, codingsAt } from "./coding_layout.js";
import { CodingsList, codingFromRecord, codingFromRow } from "./codings_list.js";
import { CodingPainter } from "./highlights.js";
import { CodePalette } from "./palette.js";
import { pushRecent } from "./palette_filter.js";
import { TranscriptText } from "./selection.js";

const data = pageData("document-data");
const root = document.getElementById("transcript");
const api = (path) => `/api/projects/${data.project}${path}`;

// ------------------------------------------------------------ state

const codeList = data.codes.map((code) => ({ ...code }));
const codes = new Map(codeList.map((code) => [code.id, code]));
let codings = data.codings.map((_, index) => codingFromRow(data, index));
let recent = data.recent;
let filters = {
  codes: data.filters.codes ? new Set(data.filters.codes) : null,
  coder: data.filters.coder,
};
let active = data.selected;
let lastSpan = null;

/** The ids of the codes the filters show, in order (none: every code). */
const chosenCodes = () => [...(filters.codes ?? [])].sort((a, b) => a - b);
const visible = (coding) =>
  (filters.codes === null || filters.codes.has(coding.codeId)) &&
  (filters.coder === null || coding.coder === filters.coder);
const shown = () => codings.filter(visible);
const byOrder = (a, b) => a.start - b.start || a.end - b.end || a.id - b.id;

// ------------------------------------------------------------ parts of the page

const text = new TranscriptText(root);
text.enableCaret(`Transcript of ${data.name} (read only: select text to code it)`);
const painter = new CodingPainter(text, codes);
const message = document.getElementById("coding-message");
const status = document.getElementById("selection-status");

function report(sentence, isError = false) {
  message.textContent = sentence;
  message.classList.toggle("coding-message--error", isError);
  announce(sentence);
}

function codingLink(id) {
  const params = new URLSearchParams();
  for (const codeId of chosenCodes()) params.append("code_id", codeId);
  if (filters.coder) params.set("coder", filters.coder);
  params.set("coding", String(id));
  return `${location.pathname}?${params}#coding-details`;
}

const list = new CodingsList({
  list: document.getElementById("codings-list"),
  form: document.getElementById("filters"),
  codes,
  link: codingLink,
  excerpt: (coding) => shorten(text.textOf(coding.start, coding.end), 100),
  // The server lists at most data.listLimit codings (those the filters show); more are drawn lazily.
  lazy: codings.length > data.listLimit,
  onFilter(chosen) {
    filters = chosen;
    redraw();
    rememberInUrl();
  },
});

// Every count on the page (header, "Showing…", filters, coders) is drawn here, in redraw().
const counts = new CodingCounts({
  total: document.querySelector('[data-testid="codings-total"]'),
  showing: document.getElementById("codings-count"),
  form: document.getElementById("filters"),
  empty: document.getElementById("codings-empty"),
  atLoad: codings.length,
});

/** A coding's code or span changed (`record` from the API): redraw it. */
function changed(record) {
  const old = codings.find((coding) => coding.id === record.id);
  const fresh = codingFromRecord(record, old?.memos ?? 0);
  codings = codings.map((coding) => (coding.id === record.id ? fresh : coding)).sort(byOrder);
  list.update(fresh, codings);
  redraw();
}

const panel = new CodingPanel(document.getElementById("coding-details"), {
  projectId: data.project,
  user: data.user,
  selection: () => lastSpan,
  changePalette: (id) => openPalette({ mode: "change", codingId: id }),
  onChanged: changed,
  onRemoved(record) {
    codings = codings.filter((coding) => coding.id !== record.id);
    list.remove(record.id);
    if (active === record.id) active = null;
    redraw();
    rememberInUrl();
  },
  onRestored(record) {
    added(codingFromRecord(record));
  },
  onMemos(id, count) {
    const coding = codings.find((c) => c.id === id);
    if (!coding) return;
    coding.memos = count;
    list.update(coding, codings); // its line in the list says how many memos it has
    redraw();
  },
  report,
});

/** Redraw the highlights, the list and every count from the current codings and filters. */
function redraw() {
  painter.paint(shown(), active);
  list.refresh(codings, visible);
  list.setActive(active);
  counts.render(codings, visible);
}

function rememberInUrl() {
  const params = new URLSearchParams(location.search);
  for (const key of ["code", "code_id", "coder", "coding"]) params.delete(key);
  for (const codeId of chosenCodes()) params.append("code_id", codeId);
  if (filters.coder) params.set("coder", filters.coder);
  if (active !== null) params.set("coding", String(active));
  const query = params.toString();
  history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
}

// ------------------------------------------------------------ coding

function added(coding) {
  codings = [...codings, coding].sort(byOrder);
  list.add(coding, codings);
  redraw();
}

async function apply(code, span) {
  try {
    const record = await post(api("/codings"), {
      document_id: data.document,
      code_id: code.id,
      start: span.start,
      end: span.end,
    });
    recent = pushRecent(recent, code.id);
    const coding = codingFromRecord(record);
    added(coding);
    const hidden = visible(coding) ? "" : " (hidden by the filters)";
    report(`Coded “${shorten(record.text, 60)}” with ${code.path}${hidden}.`);
  } catch (error) {
    report(error.message, true);
  }
}

async function changeCode(codingId, code) {
  const old = codings.find((coding) => coding.id === codingId);
  const before = old && {
    code_id: old.codeId,
    code: codes.get(old.codeId)?.path ?? "?",
    start: old.start,
    end: old.end,
  };
  try {
    const record = await patch(api(`/codings/${codingId}`), { code_id: code.id });
    recent = pushRecent(recent, code.id);
    changed(record);
    await panel.show(record.id, { focus: true });
    report(`The coding now has the code ${record.code}.`);
    if (before) panel.offerUndo(before, record);
  } catch (error) {
    report(error.message, true);
  }
}

function paletteCode(info) {
  return {
    id: info.id,
    name: info.name,
    path: Array.isArray(info.path) ? info.path.join(" > ") : info.name,
    colour: info.colour || "#777777",
    retired: Boolean(info.retired),
    depth: info.depth ?? 0,
    parent: info.parent_id ?? null,
  };
}

/** Create "Theme > Code" (the theme too when new); the palette then lists both. */
async function createCode(request) {
  const created = paletteCode(await post(api("/code-paths"), { path: request.path }));
  // The codebook in tree order, as the server now holds it (new themes included).
  const tree = (await get(api("/codes"))).map(paletteCode);
  codeList.splice(0, codeList.length, ...tree.map((code) => codes.get(code.id) ?? code));
  for (const code of codeList) codes.set(code.id, code);
  return codes.get(created.id) ?? created;
}

const palette = new CodePalette(document.getElementById("palette"), {
  codes: () => codeList,
  recent: () => recent,
  onChoose: (code) => paletteChoice?.(code),
  onCreate: createCode,
  onClose: () => paletteClosed?.(),
});
let paletteChoice = null;
let paletteClosed = null;

function openPalette({ mode, codingId = null }) {
  if (mode === "change") {
    const coding = codings.find((c) => c.id === codingId);
    const trigger = document.activeElement;
    paletteChoice = (code) => changeCode(codingId, code);
    paletteClosed = () => trigger?.isConnected && trigger.focus();
    palette.open({
      title: "Change the code",
      target: coding ? `Of: “${shorten(text.textOf(coding.start, coding.end), 90)}”` : "",
    });
    return;
  }
  const span = lastSpan;
  if (!span) {
    report("Select some text in the transcript first (mouse, or Shift and the arrow keys).", true);
    return;
  }
  paletteChoice = (code) => apply(code, span);
  paletteClosed = () => {
    root.focus({ preventScroll: true });
    text.select(span.start, span.end);
  };
  const quoted = shorten(text.textOf(span.start, span.end), 90);
  palette.open({ title: "Apply a code", target: `To: “${quoted}”` });
}

// ------------------------------------------------------------ opening codings

/** Show coding `id`: mark it, list it, show its details; scroll to it unless it was clicked. */
function open(id, { focus = false, select = false, reveal = true } = {}) {
  const coding = codings.find((c) => c.id === id);
  if (!coding) return;
  active = id;
  painter.setActive(visible(coding) ? coding : null);
  list.setActive(id);
  if (select) {
    text.select(coding.start, coding.end);
    lastSpan = { start: coding.start, end: coding.end };
  }
  if (reveal) text.reveal(coding.start);
  list.reveal(id);
  panel.show(id, { focus });
  rememberInUrl();
}

function describe(coding) {
  const code = codes.get(coding.codeId);
  const swatch = codeSwatch(code?.colour);
  const quoted = shorten(text.textOf(coding.start, coding.end), 50);
  return [swatch, ` ${code?.path ?? "?"} (${coding.coder}): “${quoted}”`];
}

function showAt(position, { focus }) {
  const here = codingsAt(shown(), position);
  if (here.length === 1) open(here[0].id, { focus, reveal: false });
  else if (here.length > 1) {
    panel.showChoice(here, describe, (coding) => open(coding.id, { focus: true }));
    if (focus) panel.heading?.focus();
  } else if (focus) report("No coding here.");
}

function jump(direction) {
  const visibleNow = shown();
  const current = codings.find((c) => c.id === active);
  const from = text.caret() ?? current?.start ?? (direction > 0 ? -1 : Infinity);
  // From the chosen coding itself when the caret sits at its end (it was just selected).
  const position = current && from === current.end ? current.start : from;
  const target = adjacentCoding(visibleNow, position, direction);
  if (!target) {
    // A long document is paged: its other codings are on the other pages.
    const here = data.page ? " on this page" : "";
    report(direction > 0 ? `No more codings after this one${here}.` : `No codings before this one${here}.`);
    return;
  }
  open(target.id, { select: true });
  const code = codes.get(target.codeId);
  const quoted = shorten(text.textOf(target.start, target.end), 60);
  const place = `${visibleNow.indexOf(target) + 1} of ${visibleNow.length}`;
  announce(`Coding ${place}: ${code?.path}, “${quoted}”`);
}

// ------------------------------------------------------------ keyboard

async function selectUnit(unit) {
  const caret = text.caret();
  if (caret === null) return;
  let span = null;
  if (unit === "turn") span = text.turnAt(caret);
  const block = text.blockAt(caret);
  if (unit === "paragraph" && block) span = block;
  if (unit === "sentence" && block) {
    // The server's sentence: the one extending, auto-coding and hit coding take.
    try {
      span = await get(api(`/documents/${data.document}/sentence?at=${Math.min(caret, block.end)}`));
    } catch (error) {
      report(error.message, true);
      return;
    }
    if (text.caret() !== caret) return; // the reader moved on meanwhile
  }
  if (!span) return;
  text.select(span.start, span.end);
  lastSpan = { start: span.start, end: span.end };
  announce(`Selected the ${unit}: “${shorten(text.textOf(span.start, span.end), 80)}”`);
}

const UNITS = { s: "sentence", p: "paragraph", t: "turn" };

root.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const span = text.selectedSpan();
  if (key === "c" || (key === "Enter" && span)) {
    event.preventDefault();
    if (span) lastSpan = span;
    openPalette({ mode: "apply" });
  } else if (/^[1-9]$/.test(key)) {
    event.preventDefault();
    const code = codes.get(recent[Number(key) - 1]);
    if (!span) report("Select some text first, then press the number of a recent code.", true);
    else if (!code) report(`There is no recent code ${key} yet: press C to choose a code.`, true);
    else apply(code, span);
  } else if (key === "Enter" || key === "i") {
    event.preventDefault();
    const caret = text.caret();
    if (caret !== null) showAt(caret, { focus: true });
  } else if (key in UNITS) {
    event.preventDefault();
    selectUnit(UNITS[key]);
  } else if (key === "]" || key === "[") {
    event.preventDefault();
    jump(key === "]" ? 1 : -1);
  } else if (key === "Escape") {
    const caret = text.caret();
    if (caret !== null && span) text.placeCaret(caret);
  } else if (key === "?") {
    event.preventDefault();
    const help = document.getElementById("keyboard-help");
    help.open = true;
    help.querySelector("summary").focus();
  }
});

// ------------------------------------------------------------ mouse and selection

root.addEventListener("click", (event) => {
  const bar = event.target.closest(".bar");
  if (bar) {
    open(Number(bar.dataset.coding), { reveal: false });
    return;
  }
  const selection = window.getSelection();
  if (selection && selection.isCollapsed) {
    const caret = text.caret();
    if (caret !== null) showAt(caret, { focus: false });
  }
});

let pending = false;
document.addEventListener("selectionchange", () => {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    const selection = window.getSelection();
    if (!selection || !selection.anchorNode || !root.contains(selection.anchorNode)) return;
    const span = text.selectedSpan();
    if (span) {
      lastSpan = span;
      const length = span.end - span.start;
      const characters = `${length.toLocaleString("en-GB")} character${length === 1 ? "" : "s"}`;
      const quoted = shorten(text.textOf(span.start, span.end), 48);
      status.textContent = `Selected ${characters}: “${quoted}”`;
    } else if (selection.isCollapsed) {
      lastSpan = null;
      status.textContent = "Nothing selected.";
    }
  });
});

document.getElementById("codings-list").addEventListener("click", (event) => {
  const link = event.target.closest("li[data-coding] > a");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  open(Number(link.parentElement.dataset.coding), { focus: true, select: true });
});

const codeButton = document.getElementById("code-selection");
codeButton.hidden = false;
codeButton.addEventListener("click", () => openPalette({ mode: "apply" }));
status.hidden = false;
document.getElementById("keyboard-help").hidden = false;

// ------------------------------------------------------------ start

redraw();
if (data.passage) {
  const [start, end] = data.passage;
  text.select(start, end);
  lastSpan = { start, end };
  document.getElementById("passage")?.scrollIntoView({ block: "center" });
} else if (active !== null) {
  const coding = codings.find((c) => c.id === active);
  if (coding) text.reveal(coding.start);
  list.reveal(active);
}
// The page is ready: on the timeline for the benchmarks (benchmarks/document_view_browser.py).
performance.mark("document-view-ready");
document.body.classList.add("document-view--ready");
