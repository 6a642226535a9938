// Finding codes in the palette.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  createLabel,
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

test("exact names, then name starts, then word starts, then words of the path", () => {
  assert.deepEqual(ids(filterCodes(codes, "h")), [3, 6]);
  assert.deepEqual(ids(filterCodes(codes, "gro")), [6]);
  assert.deepEqual(ids(filterCodes(codes, "exp")), [2]);
  assert.deepEqual(ids(filterCodes(codes, "trust")), [1, 2]);
  assert.deepEqual(ids(filterCodes(codes, "trust shared")), [2, 1]);
});

test("a code sharing no word with the query is never listed", () => {
  assert.deepEqual(ids(filterCodes(codes, "e")), [2]); // not Hope or Boundaries: "e" starts no word
  assert.deepEqual(ids(filterCodes(codes, "shex")), []); // scattered letters are not a word
  assert.deepEqual(ids(filterCodes(codes, "ust")), []);
  assert.equal(matchScore("zzz", codes[0]), null);
  assert.deepEqual(ids(filterCodes(codes, "peer trust")), [1, 2]); // they share "trust"
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
  const plain = newCodeRequest(codes, "Resilience");
  assert.deepEqual(plain, { path: ["Resilience"], name: "Resilience", newThemes: [] });
  assert.equal(createLabel(plain), "Create code “Resilience”");
  const under = newCodeRequest(codes, "trust >  Safety ");
  assert.deepEqual(under, { path: ["trust", "Safety"], name: "Safety", newThemes: [] });
  assert.equal(createLabel(under), "Create code “Safety” in trust");
  assert.match(newCodeRequest(codes, " > ").error, /Type the new code's name/);
});

test("a new theme and its code are created in one step", () => {
  const both = newCodeRequest(codes, "Belonging > Being heard");
  assert.deepEqual(both, {
    path: ["Belonging", "Being heard"],
    name: "Being heard",
    newThemes: ["Belonging"],
  });
  assert.equal(createLabel(both), "Create code “Being heard” in Belonging (new: “Belonging”)");
  const deeper = newCodeRequest(codes, "Trust > Safety > At night");
  assert.deepEqual(deeper.newThemes, ["Safety"]);
});
