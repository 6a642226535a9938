// Undoing a coding's change puts back its code and span, stating what the change left.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  changeSentence,
  isChange,
  stateOf,
  undoBody,
} from "../../src/qualframe/web/static/js/coding_undo.js";

const before = { id: 7, code_id: 3, code: "Hope", start: 10, end: 20, text: "x" };

test("the undo body puts back the code and span and states the changed coding as read", () => {
  const after = { ...before, code_id: 4, code: "Trust" };
  assert.deepEqual(undoBody(before, after), {
    code_id: 3,
    start: 10,
    end: 20,
    if_unchanged: { code_id: 4, start: 10, end: 20 },
  });
});

test("stateOf keeps only the code and the span", () => {
  assert.deepEqual(stateOf(before), { code_id: 3, start: 10, end: 20 });
});

test("a change to the same code and span is no change (nothing to undo)", () => {
  assert.equal(isChange(before, { ...before }), false);
  assert.equal(isChange(before, { ...before, end: 25 }), true);
  assert.equal(isChange(before, { ...before, code_id: 9 }), true);
});

test("the sentence says what changed", () => {
  assert.equal(changeSentence(before, { ...before, code_id: 4, code: "Trust" }), "Changed the code from Hope to Trust.");
  assert.equal(changeSentence(before, { ...before, start: 0, end: 30 }), "Changed the span (extended).");
  assert.equal(changeSentence(before, { ...before, start: 12 }), "Changed the span (shortened).");
  assert.equal(changeSentence(before, { ...before, start: 15, end: 25 }), "Changed the span (moved).");
  assert.equal(
    changeSentence(before, { ...before, code_id: 4, code: "Trust", end: 30 }),
    "Changed the code from Hope to Trust and the span (extended).",
  );
});
