// Finding codes in the code palette: type a few letters, get the best codes
// first. Matching ignores case and accents, prefers whole names, then name
// starts, word starts, parts of names, then of paths, then letters in order
// ("shex" finds "Shared experience"). Retired codes are never offered.
// Pure functions on plain data; no DOM access (unit-tested with Node).

/** Most recently applied codes kept as numbered shortcuts (1-9). */
export const RECENT_LIMIT = 9;

/** `text` folded for matching: lower case, accents and extra spaces removed. */
export function fold(text) {
  return String(text ?? "")
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .trim();
}

function subsequenceGaps(needle, haystack) {
  // Letters of `needle` in order in `haystack`: the number of skipped
  // characters between them, or -1 when they are not all there.
  let position = -1;
  let gaps = 0;
  for (const letter of needle) {
    if (letter === " ") continue;
    const found = haystack.indexOf(letter, position + 1);
    if (found === -1) return -1;
    if (position >= 0) gaps += found - position - 1;
    position = found;
  }
  return gaps;
}

/**
 * How well `query` matches code {name, path}: a number, higher is better,
 * or null for no match. An empty query matches everything equally (0).
 */
export function matchScore(query, code) {
  const wanted = fold(query);
  if (!wanted) return 0;
  const name = fold(code.name);
  const path = fold(code.path);
  if (name === wanted || path === wanted) return 1000;
  if (name.startsWith(wanted)) return 800;
  if (name.split(/[\s\-/>(]+/u).some((word) => word.startsWith(wanted))) return 650;
  if (name.includes(wanted)) return 500;
  if (path.includes(wanted)) return 400;
  const gaps = subsequenceGaps(wanted, name);
  if (gaps >= 0) return 300 - Math.min(gaps, 200);
  const pathGaps = subsequenceGaps(wanted, path);
  if (pathGaps >= 0) return 100 - Math.min(pathGaps, 99);
  return null;
}

/**
 * The codes to offer for `query`, best first (ties keep the codebook's
 * order); retired codes are left out. `codes` are {id, name, path, retired}.
 */
export function filterCodes(codes, query, limit = 200) {
  const scored = [];
  codes.forEach((code, order) => {
    if (code.retired) return;
    const score = matchScore(query, code);
    if (score !== null) scored.push({ code, score, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, limit).map((entry) => entry.code);
}

/** `recent` (code ids, newest first) after applying `codeId`: it moves to the front. */
export function pushRecent(recent, codeId, limit = RECENT_LIMIT) {
  return [codeId, ...recent.filter((id) => id !== codeId)].slice(0, limit);
}

/** Whether some code is called exactly `query` (folded) or has it as its path. */
export function hasExactMatch(codes, query) {
  const wanted = fold(query);
  return codes.some((code) => fold(code.name) === wanted || fold(code.path) === wanted);
}

/**
 * What "Create code" would create from `query`: {name, parentId, parentPath}.
 * "Theme > New code" creates under the code whose path is "Theme" (when it
 * exists: else an error message is returned as {error}).
 */
export function newCodeRequest(codes, query) {
  const parts = String(query)
    .split(/\s+>\s+/u)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return { error: "Type the new code's name first." };
  const name = parts[parts.length - 1];
  if (parts.length === 1) return { name, parentId: null, parentPath: null };
  const parentPath = parts.slice(0, -1).join(" > ");
  const parent = codes.find((code) => fold(code.path) === fold(parentPath));
  if (!parent) return { error: `There is no code "${parentPath}" to create "${name}" under.` };
  return { name, parentId: parent.id, parentPath: parent.path };
}
