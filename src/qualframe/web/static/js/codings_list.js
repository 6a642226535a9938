// The document view's codings list and its filters (by code, by coder).
//
// The page renders every coding of the document in the list (filtered-out
// ones hidden), so it works without scripts; this keeps it in step as
// codings are added, changed and removed, and applies the filters at once.
// A long list (more codings than the server lists: it sends only the
// first few hundred items) is drawn lazily: the list scrolls in its own box
// and holds only the items in view (rows of one height, measured), each
// saying its place (aria-posinset / aria-setsize); the arrow keys, Page
// Up/Down, Home and End move the focus through every coding, and Tab and
// Shift+Tab go on to the next (previous) coding past the rows drawn.
// The counts (in the filters, the "Showing…" line, the header) are drawn by
// coding_counts.js.

import { codeSwatch } from "./code_chip.js";
import { plural } from "./coding_counts.js";
import { rowAfterKey, rowAfterTab, rowWindow, scrollFor } from "./list_window.js";

// ------------------------------------------------------------ one coding, one shape
//
// A coding in the browser: {id, codeId, start, end, coder, memos, speaker,
// participant}. `speaker` is the label of the turn at its start and
// `participant` the identifier of who speaks there (null: none), as the
// server's codings (Passage) have them. The page data (compact rows, see
// web/coding/transcript.py: page_data) and the JSON API's coding records
// both become this shape here, and nowhere else.

/** The coding of page-data row `index` (`data`: the page data). */
export function codingFromRow(data, index) {
  const [id, codeId, start, end, coder, memos] = data.codings[index];
  const [speaker, participant] = data.attribution?.[index] ?? [null, null];
  return {
    id, codeId, start, end, coder: data.coders[coder], memos,
    speaker: speaker === null ? null : data.speakers[speaker],
    participant: participant === null ? null : data.participants[participant],
  };
}

/** The coding of a JSON API coding record (`memos`: how many memos it has). */
export function codingFromRecord(record, memos = 0) {
  return {
    id: record.id, codeId: record.code_id, start: record.start, end: record.end,
    coder: record.coder, memos,
    speaker: record.speaker ?? null, participant: record.participant ?? null,
  };
}

/** Who speaks a coding, as the codings list says it (the server's list too). */
export function speakerOf(coding) {
  return coding.participant || coding.speaker || "no speaker";
}

