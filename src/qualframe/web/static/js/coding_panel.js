// The coding details panel: shows one coding (code, text, coder, speaker,
// memos) and changes it in place through the JSON API.
//
// The panel's HTML comes from the server (the same template the page uses
// without scripts, fetched from /projects/{pid}/codings/{id}/panel); its
// forms keep working without scripts, and are taken over here to act
// without reloading the page.

import { del, patch, post } from "./api.js";
import { changeSentence, isChange, undoBody } from "./coding_undo.js";

export class CodingPanel {
  /**
   * @param {HTMLElement} section  the #coding-details section
   * @param {object} options
   *   projectId, user;
   *   selection(): the text selection as {start, end} or null;
   *   changePalette(codingId): open the palette to change a coding's code;
   *   onChanged(record): a coding's code or span changed (API record);
   *   onRemoved(record), onRestored(record): removed / added back by Undo;
   *   onMemos(codingId, count): the coding's memo count changed;
   *   report(message, isError): say what happened (status line and live region).
   */
  constructor(section, options) {
    this.section = section;
    this.options = options;
    this.codingId = null;
    this.request = 0;
    this._enhance();
  }

  get heading() {
    return this.section.querySelector("#coding-details-title");
  }

  _api(path) {
    return `/api/projects/${this.options.projectId}${path}`;
  }

