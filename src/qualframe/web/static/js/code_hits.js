// Coding all hits of a search: what the search page sends to the API and the
// words it shows. Pure functions (no DOM), unit-tested with node --test.

/** A code or document reference as the form holds it: digits are an id. */
export function ref(value) {
  const text = String(value).trim();
  return /^\d+$/.test(text) ? Number(text) : text;
}

/**
 * The body of POST /api/projects/{id}/search/code-all-hits from the entries of
 * the page's code-all-hits form (q, where=NAME=VALUE, document, speaker,
 * code, spread; anything else is ignored).
 * @param {Iterable<[string, string]>} entries  e.g. new FormData(form)
 * @param {boolean} preview  only count what would be coded
 */
export function requestBody(entries, preview) {
  const body = { query: "", code: "", spread: "sentence", where: {}, documents: [], speakers: [], preview };
  for (const [name, raw] of entries) {
    const value = String(raw);
    if (name === "q") body.query = value;
    else if (name === "code") body.code = value.trim() === "" ? "" : ref(value);
    else if (name === "spread") body.spread = value;
    else if (name === "document" && value.trim()) body.documents.push(ref(value));
    else if (name === "speaker" && value.trim()) body.speakers.push(value);
    else if (name === "where" && value.includes("=")) addFilter(body.where, value);
  }
  return body;
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

/** How many passages confirming would code: the new ones, not those already coded. */
export function passagesToCode(plan) {
  return Math.max(0, (plan.spans || 0) - (plan.already_coded || 0));
}

/** The confirm button's words: "Code 3 passages with Trust". */
export function confirmLabel(plan) {
  const count = passagesToCode(plan);
  const noun = count === 1 ? "passage" : "passages";
  return `Code ${count.toLocaleString("en")} ${noun} with ${plan.code}`;
}
