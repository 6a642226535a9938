// The rules of editing a matrix cell (static/js/cell_logic.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  cellKey,
  cellQuery,
  cleanSummary,
  countsText,
  editedStatus,
  formatWhen,
  gridCounts,
  isDirty,
  isSaveShortcut,
  moveItem,
  passageSelection,
  plural,
  refusalText,
  savePlan,
  selectedPassage,
  versioned,
  versionedQuery,
} from "../../src/qualframe/web/static/js/cell_logic.js";

test("a summary is cleaned as the server stores it", () => {
  assert.equal(cleanSummary("  one\r\ntwo\rthree \n"), "one\ntwo\nthree");
  assert.equal(cleanSummary(null), "");
});

test("a status the analyst picked is kept", () => {
  assert.equal(editedStatus("empty", "draft", "Text"), "draft");
  assert.equal(editedStatus("done", "no_data", ""), "no_data");
});

test("writing in a cell still to chart leaves the status to the server (done)", () => {
  assert.equal(editedStatus("empty", "empty", "Hopes things improve."), null);
});

test("clearing a summary leaves the status to the server (back to chart)", () => {
  assert.equal(editedStatus("done", "done", "  "), null);
  assert.equal(editedStatus("draft", "draft", ""), null);
});

test("rewriting a draft keeps it a draft", () => {
  assert.equal(editedStatus("draft", "draft", "Better words."), "draft");
  assert.equal(editedStatus("no_data", "no_data", "Did not come up."), "no_data");
});

test("saving plans nothing, a status change, or a summary write", () => {
  const original = { summary: "Text", status: "done" };
  assert.deepEqual(savePlan(original, { summary: "Text\r\n", status: "done" }), { kind: "none" });
  assert.deepEqual(savePlan(original, { summary: "Text", status: "draft" }), { kind: "status", status: "draft" });
  assert.deepEqual(savePlan(original, { summary: " New ", status: "done" }), { kind: "summary", summary: "New", status: "done" });
  assert.deepEqual(
    savePlan({ summary: "", status: "empty" }, { summary: "New", status: "empty" }),
    { kind: "summary", summary: "New", status: null },
  );
  assert.equal(isDirty(original, { summary: "Text", status: "done" }), false);
  assert.equal(isDirty(original, { summary: "Text!", status: "done" }), true);
});

test("counts read as the server writes them", () => {
  assert.equal(plural(1, "coding"), "1 coding");
  assert.equal(plural(1234, "coding"), "1,234 codings");
  const base = { rowKind: "participant", codings: 3, participants: 1, quotes: 1, excerpts: 2 };
  assert.equal(countsText(base), "3 codings · 1 quote · 2 not quoted");
  assert.equal(countsText({ ...base, quotes: 0, excerpts: 3 }), "3 codings · none quoted");
  assert.equal(countsText({ ...base, quotes: 3, excerpts: 0 }), "3 codings · 3 quotes");
  assert.equal(countsText({ ...base, codings: 0, quotes: 0, excerpts: 0 }), "no codings");
  assert.equal(
    countsText({ ...base, rowKind: "case", participants: 2 }),
    "3 codings · 2 participants · 1 quote · 2 not quoted",
  );
});

test("a grid cell keeps the matrix's counts and takes the cell's quotes", () => {
  const cell = { quotes: [{}, {}], codings: 9, participants: 4 };
  assert.deepEqual(gridCounts("case", { codings: 3, participants: 2 }, cell), {
    rowKind: "case", codings: 3, participants: 2, quotes: 2, excerpts: 1,
  });
  assert.equal(gridCounts("case", { codings: 1, participants: 1 }, cell).excerpts, 0);
});

test("a quote moves one place, never past either end", () => {
  assert.deepEqual(moveItem([1, 2, 3], 1, -1), [2, 1, 3]);
  assert.deepEqual(moveItem([1, 2, 3], 1, 1), [1, 3, 2]);
  assert.equal(moveItem([1, 2, 3], 0, -1), null);
  assert.equal(moveItem([1, 2, 3], 2, 1), null);
});

test("times, cell addresses and keys", () => {
  assert.equal(formatWhen("2026-12-01T14:05:33.123456"), "2026-12-01 14:05");
  assert.equal(formatWhen(null), "");
  assert.equal(
    cellQuery({ rowKind: "group", row: "employer=NHS|stakeholder group=peer worker", code: 5 }, true),
    "row_kind=group&row=employer%3DNHS%7Cstakeholder+group%3Dpeer+worker&code_id=5&include_subcodes=1",
  );
  assert.equal(cellQuery({ row: "P01", code: "7" }, false), "row=P01&code_id=7");
  assert.equal(cellKey("participant", "P01", 7), "participant|P01|7");
});

test("Ctrl+Enter and Cmd+Enter save; Enter alone does not", () => {
  assert.equal(isSaveShortcut({ key: "Enter", ctrlKey: true }), true);
  assert.equal(isSaveShortcut({ key: "Enter", metaKey: true }), true);
  assert.equal(isSaveShortcut({ key: "Enter" }), false);
  assert.equal(isSaveShortcut({ key: "Enter", ctrlKey: true, altKey: true }), false);
});

test("a change states the version of the cell it was made from", () => {
  assert.deepEqual(versioned({ status: "done" }, 3), { status: "done", if_version: 3 });
  assert.deepEqual(versioned({}, 0), { if_version: 0 });  // a cell not stored yet
  assert.deepEqual(versioned({ status: "done" }, null), { status: "done" });
  assert.equal(versionedQuery("row=P01&code_id=3", 2), "row=P01&code_id=3&if_version=2");
  assert.equal(versionedQuery("row=P01&code_id=3", undefined), "row=P01&code_id=3");
});

test("a stale version says the text is kept; other refusals that nothing changed", () => {
  const stale = {
    message: "The cell P01 × 'Hope' was changed by someone else since you read it; nothing was saved.",
    status: 409,
    body: { error: { type: "StaleVersionError" } },
  };
  assert.match(refusalText(stale), /^The cell P01 × 'Hope' was changed by someone else/);
  assert.match(refusalText(stale), /Your text is still here, not saved/);
  const quoted = { message: "Coding 4 is already quoted.", status: 409, body: { error: { type: "ConflictError" } } };
  assert.equal(refusalText(quoted), "Nothing was changed. Coding 4 is already quoted.");
});

test("words selected in a quote become a passage in code points of the document", () => {
  // The quote "I 🙂 agree. Really." ends at document offset 118 (18 code points,
  // 19 UTF-16 units: the emoji is two), so it starts at 100.
  const text = "I 🙂 agree. Really.";
  assert.deepEqual(selectedPassage(text, 118, 5, 12), { start: 104, end: 110, text: "agree." });
  // White space around the selection is left out; only white space is nothing.
  assert.deepEqual(selectedPassage(text, 118, 11, 20), { start: 111, end: 118, text: "Really." });
  assert.equal(selectedPassage(text, 118, 11, 12), null);
  // A selection made backwards counts the same.
  assert.deepEqual(selectedPassage(text, 118, 12, 5), selectedPassage(text, 118, 5, 12));
});

test("a quote's passage is selected again in its whole coding", () => {
  const part = { whole: false, start: 104, end: 110, coding_end: 118, coding_text: "I 🙂 agree. Really." };
  assert.deepEqual(passageSelection(part), { start: 5, end: 11 });
  assert.deepEqual(passageSelection({ ...part, whole: true }), { start: 0, end: 0 });
});
