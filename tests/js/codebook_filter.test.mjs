import test from "node:test";
import assert from "node:assert/strict";

import { fold, statusText, visibleCodes } from "../../src/qualframe/web/static/js/codebook_filter.js";

// Trust > Shared experience; Hope (retired) > Future; Boundaries
const CODES = [
  { id: 1, parent: null, text: "trust trust between peer workers and service users." },
  { id: 2, parent: 1, text: "shared experience" },
  { id: 3, parent: null, text: "hope hope for recovery.", retired: true },
  { id: 4, parent: 3, text: "future", retired: true },
  { id: 5, parent: null, text: fold("Boundaries Straße") },
];

test("folding ignores case, accents' composition and spacing like Python's casefold", () => {
  assert.equal(fold("  Peer   SUPPORT "), "peer support");
  assert.equal(fold("Straße"), "strasse");
  assert.equal(fold("Zoe\u0308"), "zoë");
  assert.equal(fold(null), "");
});

test("an empty query shows every code", () => {
  const result = visibleCodes(CODES, "  ");
  assert.deepEqual([...result.shown].sort(), [1, 2, 3, 4, 5]);
  assert.equal(result.matched.size, 5);
});

test("a match shows its ancestors for context without matching them", () => {
  const result = visibleCodes(CODES, "Experience");
  assert.deepEqual([...result.matched], [2]);
  assert.deepEqual([...result.shown].sort(), [1, 2]);
});

test("every word must appear, in the name or the texts", () => {
  assert.deepEqual([...visibleCodes(CODES, "peer users").matched], [1]);
  assert.deepEqual([...visibleCodes(CODES, "peer hope").matched], []);
  assert.deepEqual([...visibleCodes(CODES, "STRASSE").matched], [5]);
});

test("hiding retired codes leaves out what lies under them", () => {
  const result = visibleCodes(CODES, "", { hideRetired: true });
  assert.deepEqual([...result.shown].sort(), [1, 2, 5]);
  assert.equal(result.listed, 3);
  assert.deepEqual([...visibleCodes(CODES, "future", { hideRetired: true }).shown], []);
});

test("the status line counts matches or codes", () => {
  assert.equal(statusText(visibleCodes(CODES, ""), ""), "5 codes.");
  assert.equal(statusText(visibleCodes(CODES, "trust"), " trust "), "1 code of 5 match “trust”.");
});
