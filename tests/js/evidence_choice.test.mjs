// "Use as evidence for…" (evidence_choice.js): what a button offers, which
// codings a selection quotes, the choices of a model, the request's body and
// the sentences, without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  codingsHolding,
  evidenceBody,
  offerFromDataset,
  offerKind,
  parseSubject,
  savedSentence,
  selectionOffer,
  shortQuote,
  subjectChoices,
  subjectName,
  subjectPage,
  withCoding,
} from "../../src/qualframe/web/static/js/evidence_choice.js";

const VIEW = {
  model: { id: 4, name: "Peer work" },
  nodes: [
    { id: 11, label: "Trust", kind: "mechanism" },
    { id: 12, label: "Hope", kind: "process outcome" },
  ],
  links: [{ id: 21, source: "Trust", target: "Hope" }],
};

test("a button offers a coding, a quote of it, or a cell", () => {
  assert.deepEqual(offerFromDataset({ evidenceCoding: "7", evidenceLabel: " The coding " }), {
    coding: 7, start: null, end: null, cell: null, label: "The coding", codings: [],
  });
  const quote = offerFromDataset({ evidenceCoding: "7", evidenceStart: "10", evidenceEnd: "25" });
  assert.deepEqual([quote.coding, quote.start, quote.end], [7, 10, 25]);
  const cell = offerFromDataset({ evidenceCell: "3", evidenceLabel: "The cell" });
  assert.deepEqual([cell.coding, cell.cell, cell.start], [null, 3, null]);
});

test("a button naming nothing, or a broken passage, offers no quote", () => {
  assert.equal(offerFromDataset({}), null);
  assert.equal(offerFromDataset({ evidenceCoding: "", evidenceCell: "x" }), null);
  assert.equal(offerFromDataset({ evidenceCoding: "-1" }), null);
  const empty = offerFromDataset({ evidenceCoding: "7", evidenceStart: "9", evidenceEnd: "9" });
  assert.deepEqual([empty.start, empty.end], [null, null]);
  const half = offerFromDataset({ evidenceCoding: "7", evidenceStart: "9" });
  assert.deepEqual([half.start, half.end], [null, null]);
});

test("the kind of an offer is said as people say it", () => {
  assert.equal(offerKind({ coding: 1, start: null, cell: null }), "coding");
  assert.equal(offerKind({ coding: 1, start: 3, end: 5, cell: null }), "quote");
  assert.equal(offerKind({ coding: null, start: null, cell: 2 }), "matrix cell");
});

test("the codings holding a selection come shortest first, those around it left out", () => {
  const codings = [
    { id: 1, start: 0, end: 100 },
    { id: 2, start: 40, end: 60 },
    { id: 3, start: 45, end: 200 },
    { id: 4, start: 55, end: 70 },
  ];
  assert.deepEqual(codingsHolding(codings, { start: 50, end: 58 }).map((c) => c.id), [2, 1, 3]);
  assert.deepEqual(codingsHolding(codings, { start: 40, end: 60 }).map((c) => c.id), [2, 1]);
  assert.deepEqual(codingsHolding(codings, { start: 150, end: 250 }), []);
});

test("a selection offers a quote of the coding shown first, or the whole coding it covers", () => {
  const holding = [{ id: 2, start: 40, end: 60 }, { id: 1, start: 0, end: 100 }];
  const quote = selectionOffer({ start: 45, end: 50 }, holding, "The words", 1);
  assert.deepEqual([quote.coding, quote.start, quote.end], [1, 45, 50]);
  assert.deepEqual(quote.codings.map((c) => c.id), [1, 2]);
  const whole = selectionOffer({ start: 40, end: 60 }, holding, "The words");
  assert.deepEqual([whole.coding, whole.start, whole.end], [2, null, null]);
  assert.equal(selectionOffer({ start: 1, end: 2 }, [], "The words"), null);
});

