// The memo form's links (memo_links.js) and the document view's annotations
// (annotations.js): the pure parts, without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import { annotationsIn, shortText } from "../../src/qualframe/web/static/js/annotations.js";
import { childrenFor, kindOf, rowNames } from "../../src/qualframe/web/static/js/memo_links.js";

test("a link value names its kind; the project names none", () => {
  assert.equal(kindOf("code:12"), "code");
  assert.equal(kindOf("document:3:120-180"), "document");
  assert.equal(kindOf("project"), "");
  assert.equal(kindOf(""), "");
});

test("a type keeps the project, that kind's group and loose options of that kind", () => {
  const children = [
    { tagName: "OPTION", value: "project" },
    { tagName: "OPTION", value: "coding:5" },
    { tagName: "OPTION", value: "document:3:1-9" },
    { tagName: "OPTGROUP", dataset: { kind: "code" } },
    { tagName: "OPTGROUP", dataset: { kind: "document" } },
  ];
  const kept = (kind) => childrenFor(children, kind).map((c) => c.value ?? c.dataset.kind);
  assert.deepEqual(kept("document"), ["project", "document:3:1-9", "document"]);
  assert.deepEqual(kept("coding"), ["project", "coding:5"]);
  assert.deepEqual(kept(""), ["project", "coding:5", "document:3:1-9", "code", "document"]);
});

test("the first row is About, the others are numbered", () => {
  assert.deepEqual(rowNames(1), { objectId: "f-link", typeId: "f-link-type-1", first: true });
  assert.deepEqual(rowNames(3), { objectId: "f-link-3", typeId: "f-link-type-3", first: false });
});

test("annotations are read from the memos section's passage links, in text order", () => {
  const link = (memo, start, end, title) => ({
    dataset: { memo: String(memo), start: String(start), end: String(end), title },
  });
  const section = {
    querySelectorAll: () => [link(2, 40, 50, "Later"), link(1, 3, 9, "Early"), link(3, 7, 7, "Empty")],
  };
  assert.deepEqual(annotationsIn(section), [
    { memo: 1, title: "Early", start: 3, end: 9 },
    { memo: 2, title: "Later", start: 40, end: 50 },
  ]);
});

test("a quoted passage is shortened on one line", () => {
  assert.equal(shortText("  Lived\n\nexperience  ", 40), "Lived experience");
  assert.equal(shortText("abcdefghij", 5), "abcd…");
});
