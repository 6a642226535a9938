// Coding all hits of a search: what the search page sends to the API and the
// words it shows. Pure functions (no DOM), unit-tested with node --test.

/**
 * The body of POST /api/projects/{id}/search/code-all-hits from the entries of
 * the page's code-all-hits form (q, where=NAME=VALUE, document (a name),
 * document_id, speaker, code (a name or path), code_id, spread; anything else
 * is ignored). Names and ids travel in separate fields: nothing is guessed
 * from digits.
 * @param {Iterable<[string, string]>} entries  e.g. new FormData(form)
 * @param {boolean} preview  only count what would be coded
 */
export function requestBody(entries, preview) {
  const body = { query: "", spread: "sentence", where: {}, documents: [], document_ids: [], speakers: [], preview };
  for (const [name, raw] of entries) {
    const value = String(raw);
    const filled = value.trim() !== "";
    if (name === "q") body.query = value;
    else if (name === "code_id" && filled) body.code_id = Number(value);
    else if (name === "code" && filled) body.code = value;
    else if (name === "spread") body.spread = value;
    else if (name === "document_id" && filled) body.document_ids.push(Number(value));
    else if (name === "document" && filled) body.documents.push(value);
    else if (name === "speaker" && filled) body.speakers.push(value);
    else if (name === "where" && value.includes("=")) addFilter(body.where, value);
  }
  return body;
}

/** Whether a request body names the code to apply (by id or by name). */
export function hasCode(body) {
  return body.code_id !== undefined || body.code !== undefined;
}

/** Add "NAME=VALUE" to a filter object; a name given twice matches any of its values. */
function addFilter(where, item) {
  const at = item.indexOf("=");
  const name = item.slice(0, at).trim();
  const value = item.slice(at + 1).trim();
  if (!name) return;
  const known = where[name];
  if (known === undefined) where[name] = value;
  else where[name] = [...(Array.isArray(known) ? known : [known]), value];
}

/**
 * How many passages confirming would code: the new ones, not those already
 * coded, less the `unticked` listed passages left out.
 */
export function passagesToCode(plan, unticked = 0) {
  return Math.max(0, (plan.spans || 0) - (plan.already_coded || 0) - unticked);
}

/**
 * A listed passage's key, as the API takes it back in `excluded`. The server
 * refuses (422, nothing coded) when the text no longer holds it there.
 */
export function passageRef(passage) {
  return { document_id: passage.document_id, start: passage.start, end: passage.end };
}

/** The confirm button's words: "Code 3 passages with Trust". */
export function confirmLabel(plan, unticked = 0) {
  const count = passagesToCode(plan, unticked);
  const noun = count === 1 ? "passage" : "passages";
  return `Code ${count.toLocaleString("en")} ${noun} with ${plan.code}`;
}
