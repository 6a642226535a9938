// Where codings are drawn in the document view: margin-bar lanes, the
// pieces of each bar in each reading block, the overlaps, the tints and
// labels of code colours. Pure functions on plain data (offsets are code
// points), unit-tested with Node; highlights.js puts the results on the page.

import { findBlock } from "./offsets.js";

/** Most lanes of margin bars drawn side by side; codings beyond are counted as "+N". */
export const MAX_LANES = 6;

/**
 * A lane (0, 1, ...) for each coding so that overlapping codings never share
 * one: greedy by start, longer first, each into the lowest free lane.
 * `codings` are {id, start, end}; returns Map id -> lane. A lane is free for
 * a coding only `gap` characters after its last coding ends: codings on the
 * same line would otherwise draw their bars over each other.
 */
export function assignLanes(codings, gap = 0) {
  const ordered = [...codings].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);
  const laneEnds = [];
  const lanes = new Map();
  for (const coding of ordered) {
    let lane = laneEnds.findIndex((end) => end + gap <= coding.start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(coding.end);
    } else {
      laneEnds[lane] = coding.end;
    }
    lanes.set(coding.id, lane);
  }
  return lanes;
}

/**
 * The bar pieces of each block: for each block index, a list of
 * {id, lane, top, height, chars, first}. `top` and `height` are percentages
 * of the block, measured in characters (no layout is needed, so it stays
 * fast for thousands of codings); `chars` is how many characters the piece
 * covers; `first` marks the piece where the coding starts (which carries
 * its label). Codings in lanes beyond `maxLanes` are not drawn but counted
 * in `overflow` (Map block index -> count). `blocks` are {start, end} in
 * order; `codings` {id, start, end}; `lanes` from assignLanes.
 */
export function barPieces(blocks, codings, lanes, maxLanes = MAX_LANES) {
  const pieces = new Map();
  const overflow = new Map();
  const starts = blocks.map((block) => block.start);
  for (const coding of codings) {
    const lane = lanes.get(coding.id) ?? 0;
    let index = findBlock(starts, coding.start);
    if (index < 0) index = 0;
    let first = true;
    for (; index < blocks.length && blocks[index].start < coding.end; index += 1) {
      const block = blocks[index];
      if (block.end <= coding.start) continue;
      if (lane >= maxLanes) {
        overflow.set(index, (overflow.get(index) ?? 0) + 1);
        continue;
      }
      const size = Math.max(1, block.end - block.start);
      const from = Math.max(coding.start, block.start) - block.start;
      const to = Math.min(coding.end, block.end) - block.start;
      const top = (100 * from) / size;
      const height = Math.max((100 * to) / size - top, 0);
      const piece = { id: coding.id, lane, top, height, chars: to - from, first };
      first = false;
      if (!pieces.has(index)) pieces.set(index, []);
      pieces.get(index).push(piece);
    }
  }
  return { pieces, overflow };
}

/**
 * The stretches where at least `least` codings overlap, as [{start, end, depth}]
 * (depth: the most codings over the stretch), merged and in order.
 */
export function overlaps(codings, least = 2) {
  const events = [];
  for (const coding of codings) {
    events.push([coding.start, 1], [coding.end, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const found = [];
  let depth = 0;
  let openedAt = null;
  let deepest = 0;
  for (const [position, change] of events) {
    depth += change;
    if (depth >= least && openedAt === null) {
      openedAt = position;
      deepest = depth;
    } else if (depth >= least) {
      deepest = Math.max(deepest, depth);
    } else if (openedAt !== null) {
      if (position > openedAt) found.push({ start: openedAt, end: position, depth: deepest });
      openedAt = null;
    }
  }
  return found;
}

/**
 * Which of `items` to draw now and which later: those passing `wanted`
 * (e.g. near the screen) first, then others in order up to `budget` in
 * all (the wanted ones count too); `later` keeps the order of `items`.
 */
export function nearFirst(items, wanted, budget) {
  const now = [];
  const others = [];
  for (const item of items) (wanted(item) ? now : others).push(item);
  const room = Math.max(0, budget - now.length);
  return { now: now.concat(others.slice(0, room)), later: others.slice(room) };
}

/** The codings containing code point `position` (start <= position < end), in order. */
export function codingsAt(codings, position) {
  return codings.filter((coding) => coding.start <= position && position < coding.end);
}

/**
 * The next coding after `position` (direction 1) or the previous one before
 * it (direction -1) among `codings` sorted by start; null when there is none.
 */
export function adjacentCoding(codings, position, direction) {
  if (direction > 0) return codings.find((coding) => coding.start > position) ?? null;
  for (let i = codings.length - 1; i >= 0; i -= 1) {
    if (codings[i].start < position) return codings[i];
  }
  return null;
}

// ------------------------------------------------------------ colours

/** [r, g, b] (0-255) of "#RRGGBB" (grey for anything else). */
export function rgb(hex) {
  const match = /^#?([0-9a-f]{6})$/i.exec(String(hex ?? ""));
  const value = match ? parseInt(match[1], 16) : 0x777777;
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** WCAG relative luminance (0 black .. 1 white) of "#RRGGBB". */
export function luminance(hex) {
  const [r, g, b] = rgb(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two "#RRGGBB" colours (1..21). */
export function contrast(first, second) {
  const [a, b] = [luminance(first), luminance(second)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

/**
 * The highlight tint of a code colour: the colour at an opacity that keeps
 * dark text readable (WCAG AA) even where four codings overlap. Dark
 * colours get less opacity than light ones, so every tint is about as light.
 */
export function tint(hex) {
  const alpha = 0.14 + 0.22 * luminance(hex);
  const [r, g, b] = rgb(hex);
  return `rgba(${r}, ${g}, ${b}, ${alpha.toFixed(3)})`;
}

/** Black or white, whichever reads better on the code colour (label text on bars). */
export function ink(hex) {
  return contrast(hex, "#000000") >= contrast(hex, "#ffffff") ? "#000000" : "#ffffff";
}

/** A short label for a code: initials of its words, or its first two letters. */
export function abbreviation(name) {
  const words = String(name).trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return "?";
  if (words.length === 1) {
    const letters = Array.from(words[0]);
    return letters.slice(0, 2).join("");
  }
  // Two letters fit a bar's width; the bar's tooltip and the codings list give the name.
  return words
    .slice(0, 2)
    .map((word) => Array.from(word)[0].toUpperCase())
    .join("");
}
