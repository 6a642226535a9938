// The sentence around a caret.
import assert from "node:assert/strict";
import { test } from "node:test";

import { sentenceAt, sentences } from "../../src/qualframe/web/static/js/text_units.js";

const TEXT = "P01: Lived experience is not enough. You need patience, and resilience on hard days. Some situations are harrowing.";

test("the sentence around the caret, without the spaces after it", () => {
  const caret = TEXT.indexOf("patience");
  const [start, end] = sentenceAt(TEXT, caret);
  assert.equal(TEXT.slice(start, end), "You need patience, and resilience on hard days.");
});

test("a caret right after a sentence belongs to it", () => {
  const end = TEXT.indexOf("enough.") + "enough.".length;
  const [start, stop] = sentenceAt(TEXT, end);
  assert.equal(TEXT.slice(start, stop), "P01: Lived experience is not enough.");
});

test("the last sentence and white space only", () => {
  const [start, end] = sentenceAt(TEXT, TEXT.length);
  assert.equal(TEXT.slice(start, end), "Some situations are harrowing.");
  assert.equal(sentenceAt("   ", 1), null);
});

test("sentences cover the whole text in order", () => {
  const spans = sentences(TEXT);
  assert.equal(spans[0][0], 0);
  assert.equal(spans.at(-1)[1], TEXT.length);
  assert.equal(spans.length, 3);
});

test("emoji inside a sentence do not split it", () => {
  const text = "I was on the ward 🙂 and I knew. Trust starts there.";
  const [start, end] = sentenceAt(text, 3);
  assert.equal(text.slice(start, end), "I was on the ward 🙂 and I knew.");
});
