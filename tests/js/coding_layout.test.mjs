// Lanes of margin bars, their pieces per block, overlaps, colours.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  abbreviation,
  adjacentCoding,
  assignLanes,
  barPieces,
  codingsAt,
  contrast,
  ink,
  luminance,
  overlaps,
  rgb,
  tint,
} from "../../src/qualframe/web/static/js/coding_layout.js";

const codings = [
  { id: 1, start: 0, end: 50 },
  { id: 2, start: 10, end: 20 },
  { id: 3, start: 30, end: 60 },
  { id: 4, start: 60, end: 70 },
];

test("overlapping codings get different lanes; lanes are reused when free", () => {
  const lanes = assignLanes(codings);
  assert.equal(lanes.get(1), 0);
  assert.equal(lanes.get(2), 1);
  assert.equal(lanes.get(3), 1, "lane 1 is free again after coding 2 ends");
  assert.equal(lanes.get(4), 0, "a coding starting where another ends shares its lane");
});

test("bar pieces are placed by characters within each block", () => {
  const blocks = [
    { start: 0, end: 40 },
    { start: 42, end: 82 },
  ];
  const lanes = assignLanes(codings);
  const { pieces, overflow } = barPieces(blocks, codings, lanes);
  const first = pieces.get(0);
  assert.deepEqual(
    first.find((piece) => piece.id === 2),
    { id: 2, lane: 1, top: 25, height: 25, chars: 10, first: true },
  );
  const spanning = pieces.get(1).find((piece) => piece.id === 1);
  assert.equal(spanning.first, false, "only the piece where a coding starts is labelled");
  assert.equal(spanning.top, 0);
  assert.equal(spanning.height, 20);
  assert.equal(overflow.size, 0);
});

test("codings beyond the lanes drawn are counted, not drawn", () => {
  const stacked = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, start: 0, end: 10 }));
  const { pieces, overflow } = barPieces([{ start: 0, end: 10 }], stacked, assignLanes(stacked), 6);
  assert.equal(pieces.get(0).length, 6);
  assert.equal(overflow.get(0), 2);
});

test("overlaps are the stretches covered by two codings or more", () => {
  assert.deepEqual(overlaps(codings), [
    { start: 10, end: 20, depth: 2 },
    { start: 30, end: 50, depth: 2 },
  ]);
  assert.deepEqual(overlaps([{ id: 1, start: 0, end: 5 }, { id: 2, start: 5, end: 9 }]), []);
});

test("the codings at a position and the next and previous ones", () => {
  assert.deepEqual(codingsAt(codings, 15).map((c) => c.id), [1, 2]);
  assert.deepEqual(codingsAt(codings, 50).map((c) => c.id), [3], "ends are exclusive");
  assert.equal(adjacentCoding(codings, 10, 1).id, 3);
  assert.equal(adjacentCoding(codings, 30, -1).id, 2);
  assert.equal(adjacentCoding(codings, 60, 1), null);
});

// Text over a highlight: the page's text colour on white covered by up to
// four layers of the darkest tint must stay WCAG AA (4.5:1).
const TEXT = [0x1b, 0x1b, 0x1b];
const PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
  "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
  "#AA4499", "#000000", "#777777"];

function over(background, colour, alpha) {
  return background.map((channel, i) => channel * (1 - alpha) + colour[i] * alpha);
}

function hex(channels) {
  return `#${channels.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

test("tints keep text readable (AA) under four overlapping highlights", () => {
  for (const colour of PALETTE) {
    const alpha = Number(/, ([\d.]+)\)$/.exec(tint(colour))[1]);
    let background = [255, 255, 255];
    for (let layer = 0; layer < 4; layer += 1) background = over(background, rgb(colour), alpha);
    const ratio = contrast(hex(background), hex(TEXT));
    assert.ok(ratio >= 4.5, `${colour}: ${ratio.toFixed(2)}`);
  }
});

test("bar labels use black or white, whichever contrasts best (AA for every palette colour)", () => {
  for (const colour of PALETTE.filter((c) => c !== "#777777")) {
    assert.ok(contrast(colour, ink(colour)) >= 4.5, colour);
  }
  assert.equal(ink("#F0E442"), "#000000");
  assert.equal(ink("#332288"), "#ffffff");
});

test("luminance and contrast follow WCAG", () => {
  assert.equal(luminance("#ffffff"), 1);
  assert.equal(luminance("#000000"), 0);
  assert.equal(contrast("#000000", "#ffffff"), 21);
  assert.deepEqual(rgb("not a colour"), [0x77, 0x77, 0x77]);
});

test("abbreviations: initials of several words, two letters of one", () => {
  assert.equal(abbreviation("Shared experience"), "SE");
  assert.equal(abbreviation("Trust"), "Tr");
  assert.equal(abbreviation("lived experience of mental illness"), "LE");
  assert.equal(abbreviation("🙂 hope"), "🙂H");
});

test("codings on the same line get separate lanes when a gap is asked for", () => {
  const near = [
    { id: 1, start: 0, end: 30 },
    { id: 2, start: 40, end: 70 },
    { id: 3, start: 200, end: 220 },
  ];
  assert.deepEqual([...assignLanes(near).values()], [0, 0, 0]);
  assert.deepEqual([...assignLanes(near, 80).values()], [0, 1, 0]);
});
