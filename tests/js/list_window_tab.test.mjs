// Tab in a lazily drawn list moves one row on, past the edge of the rows drawn.
import assert from "node:assert/strict";
import { test } from "node:test";

import { rowAfterTab } from "../../src/qualframe/web/static/js/list_window.js";

test("tab and shift+tab move one row on and back", () => {
  assert.equal(rowAfterTab(19, 3000), 20);
  assert.equal(rowAfterTab(20, 3000, true), 19);
});

test("past the first or last row tab leaves the list", () => {
  assert.equal(rowAfterTab(2999, 3000), null);
  assert.equal(rowAfterTab(0, 3000, true), null);
  assert.equal(rowAfterTab(-1, 3000), null);
  assert.equal(rowAfterTab(0, 0), null);
});
