import test from "node:test";
import assert from "node:assert/strict";

import { fileSize, parsePosition, positionChange, supported } from "../../src/qualframe/web/static/js/document_list.js";

test("file sizes read naturally", () => {
  assert.equal(fileSize(1), "1 byte");
  assert.equal(fileSize(812), "812 bytes");
  assert.equal(fileSize(14 * 1024), "14 KB");
  assert.equal(fileSize(2.5 * 1024 * 1024), "2.5 MB");
});

test("a position is blank or a whole number from 0", () => {
  assert.equal(parsePosition(""), null);
  assert.equal(parsePosition(" 3 "), 3);
  assert.equal(parsePosition("0"), 0);
  assert.equal(parsePosition("-1"), undefined);
  assert.equal(parsePosition("2.5"), undefined);
  assert.equal(parsePosition("two"), undefined);
});

test("only the importable types are supported", () => {
  const accepted = ".txt,.md,.docx,.vtt";
  assert.ok(supported("Interview P01.DOCX", accepted));
  assert.ok(supported("fg.vtt", accepted));
  assert.ok(!supported("notes.odt", accepted));
  assert.ok(!supported("notes.odt", ""));
});

test("a position is sent with the document's version when the page has it", () => {
  assert.deepEqual(positionChange(3, "2"), { position: 3, if_version: 2 });
  assert.deepEqual(positionChange(null, ""), { position: null });
  assert.deepEqual(positionChange(1, undefined), { position: 1 });
});
