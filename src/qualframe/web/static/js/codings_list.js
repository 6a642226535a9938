// The document view's codings list and its filters (by code, by coder).
//
// The page renders every coding of the document in the list (filtered-out
// ones hidden), so it works without scripts; this keeps it in step as
// codings are added, changed and removed, and applies the filters at once.

import { codeSwatch } from "./code_chip.js";

const plural = (count, noun) => `${count.toLocaleString("en-GB")} ${noun}${count === 1 ? "" : "s"}`;

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
   *   list: the <ol> of codings; form: the filters form; count: the "Showing" line;
   *   codes: Map code id -> code; link(id): the address of a coding's details;
   *   excerpt(coding): its text on one line; onFilter({codes, coder}): filters changed.
   */
  constructor({ list, form, count, codes, link, excerpt, onFilter }) {
    this.list = list;
    this.form = form;
    this.count = count;
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

  /** Show the codings `visible` says yes to; update the counts. */
  refresh(codings, visible) {
    let shown = 0;
    const perCode = new Map();
    const perCoder = new Map();
    for (const coding of codings) {
      const isShown = visible(coding);
      if (isShown) shown += 1;
      perCode.set(coding.codeId, (perCode.get(coding.codeId) ?? 0) + 1);
      perCoder.set(coding.coder, (perCoder.get(coding.coder) ?? 0) + 1);
      const item = this.items.get(coding.id);
      if (item && item.hidden === isShown) item.hidden = !isShown;
    }
    this.count.textContent =
      shown === codings.length
        ? `Showing all ${plural(codings.length, "coding")}.`
        : `Showing ${shown.toLocaleString("en-GB")} of ${plural(codings.length, "coding")}.`;
    for (const box of this._boxes()) {
      const number = box.closest(".filter-code")?.querySelector(".filter-count");
      if (number) number.textContent = String(perCode.get(Number(box.value)) ?? 0);
    }
    for (const option of this.form.querySelectorAll('select[name="coder"] option')) {
      const n = option.value ? perCoder.get(option.value) ?? 0 : codings.length;
      option.textContent = `${option.value || "Everyone"} (${n})`;
    }
  }

  /** Add a list item for a new coding, in text order; adds its code to the filters if new. */
  add(coding, codings) {
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