test("choosing another coding keeps the words, and a whole coding is no quote", () => {
  const holding = [{ id: 2, start: 40, end: 60 }, { id: 1, start: 0, end: 100 }];
  const offer = selectionOffer({ start: 40, end: 60 }, holding, "The words");
  const other = withCoding(offer, 1, { start: 40, end: 60 });
  assert.deepEqual([other.coding, other.start, other.end], [1, 40, 60]);
  const back = withCoding(other, 2, { start: 40, end: 60 });
  assert.deepEqual([back.coding, back.start, back.end], [2, null, null]);
  assert.equal(withCoding(offer, 99, { start: 40, end: 60 }), offer);
});

test("a model's nodes and links become the choices, and a choice names its subject", () => {
  assert.deepEqual(subjectChoices(VIEW), {
    nodes: [
      { value: "node:11", text: "Trust (mechanism)" },
      { value: "node:12", text: "Hope (process outcome)" },
    ],
    links: [{ value: "link:21", text: "Trust → Hope" }],
  });
  assert.deepEqual(subjectChoices(null), { nodes: [], links: [] });
  assert.deepEqual(parseSubject("node:11"), { kind: "node", id: 11 });
  assert.deepEqual(parseSubject("link:21"), { kind: "link", id: 21 });
  assert.equal(parseSubject("memo:1"), null);
  assert.equal(parseSubject(""), null);
  assert.equal(subjectName(VIEW, { kind: "node", id: 12 }), "“Hope”");
  assert.equal(subjectName(VIEW, { kind: "link", id: 21 }), "the link “Trust → Hope”");
  assert.equal(subjectName(VIEW, { kind: "node", id: 99 }), "node 99");
});

test("the request names the subject, the evidence and the stance as the API wants them", () => {
  const node = { kind: "node", id: 11 };
  const quote = { coding: 7, start: 10, end: 25, cell: null };
  assert.deepEqual(evidenceBody(quote, node, "supports", "  key line ").body, {
    node_id: 11, stance: "supports", note: "key line", coding_id: 7, start: 10, end: 25,
  });
  assert.deepEqual(evidenceBody({ coding: 7, start: null, end: null, cell: null }, node, "contradicts", "").body, {
    node_id: 11, stance: "contradicts", note: "", coding_id: 7,
  });
  assert.deepEqual(evidenceBody({ coding: null, start: null, cell: 3 }, { kind: "link", id: 21 }, "supports").body, {
    link_id: 21, stance: "supports", note: "", cell_id: 3,
  });
});

test("a request missing its subject or stance is not sent, and says why", () => {
  const quote = { coding: 7, start: null, end: null, cell: null };
  assert.equal(evidenceBody(quote, null, "supports", "").error, "Choose the node or link this is evidence for.");
  assert.match(evidenceBody(quote, { kind: "node", id: 1 }, "", "").error, /supports or contradicts/u);
  assert.match(evidenceBody(null, { kind: "node", id: 1 }, "supports", "").error, /nothing/u);
});

test("what was saved is said in one sentence, with the page of its subject", () => {
  const saved = { kind: "quote", stance: "supports" };
  assert.equal(
    savedSentence(saved, "“Trust”", "Peer work"),
    "Saved the quote as evidence supporting “Trust” in the model “Peer work”.",
  );
  assert.equal(
    savedSentence({ kind: "cell", stance: "contradicts" }, "the link “A → B”", ""),
    "Saved the matrix cell as evidence contradicting the link “A → B”.",
  );
  assert.equal(subjectPage(1, 4, { kind: "node", id: 11 }), "/projects/1/change-models/4?node=11");
  assert.equal(subjectPage(1, 4, { kind: "link", id: 21 }), "/projects/1/change-models/4?link=21");
  assert.equal(subjectPage(1, 4, null), "/projects/1/change-models/4");
});

test("a long quote is cut to one line", () => {
  assert.equal(shortQuote("  a\n\nb  "), "a b");
  assert.equal(shortQuote("x".repeat(10), 5), "xxxx…");
});
