// The cell editor: a side panel beside the grid (templates/matrix/_editor.html,
// a non-modal dialog, so the grid stays visible and usable) showing one
// cell's summary and status, its linked quotes, the coded excerpts it can
// quote, and its history; every change goes through the JSON API. The rules
// (what saving does, counts, conflicts) are in cell_logic.js.
// Every change states the version of the cell the editor last got (from
// opening it, then from each of its own changes): when someone else changed
// the cell meanwhile, the server refuses (409) and the editor shows the
// stored summary beside what was typed, to keep either.
// A quote may be only a passage of its coding (one key sentence of a long
// turn): select words in the quote and choose "Quote only this", or, without
// a mouse, choose it to get the whole coding in a read-only box, select the
// words there with Shift and the arrow keys, and choose "Quote only this"
// again; "Quote whole coding" undoes it.
// The panel lists the memos on the cell and writes new ones ("Add memo on
// this cell"); the grid marks the cells having memos, with how many.
// "Use this cell as evidence…" (a stored cell) and each quote's "Use as
// evidence…" open the change-model evidence dialog (evidence_picker.js).

import { announce } from "./announce.js";
import { del, get, post, put } from "./api.js";
import {
  cellKey,
  cellQuery,
  countsText,
  formatWhen,
  isDirty,
  isSaveShortcut,
  isStale,
  markDonePlan,
  moveItem,
  passageSelection,
  plural,
  rebaseOnStored,
  refusalText,
  savePlan,
  selectedPassage,
  versioned,
  versionedQuery,
} from "./cell_logic.js";
import { actionButton, evidenceButton, memoMarker, passage, passageChooser, selectionIn } from "./cell_parts.js";
import { element } from "./matrix_grid.js";

const ROW_KINDS = { participant: "Participant", case: "Case", group: "Group" };

export class CellEditor {
  /**
   * @param {HTMLDialogElement} dialog
   * @param {{projectId: number, includeSubcodes: boolean, statuses: Object<string, string>,
   *          onChange: Function, onClose: Function}} options
   *   onChange(cell) after every saved change; onClose() once the dialog is closed
   */
  constructor(dialog, { projectId, includeSubcodes, statuses, onChange, onClose }) {
    this.dialog = dialog;
    this.base = `/api/projects/${projectId}/matrix/cell`;
    this.includeSubcodes = includeSubcodes;
    this.statuses = statuses;
    // Every change shown in the grid keeps the cell's memo marker.
    this.onChange = (cell) => { onChange(cell); this.markMemos(cell.row_kind, cell.row, cell.code_id); };
    this.onClose = onClose;
    this.projectId = projectId;
    this.grid = dialog.closest("#matrix-workspace")?.querySelector("#matrix-grid") ?? null;
    this.memoCounts = new Map();
    this.summary = dialog.querySelector("#cell-summary");
    this.status = dialog.querySelector("#cell-status");
    this.detail = null;
    this.version = null;
    this.original = { summary: "", status: "empty" };
    this.busy = false;
    dialog.addEventListener("cancel", (event) => { event.preventDefault(); this.cancel(); });
    dialog.addEventListener("keydown", (event) => {
      if (isSaveShortcut(event)) { event.preventDefault(); this.save(); }
      // A non-modal dialog gets no "cancel" from Escape: Escape goes back to the cell.
      else if (event.key === "Escape" && !event.defaultPrevented) { event.preventDefault(); this.cancel(); }
    });
    dialog.addEventListener("click", (event) => this.clicked(event));
    this.part("summary-form").addEventListener("submit", (event) => { event.preventDefault(); this.save(); });
    for (const control of [this.summary, this.status]) {
      control.addEventListener("input", () => this.showButtons());
    }
    const memoForm = this.part("memo-form");
    memoForm.addEventListener("submit", (event) => { event.preventDefault(); this.addMemo(); });
    memoForm.addEventListener("keydown", (event) => {
      if (!isSaveShortcut(event)) return;  // Ctrl+Enter adds the memo, not the summary
      event.preventDefault();
      event.stopPropagation();
      this.addMemo();
    });
    this.loadMemoCounts();
  }