export class CodingsList {
  /**
   * @param {object} parts
   *   list: the <ol> of codings; form: the filters form;
   *   codes: Map code id -> code; link(id): the address of a coding's details;
   *   excerpt(coding): its text on one line; onFilter({codes, coder}): filters changed.
   */
  constructor({ list, form, codes, link, excerpt, onFilter, lazy = false }) {
    this.list = list;
    this.form = form;
    this.codes = codes;
    this.link = link;
    this.excerpt = excerpt;
    this.onFilter = onFilter;
    this.activeItem = list.querySelector("li.coding-item--active");
    this.items = new Map(
      Array.from(list.querySelectorAll("li[data-coding]"), (item) => [
        Number(item.dataset.coding),
        item,
      ]),
    );
    this.lazy = false;
    if (lazy) this._startLazy();
    form.classList.add("filters--live");
    form.addEventListener("change", () => this.onFilter(this.filters()));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.onFilter(this.filters());
    });
    for (const button of form.querySelectorAll("[data-check]")) {
      button.hidden = false;
      button.addEventListener("click", () => {
        const checked = button.dataset.check === "all";
        for (const box of this._boxes()) box.checked = checked;
        this.onFilter(this.filters());
      });
    }
  }

  _boxes() {
    return Array.from(this.form.querySelectorAll('input[name="code_id"]'));
  }

  /** The filters as chosen: {codes: Set of ids or null (all), coder: name or null}. */
  filters() {
    const boxes = this._boxes();
    const checked = boxes.filter((box) => box.checked).map((box) => Number(box.value));
    const coder = this.form.querySelector('select[name="coder"]')?.value || null;
    return { codes: checked.length === boxes.length ? null : new Set(checked), coder };
  }

  /** Show the codings `visible` says yes to, hide the others (counts: coding_counts.js). */
  refresh(codings, visible) {
    if (this.lazy) {
      this.rows = codings.filter(visible);
      this._draw();
      return;
    }
    for (const coding of codings) {
      const isShown = visible(coding);
      const item = this.items.get(coding.id);
      if (item && item.hidden === isShown) item.hidden = !isShown;
    }
  }

  /** Add a list item for a new coding, in text order; adds its code to the filters if new. */
  add(coding, codings) {
    if (this.lazy) {
      // refresh() draws it, if in view
      this._ensureFilter(coding.codeId);
      this._ensureCoder(coding.coder);
      return;
    }
    const item = this._item(coding);
    this.items.set(coding.id, item);
    const after = codings.find(
      (other) => other.id !== coding.id && this.items.has(other.id) && compare(coding, other) < 0,
    );
    this.list.insertBefore(item, after ? this.items.get(after.id) : null);
    this._ensureFilter(coding.codeId);
    this._ensureCoder(coding.coder);
  }

  /** Redraw a changed coding's item (and keep the list in text order). */
  update(coding, codings) {
    this.remove(coding.id);
    this.add(coding, codings);
  }

  remove(id) {
    this.items.get(id)?.remove();
    this.items.delete(id);
  }

  /** Mark the coding whose details are shown. */
  setActive(id) {
    if (this.lazy) {
      if (this.activeId !== id) {
        this.activeId = id;
        this._draw();
      }
      return;
    }
    const item = this.items.get(id) ?? null;
    if (item === this.activeItem) return;
    if (this.activeItem) {
      this.activeItem.classList.remove("coding-item--active");
      this.activeItem.querySelector("a")?.removeAttribute("aria-current");
    }
    if (item) {
      item.classList.add("coding-item--active");
      item.querySelector("a")?.setAttribute("aria-current", "true");
    }
    this.activeItem = item;
  }

  /** Scroll a lazily drawn list to show coding `id` (a long list only: the page does not move). */
  reveal(id) {
    if (!this.lazy) return;
    const index = this.rows.findIndex((coding) => coding.id === id);
    if (index < 0) return;
    this._scrollTo(index);
  }

  // ---------------------------------------------------------- a long list, drawn lazily

  _startLazy() {
    this.lazy = true;
    this.rows = [];
    this.rowHeight = 0;
    this.activeId = this.activeItem ? Number(this.activeItem.dataset.coding) : null;
    this.list.classList.add("codings-list--lazy");
    // The list scrolls in a box of its own; its padding stands for the rows not drawn.
    this.box = document.createElement("div");
    this.box.className = "codings-scroll";
    this.list.before(this.box);
    this.box.append(this.list);
    document.getElementById("codings-more")?.remove();
    const hint = document.createElement("p");
    hint.id = "codings-list-hint";
    hint.className = "visually-hidden";
    hint.textContent = "A long list: the arrow keys, Page Up, Page Down, Home and End move through it.";
    this.list.before(hint);
    this.list.setAttribute("aria-describedby", hint.id);
    let pending = false;
    this.box.addEventListener("scroll", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        this._draw();
      });
    });
    this.list.addEventListener("keydown", (event) => this._key(event));
  }

  /** Draw the rows in view: items kept where they are (focus stays), others added or removed. */
  _draw() {
    const count = this.rows.length;
    const height = this.rowHeight || this._measure();
    const { first, last } = rowWindow(count, height, this.box.scrollTop, this.box.clientHeight);
    const previous = this.items;
    this.items = new Map();
    const wanted = [];
    for (let index = first; index < last; index += 1) {
      const coding = this.rows[index];
      let item = previous.get(coding.id);
      if (!item || item.coding !== coding) item = this._item(coding);
      item.coding = coding;
      item.setAttribute("aria-posinset", String(index + 1));
      item.setAttribute("aria-setsize", String(count));
      const current = coding.id === this.activeId;
      item.classList.toggle("coding-item--active", current);
      if (current) item.firstChild.setAttribute("aria-current", "true");
      else item.firstChild.removeAttribute("aria-current");
      this.items.set(coding.id, item);
      wanted.push(item);
    }
    const keep = new Set(wanted);
    for (const child of Array.from(this.list.children)) if (!keep.has(child)) child.remove();
    let cursor = this.list.firstElementChild;
    for (const item of wanted) {
      if (item === cursor) cursor = cursor.nextElementSibling;
      else this.list.insertBefore(item, cursor);
    }
    this.list.style.paddingTop = `${first * height}px`;
    this.list.style.paddingBottom = `${Math.max(0, count - last) * height}px`;
    this.activeItem = this.items.get(this.activeId) ?? null;
  }

  /** The height of one row in pixels (every row has the same, see document.css). */
  _measure() {
    if (!this.rows.length) return 0;
    const probe = this._item(this.rows[0]);
    this.list.prepend(probe);
    const height = probe.getBoundingClientRect().height;
    probe.remove();
    this.rowHeight = height;
    return height;
  }

  _scrollTo(index) {
    const height = this.rowHeight || this._measure();
    const view = this.box.clientHeight;
    this.box.scrollTop = scrollFor(index, height, this.box.scrollTop, view);
    this._draw();
  }

  /**
   * Arrows, Page Up/Down, Home and End move the focus through every row; so
   * do Tab and Shift+Tab, one row at a time, drawing the rows beyond the edge
   * of those drawn (past the first or last coding, Tab leaves the list).
   */
  _key(event) {
    const item = event.target.closest?.("li[data-coding]");
    if (!item || event.ctrlKey || event.metaKey || event.altKey) return;
    const index = this.rows.findIndex((coding) => coding.id === Number(item.dataset.coding));
    const page = Math.max(1, Math.floor(this.box.clientHeight / (this.rowHeight || 1)) - 1);
    const target =
      event.key === "Tab"
        ? rowAfterTab(index, this.rows.length, event.shiftKey)
        : rowAfterKey(event.key, index, this.rows.length, page);
    if (target === null || index < 0) return;
    event.preventDefault();
    this._scrollTo(target);
    this.items.get(this.rows[target].id)?.querySelector("a")?.focus({ preventScroll: true });
  }

  _item(coding) {
    const code = this.codes.get(coding.codeId) ?? { path: "?", colour: "#777777" };
    const item = document.createElement("li");
    item.dataset.coding = String(coding.id);
    const link = document.createElement("a");
    link.href = this.link(coding.id);
    const chip = document.createElement("span");
    chip.className = "code-chip";
    chip.style.setProperty("--code", code.colour);
    chip.textContent = code.path;
    const quote = document.createElement("q");
    quote.textContent = this.excerpt(coding);
    link.append(chip, quote);
    const meta = document.createElement("small");
    const parts = [speakerOf(coding), coding.coder];
    if (coding.memos) parts.push(plural(coding.memos, "memo"));
    meta.textContent = parts.join(" · ");
    item.append(link, meta);
    return item;
  }

  _ensureFilter(codeId) {
    if (this._boxes().some((box) => Number(box.value) === codeId)) return;
    const code = this.codes.get(codeId);
    const fieldset = this.form.querySelector(".filters__codes");
    if (!code || !fieldset) return;
    const row = document.createElement("div");
    row.className = "field field--checkbox filter-code";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = "code_id";
    box.value = String(code.id);
    box.id = `filter-code-${code.id}`;
    box.checked = true;
    const label = document.createElement("label");
    label.htmlFor = box.id;
    const swatch = codeSwatch(code.colour);
    const number = document.createElement("span");
    number.className = "filter-count";
    label.append(swatch, `${code.path} (`, number, ")");
    row.append(box, label);
    fieldset.append(row);
  }

  _ensureCoder(coder) {
    const select = this.form.querySelector('select[name="coder"]');
    if (!select || Array.from(select.options).some((option) => option.value === coder)) return;
    select.append(new Option(coder, coder));
  }
}

/** Negative when coding `a` comes before `b` in text order (start, end, id). */
function compare(a, b) {
  return a.start - b.start || a.end - b.end || a.id - b.id;
}
