// Converting offsets between the browser and qualframe.
//
// The browser counts UTF-16 code units (an emoji such as "🙂" is two of
// them); qualframe stores and speaks Unicode code points of the NFC text
// (the emoji is one). These pure functions convert at the edge, so the
// offsets sent to the API are always code points. A combining mark ("N" +
// U+0303) is a code point of its own in both counts.
//
// No DOM access: Node's test runner imports this module directly.

/** Whether `text` has no surrogate pairs (then both counts agree). */
export function isBmpOnly(text) {
  return !/[\uD800-\uDFFF]/.test(text);
}

function isHigh(unit) {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit) {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * How many code points `text` has before UTF-16 index `index`.
 * An index between the two halves of a surrogate pair (which a browser
 * should never give) counts the pair when `roundUp` (a span's end) and not
 * otherwise (a span's start), so a span never cuts a character in half.
 */
export function codePointOffset(text, index, { roundUp = false } = {}) {
  const limit = Math.max(0, Math.min(index, text.length));
  let count = 0;
  for (let i = 0; i < limit; i += 1) {
    const unit = text.charCodeAt(i);
    if (isHigh(unit) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      if (i + 1 === limit) return roundUp ? count + 1 : count;
      i += 1;
    }
    count += 1;
  }
  return count;
}

/** The UTF-16 index of code point offset `codePoints` in `text` (clamped to its length). */
export function utf16Offset(text, codePoints) {
  let index = 0;
  let count = 0;
  while (index < text.length && count < codePoints) {
    const unit = text.charCodeAt(index);
    index += isHigh(unit) && index + 1 < text.length && isLow(text.charCodeAt(index + 1)) ? 2 : 1;
    count += 1;
  }
  return index;
}

/** Length of `text` in code points. */
export function codePointLength(text) {
  return codePointOffset(text, text.length);
}

/**
 * Index of the last of `starts` (ascending) that is <= `position`; -1 when
 * `position` comes before them all. Binary search.
 */
export function findBlock(starts, position) {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (starts[middle] <= position) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * The parts of the span [start, end) (code points) inside each block;
 * `blocks` are {start, end} in text order, not overlapping. Returns
 * [{index, start, end}] (absolute code points), skipping the gaps between
 * blocks: what a highlight paints.
 */
export function spanPieces(blocks, start, end) {
  const pieces = [];
  if (!(start < end) || blocks.length === 0) return pieces;
  let index = Math.max(0, findBlock(blocks.map((b) => b.start), start));
  for (; index < blocks.length && blocks[index].start < end; index += 1) {
    const block = blocks[index];
    const from = Math.max(start, block.start);
    const to = Math.min(end, block.end);
    if (from < to) pieces.push({ index, start: from, end: to });
  }
  return pieces;
}

const SPACE = /\s/u;

/**
 * [start, end) (indices into `text`, any unit) without white space at either
 * end; null when nothing but white space is left.
 */
export function trimSpan(text, start, end) {
  let from = Math.max(0, start);
  let to = Math.min(text.length, end);
  while (from < to && SPACE.test(text[from])) from += 1;
  while (to > from && SPACE.test(text[to - 1])) to -= 1;
  return from < to ? [from, to] : null;
}
