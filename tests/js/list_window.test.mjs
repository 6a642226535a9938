// A long codings list draws only the rows in view (and a few either side).
import assert from "node:assert/strict";
import { test } from "node:test";

import { rowAfterKey, rowWindow, scrollFor } from "../../src/qualframe/web/static/js/list_window.js";

test("only the rows in view and the overscan are drawn", () => {
  assert.deepEqual(rowWindow(10_000, 50, 0, 500, 10), { first: 0, last: 20 });
  assert.deepEqual(rowWindow(10_000, 50, 100_000, 500, 10), { first: 1990, last: 2020 });
});

test("the window stops at the list's ends", () => {
  assert.deepEqual(rowWindow(10_000, 50, 499_800, 500, 10), { first: 9986, last: 10_000 });
  assert.deepEqual(rowWindow(3, 50, 0, 500), { first: 0, last: 3 });
  assert.deepEqual(rowWindow(0, 50, 0, 500), { first: 0, last: 0 });
});

test("a scroll beyond the end (the list shrank) still draws its last row", () => {
  assert.deepEqual(rowWindow(5, 50, 10_000, 500, 2), { first: 4, last: 5 });
});

test("a row in full view keeps the scroll; another is centred", () => {
  assert.equal(scrollFor(5, 50, 0, 500), 0);
  assert.equal(scrollFor(9_000, 50, 0, 500), 9_000 * 50 - 225);
  assert.equal(scrollFor(0, 50, 5_000, 500), 0);
});

test("arrow, page and home/end keys move within the list", () => {
  assert.equal(rowAfterKey("ArrowDown", 0, 3), 1);
  assert.equal(rowAfterKey("ArrowDown", 2, 3), 2);
  assert.equal(rowAfterKey("ArrowUp", 0, 3), 0);
  assert.equal(rowAfterKey("End", 0, 3_000), 2_999);
  assert.equal(rowAfterKey("Home", 2_000, 3_000), 0);
  assert.equal(rowAfterKey("PageDown", 5, 3_000, 10), 15);
  assert.equal(rowAfterKey("Tab", 5, 3_000), null);
  assert.equal(rowAfterKey("ArrowDown", 0, 0), null);
});