  /** Fetch and show coding `codingId`; `focus` moves keyboard focus to the panel. */
  async show(codingId, { focus = false } = {}) {
    const ticket = ++this.request;
    let html;
    try {
      const address = `/projects/${this.options.projectId}/codings/${codingId}/panel`;
      const response = await fetch(address, {
        headers: { Accept: "text/html" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      html = await response.text();
    } catch (error) {
      if (ticket === this.request) {
        this.options.report(`The coding could not be shown: ${error.message}.`, true);
      }
      return;
    }
    if (ticket !== this.request) return; // a later request won
    const template = document.createElement("template");
    template.innerHTML = html;
    const fresh = template.content.querySelector("#coding-details");
    if (!fresh) return;
    this.section.replaceChildren(...fresh.childNodes);
    this.codingId = codingId;
    this._enhance();
    if (focus) this.heading?.focus();
  }

  /** Show the choice between several codings at one place. */
  showChoice(codings, describe, onPick) {
    this.request += 1;
    this.codingId = null;
    const heading = this._heading("Codings here");
    const intro = document.createElement("p");
    intro.textContent = `${codings.length} codings cover this place. Which one?`;
    const list = document.createElement("ul");
    list.className = "coding-choice";
    for (const coding of codings) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button--link";
      button.append(...describe(coding));
      button.addEventListener("click", () => onPick(coding));
      item.append(button);
      list.append(item);
    }
    this.section.replaceChildren(heading, intro, list);
  }

  _heading(text) {
    const heading = document.createElement("h2");
    heading.id = "coding-details-title";
    heading.tabIndex = -1;
    heading.textContent = text;
    return heading;
  }

  _facts() {
    const body = this.section.querySelector("[data-coding-facts]");
    if (!body) return null;
    const data = body.dataset;
    return {
      id: Number(data.coding),
      documentId: Number(data.document),
      codeId: Number(data.codeId),
      code: data.code,
      start: Number(data.start),
      end: Number(data.end),
      coder: data.coder,
      memos: Number(data.memos),
    };
  }

  _enhance() {
    const facts = this._facts();
    if (!facts) return;
    this.codingId = facts.id;
    for (const form of this.section.querySelectorAll("form[data-action]")) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        this._act(form, event.submitter, facts);
      });
    }
    const palette = this.section.querySelector("[data-palette-change]");
    if (palette) {
      palette.hidden = false;
      palette.addEventListener("click", () => this.options.changePalette(facts.id));
    }
    const fromSelection = this.section.querySelector("[data-span-selection]");
    if (fromSelection) {
      fromSelection.hidden = false;
      fromSelection.addEventListener("click", () => this._toSelection(facts));
    }
  }

  async _act(form, submitter, facts) {
    const action = form.dataset.action;
    if (action === "remove") return this._remove(form, facts);
    if (action === "memo") return this._memo(form, facts);
    const body = {};
    if (action === "change-code") body.code_id = Number(form.elements.code_id.value);
    if (action === "span" && submitter?.name === "extend") body.extend = submitter.value;
    if (action === "span-exact") {
      body.start = Number(form.elements.start.value);
      body.end = Number(form.elements.end.value);
    }
    await this._change(facts, body);
  }

  /** PATCH the coding with `body`; on success tell the page and show the new details. */
  async _change(facts, body) {
    const before = { code_id: facts.codeId, code: facts.code, start: facts.start, end: facts.end };
    try {
      const record = await patch(this._api(`/codings/${facts.id}`), body);
      this.options.onChanged(record);
      await this.show(record.id, { focus: true });
      this.options.report(`Changed the coding: ${record.code}, “${shorten(record.text)}”.`, false);
      this.offerUndo(before, record);
    } catch (error) {
      this.options.report(error.message, true);
    }
  }

  /**
   * After coding `after` (API record) was changed from `before` ({code_id, code,
   * start, end}), show an Undo button under the panel's heading and focus it,
   * as after a removal (Enter or Space undoes).
   */
  offerUndo(before, after) {
    if (!isChange(before, after) || this.codingId !== after.id) return;
    const box = document.createElement("div");
    box.className = "notice coding-undo";
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", "coding-undo-text");
    const text = document.createElement("p");
    text.id = "coding-undo-text";
    text.textContent = changeSentence(before, after);
    const undo = document.createElement("button");
    undo.type = "button";
    undo.className = "button--secondary";
    undo.textContent = "Undo";
    undo.setAttribute("aria-describedby", "coding-undo-text");
    undo.addEventListener("click", () => this._undoChange(before, after));
    box.append(text, undo);
    (this.heading ?? this.section.firstChild)?.after(box);
    undo.focus();
  }

  /** Put coding `after` back to `before`; a conflict (changed meanwhile) is reported. */
  async _undoChange(before, after) {
    try {
      const record = await patch(this._api(`/codings/${after.id}`), undoBody(before, after));
      this.options.onChanged(record);
      await this.show(record.id, { focus: true });
      this.options.report(`Undid the change: ${record.code}, “${shorten(record.text)}”.`, false);
    } catch (error) {
      this.options.report(error.message, true);
    }
  }

  _toSelection(facts) {
    const span = this.options.selection();
    if (!span) {
      this.options.report(
        "Select the new text in the transcript first, then choose “Set to the selected text”.",
        true,
      );
      return;
    }
    this._change(facts, { start: span.start, end: span.end });
  }

  async _remove(form, facts) {
    const own = facts.coder === this.options.user;
    if ((facts.memos > 0 || !own) && !form.dataset.confirmed) {
      this._confirm(form, facts, own);
      return;
    }
    try {
      const record = await del(this._api(`/codings/${facts.id}`));
      this.options.onRemoved(record);
      this._removed(record, own && facts.memos === 0);
    } catch (error) {
      this.options.report(error.message, true);
    }
  }

  _confirm(form, facts, own) {
    const box = document.createElement("div");
    box.className = "confirm notice notice--warning";
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", "confirm-remove-text");
    const text = document.createElement("p");
    text.id = "confirm-remove-text";
    const reasons = [];
    if (!own) reasons.push(`This coding is ${facts.coder}’s, not yours.`);
    if (facts.memos > 0) {
      // The server's sentence (from the removal's declared policy), else our own.
      const memos = facts.memos === 1 ? "memo" : `${facts.memos} memos`;
      reasons.push(
        form.dataset.consequence ?? `Its ${memos} will stay in the project, no longer linked to it.`,
      );
    }
    text.textContent = `${reasons.join(" ")} Remove it?`;
    const yes = document.createElement("button");
    yes.type = "button";
    yes.className = "button--danger";
    yes.textContent = "Remove the coding";
    const no = document.createElement("button");
    no.type = "button";
    no.className = "button--secondary";
    no.textContent = "Keep it";
    const actions = document.createElement("div");
    actions.className = "actions";
    actions.append(yes, no);
    box.append(text, actions);
    form.hidden = true;
    form.after(box);
    no.focus();
    no.addEventListener("click", () => {
      box.remove();
      form.hidden = false;
      form.querySelector("button")?.focus();
    });
    yes.addEventListener("click", () => {
      form.dataset.confirmed = "1";
      box.remove();
      form.hidden = false;
      this._remove(form, facts);
    });
  }

  _removed(record, undoable) {
    this.codingId = null;
    const heading = this._heading("Coding removed");
    const text = document.createElement("p");
    const kept = record.consequence ? ` ${record.consequence}` : "";
    text.textContent = `Removed ${record.code} from “${shorten(record.text)}”.${kept}`;
    const parts = [heading, text];
    if (undoable) {
      const undo = document.createElement("button");
      undo.type = "button";
      undo.className = "button--secondary";
      undo.textContent = "Undo";
      undo.addEventListener("click", () => this._undo(record));
      parts.push(undo);
    }
    this.section.replaceChildren(...parts);
    this.options.report(text.textContent, false);
    (parts[2] ?? heading).focus();
  }

  async _undo(record) {
    try {
      const { document_id, code_id, start, end } = record;
      const body = { document_id, code_id, start, end };
      const restored = await post(this._api("/codings"), body);
      this.options.onRestored(restored);
      await this.show(restored.id, { focus: true });
      this.options.report(`Put back ${restored.code} on “${shorten(restored.text)}”.`, false);
    } catch (error) {
      this.options.report(error.message, true);
    }
  }

  async _memo(form, facts) {
    const body = {
      title: form.elements.title.value,
      kind: form.elements.kind.value,
      body: form.elements.body.value,
    };
    try {
      const memo = await post(this._api(`/codings/${facts.id}/memos`), body);
      this.options.onMemos(facts.id, facts.memos + 1);
      await this.show(facts.id);
      this.section.querySelector(".memo:last-of-type h4")?.setAttribute("tabindex", "-1");
      this.section.querySelector(".memo:last-of-type h4")?.focus();
      this.options.report(`Added the memo “${memo.title}”.`, false);
    } catch (error) {
      this.options.report(error.message, true);
    }
  }
}

/** `text` on one line, cut to `limit` characters with "…". */
export function shorten(text, limit = 80) {
  const flat = String(text).split(/\s+/u).join(" ").trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit).trimEnd()}…`;
}