  field(name) { return this.dialog.querySelector(`[data-field="${name}"]`); }
  part(name) { return this.dialog.querySelector(`[data-part="${name}"]`); }
  button(action) { return this.dialog.querySelector(`button[data-action="${action}"]`); }

  get query() { return cellQuery(this.ref, this.includeSubcodes); }
  get label() { return this.detail ? `${this.detail.row.label} × ${this.detail.column.path}` : "the cell"; }
  get edited() { return { summary: this.summary.value, status: this.status.value }; }

  get isOpen() { return this.dialog.open; }

  /**
   * Whether the editor may leave the cell it shows for another: yes unless it
   * holds unsaved changes the person chooses to keep (asked).
   */
  release() {
    if (!this.isOpen || !this.detail || !isDirty(this.original, this.edited)) return true;
    return window.confirm("Discard your changes to this cell's summary and status?");
  }

  /** Open the editor on the cell `ref` ({rowKind, row, code}); `pageHref` is its own page. */
  async open(ref, pageHref) {
    this.ref = ref;
    this.detail = null;
    this.version = null;
    this.field("page-link").href = pageHref;
    this.field("loading").hidden = false;
    this.field("body").hidden = true;
    this.field("context").textContent = "";
    this.field("definition").hidden = true;
    this.dialog.querySelector("#cell-editor-title").textContent = "Cell";
    this.clearError();
    this.hideConflict();
    if (!this.dialog.open) this.dialog.show();
    if (await this.load(true)) this.summary.focus();
  }

  /** Fetch the cell and show it; `resetForm` replaces the summary and status being edited. */
  async load(resetForm) {
    try {
      const detail = await get(`${this.base}?${this.query}`);
      this.show(detail, resetForm);
      return true;
    } catch (error) {
      this.showError(refusalText(error));
      return false;
    }
  }

  show(detail, resetForm) {
    this.detail = detail;
    this.passages = new Map((detail.passages ?? []).map((part) => [part.coding_id, part]));
    const { cell, row, column } = detail;
    this.dialog.querySelector("#cell-editor-title").textContent = this.label;
    const kind = ROW_KINDS[row.kind] ?? row.kind;
    const subcodes = detail.include_subcodes ? " (with its sub-codes)" : "";
    this.field("context").textContent = `${kind}: ${row.label} · Code: ${column.path}${subcodes}`;
    const definition = this.field("definition");
    definition.textContent = column.definition ? `Definition: ${column.definition}` : "";
    definition.hidden = !column.definition;
    if (resetForm) {
      this.version = cell.version;
      this.original = { summary: cell.summary, status: cell.status };
      this.summary.value = cell.summary;
      this.status.value = cell.status;
    }
    this.field("counts").textContent = countsText({
      rowKind: cell.row_kind, codings: cell.codings, participants: cell.participants,
      quotes: cell.quotes.length, excerpts: cell.excerpts,
    });
    this.offerCell(cell);
    this.renderQuotes(cell.quotes);
    this.renderExcerpts(detail.excerpts.filter((excerpt) => !excerpt.linked));
    this.renderHistory(detail.history);
    this.renderMemos(detail.memos ?? []);
    this.memoCounts.set(cellKey(cell.row_kind, cell.row, cell.code_id), (detail.memos ?? []).length);
    this.showButtons();
    this.field("loading").hidden = true;
    this.field("body").hidden = false;
    this.onChange(cell);
  }

  /** Show "Draft from data" for an untouched draftable cell, "Mark done" unless done. */
  showButtons() {
    const draftable = Boolean(this.detail?.cell.draftable) && !isDirty(this.original, this.edited);
    this.button("draft").hidden = !draftable;
    this.button("mark-done").hidden = markDonePlan(this.original, this.edited).kind === "none";
  }

