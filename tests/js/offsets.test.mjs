// Converting the browser's UTF-16 offsets to qualframe's code points and back.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  codePointLength,
  codePointOffset,
  findBlock,
  isBmpOnly,
  spanPieces,
  trimSpan,
  utf16Offset,
} from "../../src/qualframe/web/static/js/offsets.js";

// The sample study's texts: an astral emoji (two UTF-16 units, one code point)
// and "Ñ̈" (N with tilde, NFC-composed, then a combining diaeresis).
const EMOJI = "I had been on the ward myself 🙂 and I knew what it was like.";
const COMBINING = "Zoë and the Ñ̈ group helped me trust the service again.";

test("text without surrogates counts the same in both units", () => {
  assert.equal(isBmpOnly(COMBINING), true);
  assert.equal(codePointOffset(COMBINING, 20), 20);
  assert.equal(utf16Offset(COMBINING, 20), 20);
});

test("an emoji is two UTF-16 units but one code point", () => {
  assert.equal(isBmpOnly(EMOJI), false);
  const after = EMOJI.indexOf(" and I knew"); // UTF-16 index, after the emoji
  assert.equal(codePointOffset(EMOJI, after), after - 1);
  assert.equal(utf16Offset(EMOJI, after - 1), after);
  assert.equal(codePointLength(EMOJI), EMOJI.length - 1);
  assert.equal(Array.from(EMOJI).length, codePointLength(EMOJI));
});

test("offsets before the emoji are unchanged", () => {
  const before = EMOJI.indexOf("🙂");
  assert.equal(codePointOffset(EMOJI, before), before);
  assert.equal(utf16Offset(EMOJI, before), before);
});

test("an index inside a surrogate pair never cuts the character in half", () => {
  const inside = EMOJI.indexOf("🙂") + 1;
  assert.equal(codePointOffset(EMOJI, inside), inside - 1, "a start rounds down");
  assert.equal(codePointOffset(EMOJI, inside, { roundUp: true }), inside, "an end rounds up");
});

test("a combining mark is a code point of its own in both counts", () => {
  const base = COMBINING.indexOf("Ñ");
  assert.equal(COMBINING[base + 1], "\u0308");
  assert.equal(codePointOffset(COMBINING, base + 2), base + 2);
  assert.equal(utf16Offset(COMBINING, base + 2), base + 2);
  assert.equal(COMBINING.normalize("NFC"), COMBINING, "the sample is stored as NFC");
});

test("conversions round-trip at every code point of mixed text", () => {
  const text = `${EMOJI} ${COMBINING} 👩🏽‍⚕️ done`;
  const points = Array.from(text);
  for (let cp = 0; cp <= points.length; cp += 1) {
    const unit = utf16Offset(text, cp);
    assert.equal(unit, points.slice(0, cp).join("").length);
    assert.equal(codePointOffset(text, unit), cp);
  }
});

test("offsets past the end are clamped", () => {
  assert.equal(utf16Offset("abc", 10), 3);
  assert.equal(codePointOffset("abc", 10), 3);
});

test("findBlock finds the last block starting at or before a position", () => {
  const starts = [0, 45, 158, 202];
  assert.equal(findBlock(starts, 0), 0);
  assert.equal(findBlock(starts, 44), 0);
  assert.equal(findBlock(starts, 45), 1);
  assert.equal(findBlock(starts, 500), 3);
  assert.equal(findBlock([10, 20], 5), -1);
});

test("a span is cut into the pieces inside each block, skipping the gaps", () => {
  const blocks = [
    { start: 0, end: 43 },
    { start: 45, end: 156 },
    { start: 158, end: 200 },
  ];
  assert.deepEqual(spanPieces(blocks, 40, 160), [
    { index: 0, start: 40, end: 43 },
    { index: 1, start: 45, end: 156 },
    { index: 2, start: 158, end: 160 },
  ]);
  assert.deepEqual(spanPieces(blocks, 43, 45), []);
  assert.deepEqual(spanPieces(blocks, 5, 5), []);
});

test("trimSpan drops white space at both ends, or gives null", () => {
  assert.deepEqual(trimSpan("  hope \n", 0, 8), [2, 6]);
  assert.equal(trimSpan("   ", 0, 3), null);
});
