// Finding codes in the palette.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  filterCodes,
  fold,
  hasExactMatch,
  matchScore,
  newCodeRequest,
  pushRecent,
} from "../../src/qualframe/web/static/js/palette_filter.js";

const codes = [
  { id: 1, name: "Trust", path: "Trust", retired: false },
  { id: 2, name: "Shared experience", path: "Trust > Shared experience", retired: false },
  { id: 3, name: "Hope", path: "Hope", retired: false },
  { id: 4, name: "Boundaries", path: "Boundaries", retired: false },
  { id: 5, name: "Old idea", path: "Old idea", retired: true },
  { id: 6, name: "Zoë's group", path: "Hope > Zoë's group", retired: false },
];
const ids = (list) => list.map((code) => code.id);

test("an empty query offers every code still in use, in codebook order", () => {
  assert.deepEqual(ids(filterCodes(codes, "")), [1, 2, 3, 4, 6]);
});

test("retired codes are never offered", () => {
  assert.deepEqual(ids(filterCodes(codes, "old")), []);
});

test("name starts come before word starts, parts of names and parts of paths", () => {
  assert.deepEqual(ids(filterCodes(codes, "h")), [3, 2, 6]);
  assert.deepEqual(ids(filterCodes(codes, "gro")), [6]);
  assert.deepEqual(ids(filterCodes(codes, "e")), [2, 3, 4, 6]);
  assert.deepEqual(ids(filterCodes(codes, "exp")), [2]);
  assert.deepEqual(ids(filterCodes(codes, "trust")), [1, 2]);
});

test("letters in order find a code (fuzzy)", () => {
  assert.deepEqual(ids(filterCodes(codes, "shex")), [2]);
  assert.equal(matchScore("zzz", codes[0]), null);
});

test("matching ignores case and accents", () => {
  assert.equal(fold("  Zoë's  GROUP "), "zoe's group");
  assert.deepEqual(ids(filterCodes(codes, "ZOE")), [6]);
});

test("the recent list moves the applied code to the front and keeps nine", () => {
  assert.deepEqual(pushRecent([3, 1, 2], 2), [2, 3, 1]);
  const full = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  assert.deepEqual(pushRecent(full, 10), [10, 1, 2, 3, 4, 5, 6, 7, 8]);
});

test("creating a code: a plain name at the top, 'Theme > Name' under the theme", () => {
  assert.equal(hasExactMatch(codes, "hope"), true);
  assert.equal(hasExactMatch(codes, "Hopes"), false);
  assert.deepEqual(newCodeRequest(codes, "Resilience"), {
    name: "Resilience",
    parentId: null,
    parentPath: null,
  });
  assert.deepEqual(newCodeRequest(codes, "trust > Safety"), {
    name: "Safety",
    parentId: 1,
    parentPath: "Trust",
  });
  assert.match(newCodeRequest(codes, "Nothing > Safety").error, /no code "Nothing"/);
});
