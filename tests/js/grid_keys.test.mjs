// Moving around the matrix grid with the keyboard (static/js/grid_keys.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { nextCell, PAGE_ROWS } from "../../src/qualframe/web/static/js/grid_keys.js";

const size = { rows: 30, columns: 5 };

test("arrow keys move one cell and stop at the edges", () => {
  assert.deepEqual(nextCell({ row: 3, column: 2 }, { key: "ArrowUp" }, size), { row: 2, column: 2 });
  assert.deepEqual(nextCell({ row: 3, column: 2 }, { key: "ArrowDown" }, size), { row: 4, column: 2 });
  assert.deepEqual(nextCell({ row: 3, column: 2 }, { key: "ArrowLeft" }, size), { row: 3, column: 1 });
  assert.deepEqual(nextCell({ row: 3, column: 2 }, { key: "ArrowRight" }, size), { row: 3, column: 3 });
  assert.deepEqual(nextCell({ row: 0, column: 0 }, { key: "ArrowUp" }, size), { row: 0, column: 0 });
  assert.deepEqual(nextCell({ row: 29, column: 4 }, { key: "ArrowRight" }, size), { row: 29, column: 4 });
});

test("Home and End go along the row; with Ctrl, to the grid's corners", () => {
  assert.deepEqual(nextCell({ row: 3, column: 2 }, { key: "Home" }, size), { row: 3, column: 0 });
  assert.deepEqual(nextCell({ row: 3, column: 2 }, { key: "End" }, size), { row: 3, column: 4 });
  assert.deepEqual(nextCell({ row: 3, column: 2 }, { key: "Home", ctrlKey: true }, size), { row: 0, column: 0 });
  assert.deepEqual(nextCell({ row: 3, column: 2 }, { key: "End", metaKey: true }, size), { row: 29, column: 4 });
});

test("Page Up and Page Down move ten rows at most to the edge", () => {
  assert.equal(PAGE_ROWS, 10);
  assert.deepEqual(nextCell({ row: 3, column: 1 }, { key: "PageDown" }, size), { row: 13, column: 1 });
  assert.deepEqual(nextCell({ row: 25, column: 1 }, { key: "PageDown" }, size), { row: 29, column: 1 });
  assert.deepEqual(nextCell({ row: 3, column: 1 }, { key: "PageUp" }, size), { row: 0, column: 1 });
});

test("other keys are left to the browser, and an empty grid goes nowhere", () => {
  assert.equal(nextCell({ row: 0, column: 0 }, { key: "Enter" }, size), null);
  assert.equal(nextCell({ row: 0, column: 0 }, { key: "a" }, size), null);
  assert.equal(nextCell({ row: 0, column: 0 }, { key: "ArrowDown" }, { rows: 0, columns: 3 }), null);
});
