// "Use as evidence for…": the pure part of the evidence picker
// (evidence_picker.js), kept apart from the DOM so it is unit-tested with
// `node --test tests/js/`.
//
// An *offer* is what a page offers as evidence: {coding, start, end, cell,
// label} (a coding, a quote: a passage [start, end) of the coding in code
// points of its document, or a stored matrix cell), read from a button's
// data-evidence-* attributes or built by the document view from a selection
// (`codings`: the codings holding the selection, when more than one could
// be quoted). A *subject* is a node or link of a change model, named in the
// dialog's select as "node:ID" / "link:ID".

/** A whole number from an attribute's text, else null ("" and "x" are none). */
function whole(text) {
  if (text === undefined || text === null || String(text).trim() === "") return null;
  const number = Number(text);
  return Number.isInteger(number) && number >= 0 ? number : null;
}

/**
 * The offer of a button's dataset (data-evidence-coding, -start, -end, -cell,
 * -label); null when it names neither a coding nor a cell. A passage is kept
 * only when both ends are given and it is not empty.
 * @param {Object<string, string|undefined>} dataset
 */
export function offerFromDataset(dataset) {
  const coding = whole(dataset.evidenceCoding);
  const cell = whole(dataset.evidenceCell);
  if (coding === null && cell === null) return null;
  const label = String(dataset.evidenceLabel ?? "").trim();
  if (coding === null) return { coding: null, start: null, end: null, cell, label, codings: [] };
  const start = whole(dataset.evidenceStart);
  const end = whole(dataset.evidenceEnd);
  const passage = start !== null && end !== null && end > start;
  return {
    coding,
    start: passage ? start : null,
    end: passage ? end : null,
    cell: null,
    label,
    codings: [],
  };
}

/** Whether `coding` ({start, end}) holds all of `span` ({start, end}). */
export function holds(coding, span) {
  return coding.start <= span.start && span.end <= coding.end;
}

/**
 * The codings (each {id, start, end, ...}) holding all of `span`, the
 * shortest first (the most precise quote), then in text order.
 */
export function codingsHolding(codings, span) {
  return codings
    .filter((coding) => holds(coding, span))
    .sort((a, b) => (a.end - a.start) - (b.end - b.start) || a.start - b.start || a.id - b.id);
}

/**
 * The offer of a selection `span` in the document view, given the codings
 * holding it (see codingsHolding; `preferred`: the id of the coding shown in
 * the details panel, first when it holds the span). The selection of a whole
 * coding offers that coding, not a quote of it. Null when no coding holds it.
 * @param {{start: number, end: number}} span
 * @param {Array<{id: number, start: number, end: number}>} holding
 * @param {string} label  what the dialog says is offered
 * @param {number|null} preferred
 */
export function selectionOffer(span, holding, label, preferred = null) {
  if (!holding.length) return null;
  const ordered = [...holding].sort((a, b) => (a.id === preferred ? -1 : b.id === preferred ? 1 : 0));
  const first = ordered[0];
  const quote = span.start !== first.start || span.end !== first.end;
  return {
    coding: first.id,
    start: quote ? span.start : null,
    end: quote ? span.end : null,
    cell: null,
    label,
    codings: ordered,
  };
}

/**
 * The offer with another of its codings chosen (by id); the passage stays
 * the same words, and becomes the whole coding when it covers all of it.
 */
export function withCoding(offer, codingId, span) {
  const chosen = offer.codings.find((coding) => coding.id === codingId);
  if (!chosen) return offer;
  const quote = span.start !== chosen.start || span.end !== chosen.end;
  return { ...offer, coding: chosen.id, start: quote ? span.start : null, end: quote ? span.end : null };
}

/** What kind of evidence an offer is, for people: "coding", "quote" or "matrix cell". */
export function offerKind(offer) {
  if (offer.cell !== null && offer.cell !== undefined) return "matrix cell";
  return offer.start !== null && offer.start !== undefined ? "quote" : "coding";
}

/**
 * The choices of a model (a ModelView from the JSON API) for the "Evidence
 * for" select: {nodes, links}, each a list of {value, text}; nodes in the
 * model's order as "Label (kind)", links as "Source → Target".
 */
export function subjectChoices(view) {
  const nodes = (view?.nodes ?? []).map((node) => ({
    value: `node:${node.id}`,
    text: `${node.label} (${node.kind})`,
  }));
  const links = (view?.links ?? []).map((link) => ({
    value: `link:${link.id}`,
    text: `${link.source} → ${link.target}`,
  }));
  return { nodes, links };
}

/** The subject named by a select value ("node:3", "link:7"); null for anything else. */
export function parseSubject(value) {
  const match = /^(node|link):(\d+)$/u.exec(String(value ?? ""));
  return match ? { kind: match[1], id: Number(match[2]) } : null;
}

/** The name of a subject in a model view, for sentences: “Label” or “A → B”. */
export function subjectName(view, subject) {
  if (!subject) return "";
  if (subject.kind === "node") {
    const node = (view?.nodes ?? []).find((n) => n.id === subject.id);
    return node ? `“${node.label}”` : `node ${subject.id}`;
  }
  const link = (view?.links ?? []).find((l) => l.id === subject.id);
  return link ? `the link “${link.source} → ${link.target}”` : `link ${subject.id}`;
}

/**
 * The body of POST /api/projects/{pid}/change-models/{model_id}/evidence
 * for `offer` given to `subject` with `stance` ("supports"|"contradicts") and
 * `note`; or {error} with the sentence to show when something is missing.
 */
export function evidenceBody(offer, subject, stance, note) {
  if (!offer || (offer.coding === null && offer.cell === null)) {
    return { error: "There is nothing to use as evidence here." };
  }
  if (!subject) return { error: "Choose the node or link this is evidence for." };
  if (stance !== "supports" && stance !== "contradicts") {
    return { error: "Choose whether it supports or contradicts it." };
  }
  const body = { [`${subject.kind}_id`]: subject.id, stance, note: String(note ?? "").trim() };
  if (offer.cell !== null && offer.cell !== undefined) body.cell_id = offer.cell;
  else {
    body.coding_id = offer.coding;
    if (offer.start !== null && offer.start !== undefined) {
      body.start = offer.start;
      body.end = offer.end;
    }
  }
  return { body };
}

/** The sentence saying what was saved (`evidence`: an EvidenceInfo from the API). */
export function savedSentence(evidence, subjectText, modelName) {
  const kinds = { coding: "coding", quote: "quote", cell: "matrix cell", memo: "memo" };
  const what = kinds[evidence.kind] ?? "evidence";
  const stance = evidence.stance === "contradicts" ? "contradicting" : "supporting";
  const model = modelName ? ` in the model “${modelName}”` : "";
  return `Saved the ${what} as evidence ${stance} ${subjectText}${model}.`;
}

/** The address of a subject on its model's page (the side panel opened on it). */
export function subjectPage(projectId, modelId, subject) {
  const base = `/projects/${projectId}/change-models/${modelId}`;
  return subject ? `${base}?${subject.kind}=${subject.id}` : base;
}

/** `text` on one line, cut to `limit` characters with "…". */
export function shortQuote(text, limit = 120) {
  const flat = String(text ?? "").replace(/\s+/gu, " ").trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1).trimEnd()}…`;
}
