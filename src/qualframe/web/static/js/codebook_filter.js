// Which codes the codebook tree shows for a filter: pure logic, no DOM, so
// Node can test it. It agrees with qualframe/web/codebook/view.py: a
// code matches when every word of the query is in its name or texts,
// ignoring case; its ancestors are shown with it, for context.

/**
 * `text` for matching: NFC, lower case, single spaces. Close to Python's
 * str.casefold(): the few letters casefold treats specially are mapped too.
 */
export function fold(text) {
  return String(text ?? "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/ς/g, "σ")
    .replace(/ſ/g, "s")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");
}

/**
 * The codes to show and those matching.
 * @param {Array<{id:number, parent:number|null, text:string, retired?:boolean}>} codes
 *   in tree order (parents first); `text` is already folded (the server folds it)
 * @param {string} query  what the researcher typed
 * @param {{hideRetired?: boolean}} [options]  leave out retired codes (and what is under them)
 * @returns {{shown: Set<number>, matched: Set<number>, listed: number}}
 */
export function visibleCodes(codes, query, options = {}) {
  const listed = new Map();
  for (const code of codes) {
    const leftOut = (options.hideRetired && code.retired)
      || (code.parent !== null && code.parent !== undefined && !listed.has(code.parent));
    if (!leftOut) listed.set(code.id, code);
  }
  const words = fold(query).split(" ").filter(Boolean);
  const matched = new Set();
  for (const code of listed.values()) {
    if (words.every((word) => code.text.includes(word))) matched.add(code.id);
  }
  const shown = new Set();
  for (const id of matched) {
    let current = id;
    while (current !== null && current !== undefined && !shown.has(current) && listed.has(current)) {
      shown.add(current);
      current = listed.get(current).parent;
    }
  }
  return { shown, matched, listed: listed.size };
}

/** "3 codes of 32 match “trust”." / "32 codes." for the status line. */
export function statusText(result, query) {
  const noun = (n) => `${n.toLocaleString("en-GB")} code${n === 1 ? "" : "s"}`;
  const words = fold(query);
  if (!words) return `${noun(result.listed)}.`;
  return `${noun(result.matched.size)} of ${result.listed.toLocaleString("en-GB")} match “${query.trim()}”.`;
}
