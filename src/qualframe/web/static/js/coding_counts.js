// Every count the document view shows about its codings, drawn from the codings
// the page holds now: the header's total ("3 codings"), the list's "Showing…"
// line, each code's count in the filters, each coder's in the coder choice, and
// the "no codings" note. document_view.js calls render() after every change
// (apply, remove, undo, change of code or span, filters), so no count is left
// behind; the page renders the same numbers without scripts.
//
// A long document is paged: the page holds only its own codings, while the
// header counts the whole document. The codings on other pages cannot change
// here, so the header is (the document's total at load − this page's codings
// at load) + this page's codings now.

/** "1 coding", "1,234 codings" (British grouping, as the server writes numbers). */
export function plural(count, noun) {
  return `${count.toLocaleString("en-GB")} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * The counts of `codings` (the page's codings, each {codeId, coder}):
 * {total: with `offPage` codings on other pages, onPage, shown: those
 * `visible` says yes to, perCode: Map code id -> n, perCoder: Map name -> n}.
 */
export function tally(codings, visible, offPage = 0) {
  let shown = 0;
  const perCode = new Map();
  const perCoder = new Map();
  for (const coding of codings) {
    if (visible(coding)) shown += 1;
    perCode.set(coding.codeId, (perCode.get(coding.codeId) ?? 0) + 1);
    perCoder.set(coding.coder, (perCoder.get(coding.coder) ?? 0) + 1);
  }
  return { total: offPage + codings.length, onPage: codings.length, shown, perCode, perCoder };
}

/** The codings list's line: "Showing all 3 codings." or "Showing 1 of 3 codings." */
export function showingLine({ shown, onPage }) {
  return shown === onPage
    ? `Showing all ${plural(onPage, "coding")}.`
    : `Showing ${shown.toLocaleString("en-GB")} of ${plural(onPage, "coding")}.`;
}

/** A coder choice's label: "Everyone (3)" for "" (no coder), else "tester (2)". */
export function coderLabel(coder, counts) {
  const n = coder ? counts.perCoder.get(coder) ?? 0 : counts.onPage;
  return `${coder || "Everyone"} (${n})`;
}

/** The codings counts of the document view, kept in step by render(). */
export class CodingCounts {
  /**
   * @param {object} parts
   *   total: the header's total (data-total: the document's codings at load);
   *   showing: the list's "Showing…" line; form: the filters form;
   *   empty: the "no codings" note; atLoad: how many codings the page held at load.
   */
  constructor({ total, showing, form, empty, atLoad }) {
    this.total = total;
    this.showing = showing;
    this.form = form;
    this.empty = empty;
    const documentTotal = Number(total?.dataset.total ?? atLoad);
    this.offPage = Number.isFinite(documentTotal) ? Math.max(0, documentTotal - atLoad) : 0;
  }

  /** Redraw every count from `codings` (the page's, now) and the filters' `visible`. */
  render(codings, visible) {
    const counts = tally(codings, visible, this.offPage);
    if (this.total) this.total.textContent = plural(counts.total, "coding");
    if (this.showing) this.showing.textContent = showingLine(counts);
    if (this.empty) this.empty.hidden = counts.onPage > 0;
    for (const box of this.form.querySelectorAll('input[name="code_id"]')) {
      const number = box.closest(".filter-code")?.querySelector(".filter-count");
      if (number) number.textContent = String(counts.perCode.get(Number(box.value)) ?? 0);
    }
    for (const option of this.form.querySelectorAll('select[name="coder"] option')) {
      option.textContent = coderLabel(option.value, counts);
    }
    return counts;
  }
}
