// Every count the document view shows follows its codings: apply, remove,
// undo, change of code, filters, and paged documents.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CodingCounts,
  coderLabel,
  plural,
  showingLine,
  tally,
} from "../../src/qualframe/web/static/js/coding_counts.js";

const all = () => true;
const hope = { id: 1, codeId: 3, coder: "tester" };
const trust = { id: 2, codeId: 4, coder: "analyst" };

// ------------------------------------------------------------ a page's parts, without a browser

/** The counted parts of the document view, as plain objects with the DOM calls render() uses. */
function fakePage({ documentTotal, codeIds, coders }) {
  const total = { dataset: { total: String(documentTotal) }, textContent: "" };
  const showing = { textContent: "" };
  const empty = { hidden: true };
  const numbers = new Map();
  const boxes = codeIds.map((id) => {
    const number = { textContent: "" };
    numbers.set(id, number);
    const row = { querySelector: () => number };
    return { value: String(id), closest: () => row };
  });
  const options = ["", ...coders].map((value) => ({ value, textContent: "" }));
  const form = {
    querySelectorAll: (selector) => (selector.startsWith("input") ? boxes : options),
  };
  const read = () => ({
    header: total.textContent,
    showing: showing.textContent,
    empty: !empty.hidden,
    codes: Object.fromEntries([...numbers].map(([id, n]) => [id, n.textContent])),
    coders: options.map((option) => option.textContent),
  });
  return { parts: { total, showing, form, empty }, read };
}

// ------------------------------------------------------------ the counts

test("counts say one coding and several codings in British English", () => {
  assert.equal(plural(1, "coding"), "1 coding");
  assert.equal(plural(0, "coding"), "0 codings");
  assert.equal(plural(1234, "coding"), "1,234 codings");
});

test("a tally counts the page's codings by code, coder and filter", () => {
  const counts = tally([hope, trust, { ...hope, id: 5 }], (c) => c.codeId === 3, 10);
  assert.equal(counts.total, 13);
  assert.equal(counts.onPage, 3);
  assert.equal(counts.shown, 2);
  assert.deepEqual([...counts.perCode], [[3, 2], [4, 1]]);
  assert.deepEqual([...counts.perCoder], [["tester", 2], ["analyst", 1]]);
});

test("the showing line says all, or how many of the codings", () => {
  assert.equal(showingLine(tally([hope, trust], all)), "Showing all 2 codings.");
  assert.equal(showingLine(tally([hope, trust], (c) => c === hope)), "Showing 1 of 2 codings.");
  assert.equal(showingLine(tally([], all)), "Showing all 0 codings.");
});

test("a coder's label counts their codings; everyone's counts the page's", () => {
  const counts = tally([hope, trust, { ...trust, id: 9 }], all);
  assert.equal(coderLabel("", counts), "Everyone (3)");
  assert.equal(coderLabel("analyst", counts), "analyst (2)");
  assert.equal(coderLabel("nobody", counts), "nobody (0)");
});

// ------------------------------------------------------------ kept in step

test("the header follows apply, remove and undo of a coding", () => {
  const page = fakePage({ documentTotal: 0, codeIds: [3], coders: ["tester"] });
  const counts = new CodingCounts({ ...page.parts, atLoad: 0 });
  counts.render([], all);
  assert.equal(page.read().header, "0 codings");
  assert.equal(page.read().empty, true);

  counts.render([hope], all); // applied
  assert.deepEqual(page.read(), {
    header: "1 coding",
    showing: "Showing all 1 coding.",
    empty: false,
    codes: { 3: "1" },
    coders: ["Everyone (1)", "tester (1)"],
  });

  counts.render([], all); // removed
  assert.deepEqual(page.read(), {
    header: "0 codings",
    showing: "Showing all 0 codings.",
    empty: true,
    codes: { 3: "0" },
    coders: ["Everyone (0)", "tester (0)"],
  });

  counts.render([{ ...hope, id: 7 }], all); // put back by Undo (a new id)
  assert.equal(page.read().header, "1 coding");
  assert.equal(page.read().empty, false);
});

test("changing a coding's code moves its count between codes, not the total", () => {
  const page = fakePage({ documentTotal: 2, codeIds: [3, 4], coders: ["analyst", "tester"] });
  const counts = new CodingCounts({ ...page.parts, atLoad: 2 });
  counts.render([hope, trust], all);
  assert.deepEqual(page.read().codes, { 3: "1", 4: "1" });
  counts.render([{ ...hope, codeId: 4 }, trust], all);
  assert.deepEqual(page.read().codes, { 3: "0", 4: "2" });
  assert.equal(page.read().header, "2 codings");
});

test("filters change what is shown, never the totals", () => {
  const page = fakePage({ documentTotal: 2, codeIds: [3, 4], coders: ["analyst", "tester"] });
  const counts = new CodingCounts({ ...page.parts, atLoad: 2 });
  counts.render([hope, trust], (c) => c.coder === "analyst");
  assert.equal(page.read().showing, "Showing 1 of 2 codings.");
  assert.equal(page.read().header, "2 codings");
  assert.deepEqual(page.read().coders, ["Everyone (2)", "analyst (1)", "tester (1)"]);
});

test("on a page of a long document the header counts the other pages' codings too", () => {
  // The document has 12 codings, 2 of them on this page.
  const page = fakePage({ documentTotal: 12, codeIds: [3, 4], coders: ["tester"] });
  const counts = new CodingCounts({ ...page.parts, atLoad: 2 });
  counts.render([hope, trust], all);
  assert.equal(page.read().header, "12 codings");
  assert.equal(page.read().showing, "Showing all 2 codings.");
  counts.render([hope, trust, { ...hope, id: 8 }], all);
  assert.equal(page.read().header, "13 codings");
  counts.render([trust], all);
  assert.equal(page.read().header, "11 codings");
});

test("a page without a header total counts its own codings", () => {
  const page = fakePage({ documentTotal: 0, codeIds: [], coders: [] });
  const counts = new CodingCounts({ ...page.parts, total: null, atLoad: 1 });
  assert.equal(counts.offPage, 0);
  counts.render([hope], all);
  assert.equal(page.read().showing, "Showing all 1 coding.");
});
