// Finding codes in the code palette: type a few letters, get the best codes
// first. Matching ignores case and accents. A code is offered only when it
// shares a word with the query (a word of its name or path starts with a word
// typed): exact names and paths first, then names starting with the query,
// then names with a word starting with it, then every word typed starting a
// word of the path, then codes sharing fewer of the words typed. Letters
// scattered through a name ("shex") never match. Retired codes are never
// offered. Pure functions on plain data; no DOM access (unit-tested with Node).

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

/** The words of folded `text`: runs of letters and digits (apostrophes kept). */
function words(text) {
  return text.split(/[^\p{L}\p{N}']+/u).filter(Boolean);
}

/**
 * How well `query` matches code {name, path}: a number, higher is better,
 * or null when the code shares no word with the query. An empty query
 * matches everything equally (0).
 */
export function matchScore(query, code) {
  const wanted = fold(query);
  if (!wanted) return 0;
  const name = fold(code.name);
  const path = fold(code.path);
  if (name === wanted || path === wanted) return 1000;
  if (name.startsWith(wanted)) return 800;
  const nameWords = words(name);
  if (nameWords.some((word) => word.startsWith(wanted))) return 650;
  const pathWords = words(path);
  const typed = words(wanted);
  const shared = typed.filter((part) => pathWords.some((word) => word.startsWith(part)));
  if (shared.length === 0) return null;
  if (shared.length === typed.length) return 500 - Math.min(pathWords.length, 100);
  return 100 + Math.round((200 * shared.length) / typed.length);
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

/** What the "Create" option says: the new code, where, and any new theme. */
export function createLabel(request) {
  const { path, name, newThemes } = request;
  const under = path.slice(0, -1).join(" > ");
  if (!under) return `Create code “${name}”`;
  const made = newThemes.length ? ` (new: ${newThemes.map((t) => `“${t}”`).join(", ")})` : "";
  return `Create code “${name}” in ${under}${made}`;
}

/**
 * What "Create code" would create from `query`: {path, name, newThemes}.
 * "Theme > New code" creates the code under the theme, and the theme too
 * when it is new (`newThemes` lists the levels that will be made); only
 * the new code is coded with. Or {error} when there is nothing to create.
 */
export function newCodeRequest(codes, query) {
  const path = String(query)
    .split(/\s*>\s*/u)
    .map((part) => part.trim().replace(/\s+/gu, " "))
    .filter(Boolean);
  if (path.length === 0) return { error: "Type the new code's name first." };
  let known = 0;
  while (
    known < path.length - 1 &&
    codes.some((code) => fold(code.path) === fold(path.slice(0, known + 1).join(" > ")))
  ) {
    known += 1;
  }
  return { path, name: path[path.length - 1], newThemes: path.slice(known, -1) };
}
