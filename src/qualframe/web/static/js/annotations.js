// Annotations in the document view: notes (memos) anchored to a passage of
// the text without a coding. Each is marked in the text with a dashed
// underline (a CSS highlight, so the text's offsets never change) and a
// ✎ marker beside its first line: a button that selects the passage and
// shows the note in the "Memos" section. Select text and press A (or
// "Annotate") to write one; it is saved through the JSON API and the
// section is redrawn from the server.
//
// The annotations are read from the memos section's passage links
// (data-start, data-end: code points), so the page and this script never
// disagree. Memos are few: this costs nothing at 10,000 codings.

import { announce } from "./announce.js";
import { pageData, post } from "./api.js";
import { highlightsSupported } from "./highlights.js";
import { TranscriptText } from "./selection.js";

const HIGHLIGHT = "qf-annotation";
const inPage = typeof document !== "undefined";
const data = inPage ? pageData("document-data") : null;
const root = inPage ? document.getElementById("transcript") : null;

/** Shorten `text` to `limit` characters on one line, with "…". */
export function shortText(text, limit) {
  const flat = text.replace(/\s+/gu, " ").trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1).trimEnd()}…`;
}

/**
 * The annotations of the memos section: {memo, title, start, end} of each
 * passage link, in text order.
 * @param {ParentNode} section
 */
export function annotationsIn(section) {
  return [...section.querySelectorAll("[data-annotation]")]
    .map((link) => ({
      memo: Number(link.dataset.memo),
      title: link.dataset.title ?? "",
      start: Number(link.dataset.start),
      end: Number(link.dataset.end),
    }))
    .filter((note) => Number.isFinite(note.start) && note.end > note.start)
    .sort((a, b) => a.start - b.start || a.end - b.end || a.memo - b.memo);
}

class Annotations {
  constructor() {
    this.text = new TranscriptText(root);
    this.dialog = document.getElementById("annotate");
    this.form = document.getElementById("annotate-form");
    this.message = document.getElementById("annotate-message");
    this.target = document.getElementById("annotate-target");
    this.button = document.getElementById("annotate-selection");
    this.status = document.getElementById("coding-message");
    this.markers = [];
    this.lastSpan = null;
    this.span = null;
    this.busy = false;
    this._listen();
    this.button.hidden = false;
    this.draw();
  }

  get section() {
    return document.getElementById("document-memos");
  }

  _listen() {
    root.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (event.key !== "a" && event.key !== "A") return;
      event.preventDefault();
      this.open(this.text.selectedSpan() ?? null);
    });
    // The last selection in the transcript (a click on "Annotate" may move the focus
    // away from it), read once per frame however fast the selection moves.
    let pending = false;
    document.addEventListener("selectionchange", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        const selection = window.getSelection();
        if (!selection?.anchorNode || !root.contains(selection.anchorNode)) return;
        const span = this.text.selectedSpan();
        if (span) this.lastSpan = span;
        else if (selection.isCollapsed) this.lastSpan = null;
      });
    });
    this.button.addEventListener("click", () => this.open(this.text.selectedSpan() ?? this.lastSpan));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    this.dialog.querySelector("[data-annotate-close]").addEventListener("click", () => this.dialog.close());
    this.dialog.addEventListener("close", () => {
      if (!this.span) return;
      root.focus({ preventScroll: true });
      this.text.select(this.span.start, this.span.end);
    });
    document.addEventListener("click", (event) => {
      const link = event.target.closest?.("#document-memos [data-annotation]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      if (!this._onPage(Number(link.dataset.start))) return; // another page: follow the link
      event.preventDefault();
      this.show({ start: Number(link.dataset.start), end: Number(link.dataset.end), title: link.dataset.title });
    });
  }

  _report(sentence, isError = false) {
    this.status.textContent = sentence;
    this.status.classList.toggle("coding-message--error", isError);
    announce(sentence);
  }

  /** Whether code point `position` is in the text this page shows. */
  _onPage(position) {
    const page = data.page;
    return !page || (page.start <= position && position < page.end);
  }

  /** Open the dialog on `span` ({start, end}); without one, say how to select. */
  open(span) {
    if (!span) {
      this._report("Select some text in the transcript first, then press A to annotate it.", true);
      return;
    }
    this.span = { start: span.start, end: span.end };
    this.target.textContent = `On: “${shortText(this.text.textOf(span.start, span.end), 120)}”`;
    this.message.textContent = "";
    this.dialog.showModal();
    this.form.querySelector("[name=body]").focus();
  }

  async save() {
    if (this.busy || !this.span) return;
    const fields = new FormData(this.form);
    const title = String(fields.get("title") ?? "").trim();
    this.busy = true;
    try {
      const memo = await post(`/api/projects/${data.project}/documents/${data.document}/annotations`, {
        start: this.span.start,
        end: this.span.end,
        title: title || null,
        kind: fields.get("kind"),
        body: String(fields.get("body") ?? ""),
      });
      this.form.reset(); // saved: the text is kept only until then
      const span = this.span;
      this.dialog.close();
      await this.refresh();
      this.text.select(span.start, span.end);
      this._report(`Saved the annotation “${memo.title}”.`);
    } catch (error) {
      this.message.textContent = error.message; // the typed text stays in the form
      announce(error.message);
    } finally {
      this.busy = false;
    }
  }

  /** Redraw the memos section from the server, then the marks. */
  async refresh() {
    const section = this.section;
    try {
      const response = await fetch(section.dataset.panel, { credentials: "same-origin" });
      if (!response.ok) throw new Error(`The server answered ${response.status}.`);
      const holder = document.createElement("div");
      holder.innerHTML = await response.text();
      const fresh = holder.querySelector("#document-memos");
      if (fresh) section.replaceWith(fresh);
    } catch (error) {
      this._report(`The annotation was saved, but the memos list could not be redrawn: reload the page. ${error.message}`, true);
    }
    this.draw();
  }

  /** Mark every annotation on this page: the highlight and a marker each. */
  draw() {
    const section = this.section;
    section.querySelector("[data-annotate-hint]")?.removeAttribute("hidden");
    const notes = annotationsIn(section).filter((note) => this._onPage(note.start) || this._onPage(note.end - 1));
    if (highlightsSupported()) {
      const ranges = notes.flatMap((note) => this.text.pieceRanges(note.start, note.end));
      const highlight = new Highlight(...ranges);
      highlight.priority = 4;
      CSS.highlights.set(HIGHLIGHT, highlight);
    }
    for (const marker of this.markers) marker.remove();
    this.markers = notes.map((note) => this._marker(note)).filter(Boolean);
  }

  _marker(note) {
    const block = this.text.blockAt(Math.max(note.start, data.page?.start ?? 0));
    if (!block || block.start >= note.end) return null;
    const marker = document.createElement("button");
    marker.type = "button";
    marker.className = "annotation-marker";
    marker.contentEditable = "false";
    marker.dataset.memo = String(note.memo);
    marker.setAttribute("aria-label", `Annotation: ${note.title}`);
    marker.title = `Annotation: ${note.title}`;
    marker.textContent = "✎";
    // Its keys are its own: the transcript's shortcuts (Enter shows a coding) stay out.
    marker.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") event.stopPropagation();
    });
    marker.addEventListener("click", (event) => {
      event.preventDefault();
      this.show(note, { toList: true });
    });
    block.element.classList.add("block--annotated");
    block.element.append(marker);
    this._place(marker, block, note);
    return marker;
  }

  /** Put the marker beside the first line of the passage (measured once laid out). */
  _place(marker, block, note) {
    const range = this.text.pieceRanges(Math.max(note.start, block.start), Math.min(note.end, block.end))[0];
    if (!range) return;
    const live = document.createRange();
    live.setStart(range.startContainer, range.startOffset);
    live.setEnd(range.endContainer, range.endOffset);
    const top = live.getClientRects()[0]?.top;
    const base = block.element.getBoundingClientRect().top;
    if (top !== undefined && (top !== 0 || base !== 0)) marker.style.top = `${Math.max(0, top - base)}px`;
  }

  /** Select an annotation's passage; `toList`: then move to its memo in the list. */
  show(note, { toList = false } = {}) {
    this.text.select(note.start, note.end);
    this.lastSpan = { start: note.start, end: note.end };
    this.text.reveal(note.start);
    const quoted = shortText(this.text.textOf(note.start, note.end), 80);
    if (toList) {
      const item = document.getElementById(`doc-memo-${note.memo}`);
      item?.scrollIntoView({ block: "nearest" });
      item?.focus({ preventScroll: true });
    } else {
      root.focus({ preventScroll: true });
      this.text.select(note.start, note.end);
    }
    announce(`Annotation “${note.title}” on “${quoted}”.`);
  }
}

if (root && data) new Annotations();