  renderQuotes(quotes) {
    const items = quotes.map((quote, index) => {
      const item = passage(quote, this.detail.column.code_id);
      const part = this.passages.get(quote.coding_id);
      const number = `: quote ${index + 1}`;
      if (part && !part.whole) {
        const note = element("p", "quote__part", "A passage of its coding.");
        note.dataset.testid = "quote-part";
        item.querySelector(".quote__ref").before(note);
      }
      const actions = element("div", "quote__actions");
      actions.append(
        actionButton("up", quote.coding_id, "Move up", number, index === 0),
        actionButton("down", quote.coding_id, "Move down", number, index === quotes.length - 1),
        actionButton("unlink", quote.coding_id, "Unlink", ` quote ${index + 1}`),
        actionButton("passage", quote.coding_id, "Quote only this", ` (the words selected in quote ${index + 1})`),
      );
      if (part && !part.whole) {
        actions.append(actionButton("whole", quote.coding_id, "Quote whole coding", number));
      }
      actions.append(evidenceButton(quote, !part || part.whole, index + 1));
      item.append(actions);
      return item;
    });
    this.part("quotes").replaceChildren(...items);
    this.field("no-quotes").hidden = quotes.length > 0;
    this.field("quote-count").textContent = `(${quotes.length})`;
  }

  /** "Use this cell as evidence…" (evidence_picker.js), for a stored cell only. */
  offerCell(cell) {
    const button = this.field("evidence-cell");
    if (!button) return;
    button.hidden = cell.cell_id === null || cell.cell_id === undefined;
    if (button.hidden) return;
    const summary = cell.summary.length > 160 ? `${cell.summary.slice(0, 159).trimEnd()}…` : cell.summary;
    button.dataset.evidenceCell = String(cell.cell_id);
    button.dataset.evidenceLabel = `The cell ${this.label}${summary ? `: “${summary}”` : ""}`;
  }

  renderExcerpts(excerpts) {
    const items = excerpts.map((excerpt) => {
      const item = passage(excerpt, this.detail.column.code_id);
      const actions = element("div", "quote__actions");
      const link = actionButton("link", excerpt.coding_id, "Link as quote", `: ${excerpt.reference}`);
      link.className = "button--small";
      actions.append(link);
      item.append(actions);
      return item;
    });
    this.part("excerpts").replaceChildren(...items);
    this.field("no-excerpts").hidden = excerpts.length > 0;
    this.field("no-excerpts").textContent = this.detail.excerpts.length
      ? "Every coded excerpt of this cell is quoted."
      : "Nothing is coded for this cell yet.";
    this.field("excerpt-count").textContent = `(${excerpts.length})`;
  }

  renderMemos(memos) {
    const items = memos.map((memo) => {
      const item = element("li", "cell-memo");
      const head = element("p", "cell-memo__head");
      const link = element("a", null, memo.title);
      link.href = memo.page;
      head.append(link, " ", element("span", "cell-memo__meta",
        `${memo.kind} · ${memo.author} · ${formatWhen(memo.created_at)}`));
      item.append(head);
      if (memo.links.length) item.append(element("p", "cell-memo__links", `Also about: ${memo.links.join("; ")}`));
      if (memo.body) item.append(element("p", "cell-memo__body", memo.body));
      return item;
    });
    this.part("memos").replaceChildren(...items);
    this.field("no-memos").hidden = memos.length > 0;
    this.field("memo-count").textContent = `(${memos.length})`;
  }

  /** Write the memo the form holds on the cell (storing the cell if it is not yet). */
  async addMemo() {
    if (!this.detail) return;
    const title = this.dialog.querySelector("#cell-memo-title");
    const kind = this.dialog.querySelector("#cell-memo-kind");
    const body = this.dialog.querySelector("#cell-memo-body");
    if (!title.value.trim()) {
      this.showError("Nothing was changed. Give the memo a title.");
      title.focus();
      return;
    }
    const memo = { title: title.value, kind: kind.value, body: body.value };
    const added = await this.run(() => post(`${this.base}/memos?${this.query}`, memo));
    if (!added) return;
    // A memo stores a cell that was not: the editor's changes are now made on it.
    if (this.version === 0) this.version = added.cell.version;
    title.value = "";
    body.value = "";
    if (!(await this.load(false))) return;
    const count = this.detail.memos.length;
    announce(`Added the memo “${added.memo.title}”; the cell has ${plural(count, "memo")}.`);
    const shown = [...this.part("memos").querySelectorAll("a")].find((a) => a.getAttribute("href") === added.memo.page);
    (shown ?? title).focus();
  }

