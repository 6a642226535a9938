// Which highlights the document view adds at once and which in idle time
// (coding_layout.js: nearFirst): those near the screen first, then others
// in text order up to a budget.
import assert from "node:assert/strict";
import { test } from "node:test";

import { nearFirst } from "../../src/qualframe/web/static/js/coding_layout.js";

const spans = [0, 10, 20, 30, 40, 50].map((start) => ({ start, end: start + 5 }));
const near = (span) => span.start >= 30 && span.start < 50;

test("the items near the screen come first, then others in order up to the budget", () => {
  const { now, later } = nearFirst(spans, near, 3);
  assert.deepEqual(now.map((s) => s.start), [30, 40, 0]);
  assert.deepEqual(later.map((s) => s.start), [10, 20, 50]);
});

test("a budget of nothing takes only the items near the screen", () => {
  const { now, later } = nearFirst(spans, near, 0);
  assert.deepEqual(now.map((s) => s.start), [30, 40]);
  assert.deepEqual(later.map((s) => s.start), [0, 10, 20, 50]);
});

test("an endless budget takes every item, and nothing is left for later", () => {
  const { now, later } = nearFirst(spans, () => false, Infinity);
  assert.deepEqual(now, spans);
  assert.deepEqual(later, []);
});

test("the items near the screen are all taken even beyond the budget", () => {
  const { now, later } = nearFirst(spans, () => true, 2);
  assert.equal(now.length, 6);
  assert.deepEqual(later, []);
});
