// The cell editor: a side panel beside the grid (templates/matrix/_editor.html,
// a non-modal dialog, so the grid stays visible and usable) showing one
// cell's summary and status, its linked quotes, the coded excerpts it can
// quote, and its history; every change goes through the JSON API. The rules
// (what saving does, counts, conflicts) are in cell_logic.js.
// Every change states the version of the cell the editor last got (from
// opening it, then from each of its own changes): when someone else changed
// the cell meanwhile, the server refuses (409) and the editor shows the
// stored summary beside what was typed, to keep either.

import { announce } from "./announce.js";
import { del, get, post, put } from "./api.js";
import {
  cellQuery,
  countsText,
  formatWhen,
  isDirty,
  isSaveShortcut,
  isStale,
  markDonePlan,
  moveItem,
  plural,
  rebaseOnStored,
  refusalText,
  savePlan,
  versioned,
  versionedQuery,
} from "./cell_logic.js";
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
    this.onChange = onChange;
    this.onClose = onClose;
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
    this.renderQuotes(cell.quotes);
    this.renderExcerpts(detail.excerpts.filter((excerpt) => !excerpt.linked));
    this.renderHistory(detail.history);
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
      const actions = element("div", "quote__actions");
      actions.append(
        actionButton("up", quote.coding_id, "Move up", `: quote ${index + 1}`, index === 0),
        actionButton("down", quote.coding_id, "Move down", `: quote ${index + 1}`, index === quotes.length - 1),
        actionButton("unlink", quote.coding_id, "Unlink", ` quote ${index + 1}`),
      );
      item.append(actions);
      return item;
    });
    this.part("quotes").replaceChildren(...items);
    this.field("no-quotes").hidden = quotes.length > 0;
    this.field("quote-count").textContent = `(${quotes.length})`;
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

/** A quote or excerpt: its text, where it comes from, and a link to that place in the transcript. */
function passage(quote, codeId) {
  const item = element("li", "quote");
  const reference = element("p", "quote__ref", quote.reference);
  if (quote.code_path && quote.code_id !== codeId) reference.append(` · coded ${quote.code_path}`);
  const link = element("a", null, "Open in the transcript");
  link.href = quote.link;
  link.append(element("span", "visually-hidden", `: ${quote.reference}`));
  reference.append(" · ", link);
  item.append(element("blockquote", "quote__text", quote.text), reference);
  return item;
}

function actionButton(action, codingId, text, hiddenText, disabled = false) {
  const button = element("button", "button--secondary button--small", text);
  button.type = "button";
  button.dataset.action = action;
  button.dataset.coding = String(codingId);
  button.disabled = disabled;
  button.append(element("span", "visually-hidden", hiddenText));
  return button;
}