  /** Mark the grid's cells having memos (one read for the matrix shown). */
  async loadMemoCounts() {
    const settings = document.querySelector("form.matrix-settings");
    if (!this.grid || !settings) return;
    const spec = new URLSearchParams(new FormData(settings));
    let counts;
    try {
      counts = await get(`/api/projects/${this.projectId}/matrix/memos?${spec}`);
    } catch {
      return;  // no markers: the panel still lists each cell's memos
    }
    for (const count of counts) {
      this.memoCounts.set(cellKey(count.row_kind, count.row, count.code_id), count.memos);
      this.markMemos(count.row_kind, count.row, count.code_id);
    }
  }

  /** Show how many memos the grid cell (kind, row, code) has, beside its counts. */
  markMemos(rowKind, row, code) {
    if (!this.grid) return;
    const count = this.memoCounts.get(cellKey(rowKind, row, code)) ?? 0;
    const tds = [...this.grid.querySelectorAll(`td[data-row-kind="${rowKind}"][data-code="${code}"]`)]
      .filter((td) => td.dataset.row === row);
    for (const td of tds) {
      const meta = td.querySelector(".matrix__meta");
      if (!meta) continue;
      meta.querySelector(".matrix__memos")?.remove();
      if (count) meta.append(memoMarker(count));
    }
  }

  renderHistory(history) {
    const items = [...history].reverse().map((entry) => {
      const item = element("li");
      const status = this.statuses[entry.status] ?? entry.status;
      item.append(
        element("span", "cell-history__when", formatWhen(entry.at)),
        ` ${entry.author} ${entry.description} (${status})`,
      );
      return item;
    });
    this.part("history").replaceChildren(...items);
    this.field("history-count").textContent = history.length
      ? `(${plural(history.length, "change")}, latest first)`
      : "(no changes yet)";
  }

  clicked(event) {
    const button = event.target.closest("button[data-action]");
    if (!button || button.disabled) return;
    const action = button.dataset.action;
    if (action === "close" || action === "cancel") this.cancel();
    else if (action === "draft") this.draft();
    else if (action === "mark-done") this.save(markDonePlan(this.original, this.edited));
    else if (action === "keep-mine") this.keepMine();
    else if (action === "take-theirs") this.takeTheirs();
    else if (action === "passage") this.quoteSelected(button);
    else if (action === "passage-save") this.quoteChosen(button);
    else if (action === "passage-cancel") this.closeChooser(button, true);
    else if (action === "whole") this.setPassage(Number(button.dataset.coding), null);
    else this.quoteAction(action, Number(button.dataset.coding));
  }

  /** Close, asking first when the summary or status holds unsaved changes. */
  cancel() {
    if (this.detail && isDirty(this.original, this.edited)
        && !window.confirm("Discard your changes to this cell's summary and status?")) return;
    this.close();
  }

  close() {
    this.hideConflict();
    this.dialog.close();
    this.onClose();
  }

  /**
   * Run `work` (an API call) unless another is running; errors are shown in
   * the panel, and a stale save (409) is handed to `onStale` when given.
   */
  async run(work, onStale = null) {
    if (this.busy) return null;
    this.busy = true;
    this.clearError();
    try {
      return await work();
    } catch (error) {
      this.showError(refusalText(error));
      if (onStale && isStale(error)) await onStale();
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Save the summary and status as `plan` says (by default, as edited). */
  async save(plan = null) {
    if (!this.detail) return;
    plan = plan ?? savePlan(this.original, this.edited);
    if (plan.kind === "none") {
      announce("Nothing to save: the summary and status are unchanged.");
      this.close();
      return;
    }
    const cell = await this.run(() => (plan.kind === "status"
      ? put(`${this.base}/status?${this.query}`, versioned({ status: plan.status }, this.version))
      : put(`${this.base}/summary?${this.query}`,
        versioned({ summary: plan.summary, status: plan.status }, this.version))),
    () => this.conflict());
    if (!cell) return;  // refused: the message shows, the text stays (a conflict shows both)
    this.version = cell.version;
    this.onChange(cell);
    announce(`Saved ${this.label}. The cell is ${this.statuses[cell.status] ?? cell.status}.`);
    this.close();
  }

  /**
   * Someone saved the cell since the editor read it: fetch the stored cell and
   * show its summary beside the user's text, which stays in the box. The
   * stored version becomes the base, so "Keep mine" saves over it knowingly.
   */
  async conflict() {
    let detail;
    try {
      detail = await get(`${this.base}?${this.query}`);
    } catch {
      return;  // the refusal message already shows
    }
    const stored = detail.cell;
    const rebased = rebaseOnStored(this.original, this.edited, stored);
    this.version = rebased.version;
    this.original = rebased.original;
    this.status.value = rebased.edited.status;
    this.show(detail, false);
    this.field("conflict-stored").textContent = stored.summary || "(no summary)";
    this.field("conflict-status").textContent = this.statuses[stored.status] ?? stored.status;
    this.field("conflict-text").textContent = `${stored.author || "Someone"} saved version ${stored.version}`
      + (rebased.differs ? " with another summary." : " with the same summary.");
    this.field("conflict").hidden = false;
    this.button("keep-mine").focus();
  }

  hideConflict() {
    this.field("conflict").hidden = true;
  }

  /** Save the user's text over the stored version they have now seen. */
  async keepMine() {
    this.hideConflict();
    await this.save();
  }

  /** Take the stored summary and status into the editor (nothing to save). */
  takeTheirs() {
    this.summary.value = this.original.summary;
    this.status.value = this.original.status;
    this.hideConflict();
    this.clearError();
    this.showButtons();
    announce("Took the stored summary; your text was discarded.");
    this.summary.focus();
  }

  async draft() {
    const report = await this.run(() => post(`${this.base}/draft?${this.query}`, versioned({}, this.version)));
    if (!report) return;
    await this.load(true);
    announce(report.drafted
      ? `Drafted the summary from the coded data and linked ${report.quotes_linked} quotes.`
      : "The cell is charted already, so the draft left it alone.");
    this.summary.focus();
  }

  async quoteAction(action, codingId) {
    const order = this.detail.cell.quotes.map((quote) => quote.coding_id);
    const index = order.indexOf(codingId);
    const version = this.version;
    let request;
    if (action === "link") request = () => post(`${this.base}/quotes?${this.query}`, versioned({ coding_id: codingId }, version));
    else if (action === "unlink") request = () => del(`${this.base}/quotes/${codingId}?${versionedQuery(this.query, version)}`);
    else {
      const moved = moveItem(order, index, action === "up" ? -1 : 1);
      if (!moved) return;
      request = () => put(`${this.base}/quotes?${this.query}`, versioned({ coding_ids: moved }, version));
    }
    const excerptIndex = this.detail.excerpts.filter((e) => !e.linked).findIndex((e) => e.coding_id === codingId);
    const changed = await this.run(request);
    if (!changed) return;
    // The version of our own change: a later change by someone else still shows as a conflict.
    this.version = changed.version;
    if (!(await this.load(false))) return;
    const count = this.detail.cell.quotes.length;
    const messages = {
      link: `Linked the quote; the cell has ${count} quote${count === 1 ? "" : "s"}.`,
      unlink: `Removed the quote; the cell has ${count} quote${count === 1 ? "" : "s"}.`,
      up: `Moved the quote up to place ${index}.`,
      down: `Moved the quote down to place ${index + 2}.`,
    };
    announce(messages[action]);
    this.refocus(action, codingId, action === "link" ? excerptIndex : index);
  }

  /**
   * "Quote only this" on a quote: the words selected in it (with a mouse),
   * else open the chooser, where the words are selected in its whole coding.
   */
  quoteSelected(button) {
    const codingId = Number(button.dataset.coding);
    const item = button.closest("li.quote");
    const quote = this.detail.cell.quotes.find((q) => q.coding_id === codingId);
    const shown = item.querySelector(".quote__text");
    const range = selectionIn(shown);
    const chosen = range && selectedPassage(quote.text, quote.end, range.start, range.end);
    if (chosen) this.setPassage(codingId, chosen);
    else this.openChooser(item, codingId);
  }

  /** The chooser: the whole coding in a read-only box to select the words in. */
  openChooser(item, codingId) {
    const part = this.passages.get(codingId);
    if (!part) return;
    let chooser = item.querySelector(".quote__chooser");
    if (!chooser) {
      chooser = passageChooser(part);
      chooser.addEventListener("keydown", (event) => {
        if (event.key === "Escape") { event.preventDefault(); this.closeChooser(chooser, true); }
        else if (isSaveShortcut(event)) {
          event.preventDefault();
          event.stopPropagation();
          this.quoteChosen(chooser);
        }
      });
      item.append(chooser);
    }
    const box = chooser.querySelector("textarea");
    const selected = passageSelection(part);
    box.focus();
    box.setSelectionRange(selected.start, selected.end);
    announce("Select the words to quote in the whole coding, then choose Quote only this.");
  }

  closeChooser(inside, refocus) {
    const item = inside.closest("li.quote");
    item.querySelector(".quote__chooser")?.remove();
    if (refocus) item.querySelector('button[data-action="passage"]')?.focus();
  }

  /** Quote the words selected in the chooser's box (nothing selected: say so). */
  quoteChosen(inside) {
    const chooser = inside.closest(".quote__chooser");
    const box = chooser.querySelector("textarea");
    const part = this.passages.get(Number(chooser.dataset.coding));
    const chosen = selectedPassage(part.coding_text, part.coding_end, box.selectionStart, box.selectionEnd);
    if (!chosen) {
      this.showError("Select some words of the coding first (Shift and the arrow keys), then choose Quote only this.");
      box.focus();
      return;
    }
    this.setPassage(part.coding_id, chosen);
  }

  /** Quote only `chosen` ({start, end, text}) of the coding, or the whole coding (null). */
  async setPassage(codingId, chosen) {
    const body = chosen ? { start: chosen.start, end: chosen.end } : {};
    const changed = await this.run(() => put(
      `${this.base}/quotes/${codingId}/passage?${this.query}`, versioned(body, this.version)));
    if (!changed) return;
    this.version = changed.version;
    if (!(await this.load(false))) return;
    const quote = this.detail.cell.quotes.find((q) => q.coding_id === codingId);
    announce(chosen ? `The quote is now only: ${quote?.text ?? chosen.text}` : "The quote is the whole coding again.");
    const again = this.dialog.querySelector(
      `button[data-action="${chosen ? "whole" : "passage"}"][data-coding="${codingId}"]`);
    (again ?? this.summary).focus();
  }

  /** After a list changed, put focus where the person can carry on. */
  refocus(action, codingId, index) {
    const inList = (part, selector, at) => {
      const buttons = [...this.part(part).querySelectorAll(selector)];
      return buttons[Math.min(at, buttons.length - 1)] ?? null;
    };
    let target = null;
    if (action === "up" || action === "down") {
      target = this.dialog.querySelector(`button[data-action="${action}"][data-coding="${codingId}"]:not([disabled])`)
        ?? this.dialog.querySelector(`button[data-action="${action === "up" ? "down" : "up"}"][data-coding="${codingId}"]`);
    } else if (action === "link") {
      target = inList("excerpts", 'button[data-action="link"]', index);
    } else {
      target = inList("quotes", 'button[data-action="unlink"]', index);
    }
    (target ?? this.summary).focus();
  }

  showError(text) {
    const box = this.field("error");
    box.textContent = text;
    box.hidden = false;
    this.field("loading").hidden = true;
  }

  clearError() {
    const box = this.field("error");
    box.textContent = "";
    box.hidden = true;
  }
}
