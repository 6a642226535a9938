// The rules of editing a framework-matrix cell, without the DOM (unit-tested
// in tests/js/cell_logic.test.mjs). Several mirror the server so the page
// behaves the same with and without JavaScript:
// cleanSummary and editedStatus mirror services/matrix/cells.py,
// countsText mirrors web/matrix/view.py.

import { codePointLength, codePointOffset, utf16Offset } from "./offsets.js";

/** A summary as the server stores it: "\n" line endings, no white space around it. */
export function cleanSummary(text) {
  return String(text ?? "").replace(/\r\n?/g, "\n").trim();
}

/**
 * The status to save with an edited summary (null: let the server decide), from
 * the status the editor showed and the one now selected. A status the analyst
 * picked is kept; left as shown, a summary written in a cell still to chart
 * is left to the server, which makes it a draft (the analyst marks it done),
 * and a cleared summary puts the cell back to chart (null); otherwise the
 * shown status stays.
 */
export function editedStatus(shown, chosen, summary) {
  if (chosen !== shown) return chosen;
  if (!cleanSummary(summary) || shown === "empty") return null;
  return chosen;
}

/**
 * What saving the editor should do, comparing what it opened with (`original`:
 * {summary, status}) and what it holds now (`edited`): nothing, a status change
 * alone, or a summary write (with the status from editedStatus).
 * @returns {{kind: "none"} | {kind: "status", status: string} |
 *           {kind: "summary", summary: string, status: string | null}}
 */
export function savePlan(original, edited) {
  const summary = cleanSummary(edited.summary);
  if (summary === cleanSummary(original.summary)) {
    if (edited.status === original.status) return { kind: "none" };
    return { kind: "status", status: edited.status };
  }
  return { kind: "summary", summary, status: editedStatus(original.status, edited.status, summary) };
}

/** Whether the editor holds changes not saved yet. */
export function isDirty(original, edited) {
  return savePlan(original, edited).kind !== "none";
}

/** "1 coding", "1,234 codings" (as the server's `plural` filter writes them). */
export function plural(count, noun, pluralForm) {
  const word = count === 1 ? noun : (pluralForm ?? `${noun}s`);
  return `${count.toLocaleString("en-GB")} ${word}`;
}

/**
 * A cell's numbers as one line: "3 codings · 2 participants · 1 quote · 2 not quoted".
 * Participants are counted for case and group rows only.
 * @param {{rowKind: string, codings: number, participants: number,
 *          quotes: number, excerpts: number}} counts
 */
export function countsText({ rowKind, codings, participants, quotes, excerpts }) {
  if (!codings && !quotes) return "no codings";
  const parts = [plural(codings, "coding")];
  if (rowKind !== "participant") parts.push(plural(participants, "participant"));
  if (quotes) {
    parts.push(plural(quotes, "quote"));
    if (excerpts) parts.push(`${excerpts.toLocaleString("en-GB")} not quoted`);
  } else if (codings) {
    parts.push("none quoted");
  }
  return parts.join(" · ");
}

/**
 * The numbers a grid cell shows after an edit: the matrix's own counts of
 * codings and participants (a filtered matrix counts fewer than the cell
 * holds) with the cell's new quotes. Codings not quoted = codings - quotes.
 */
export function gridCounts(rowKind, shown, cell) {
  const quotes = cell.quotes.length;
  return {
    rowKind,
    codings: shown.codings,
    participants: shown.participants,
    quotes,
    excerpts: Math.max(0, shown.codings - quotes),
  };
}

/** `list` with the item at `index` moved by `delta` places, or null when it cannot move. */
export function moveItem(list, index, delta) {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return null;
  const moved = [...list];
  [moved[index], moved[target]] = [moved[target], moved[index]];
  return moved;
}

/** An ISO time as people read it: "2026-12-01 14:05" (as the server's `when` filter). */
export function formatWhen(iso) {
  if (!iso) return "";
  return String(iso).slice(0, 16).replace("T", " ");
}

/**
 * The query string naming a cell for the API (row_kind, row, code_id,
 * include_subcodes); `code` is the code's id (a grid cell's data-code).
 */
export function cellQuery({ rowKind, row, code }, includeSubcodes) {
  const params = new URLSearchParams();
  if (rowKind) params.set("row_kind", rowKind);
  params.set("row", row);
  params.set("code_id", String(code));
  if (includeSubcodes) params.set("include_subcodes", "1");
  return params.toString();
}

/** Whether a key press is the editor's save shortcut (Ctrl+Enter, or Cmd+Enter on a Mac). */
export function isSaveShortcut(event) {
  return event.key === "Enter" && Boolean(event.ctrlKey || event.metaKey) && !event.altKey;
}

/** A cell's key in the grid: "kind|row|code". */
export function cellKey(rowKind, row, code) {
  return `${rowKind}|${row}|${code}`;
}

/**
 * A write's body stating the version of the cell it was made from, so the
 * server refuses it (409, nothing saved) when someone changed the cell since.
 * No version known (null): the body as it is.
 */
export function versioned(body, version) {
  return Number.isInteger(version) ? { ...body, if_version: version } : { ...body };
}

/** The query string of a write without a body (DELETE): the cell's, with its version. */
export function versionedQuery(query, version) {
  return Number.isInteger(version) ? `${query}&if_version=${version}` : query;
}

/** Whether the server refused a change because someone saved the cell since (409). */
export function isStale(error) {
  return error?.status === 409 && error?.body?.error?.type === "StaleVersionError";
}

/**
 * What the editor says when the server refused a change (an ApiError: message,
 * status, body). A stale version (409, StaleVersionError) keeps the editor as
 * typed, and the editor then shows the stored cell to compare (see
 * rebaseOnStored); anything else changed nothing.
 */
export function refusalText(error) {
  if (isStale(error)) {
    return `${error.message.replace(/ Reload it and make your change again\.$/, "")} `
      + "Your text is still here, not saved: compare it with the stored summary, "
      + "then keep yours or take the stored one.";
  }
  return `Nothing was changed. ${error?.message ?? ""}`.trim();
}

/**
 * After a refused save (someone saved the cell since): the editor's new base
 * is the stored cell (`stored`: {summary, status, version}), so saving again
 * ("keep mine") is made on the stored version and replaces it knowingly.
 * The user's text stays; their status stays when they changed it, else the
 * stored status is taken (their save did not mean to change it).
 * @returns {{version: number, original: {summary: string, status: string},
 *            edited: {summary: string, status: string}, differs: boolean}}
 *   differs: whether the stored summary is not what the user has
 */
export function rebaseOnStored(original, edited, stored) {
  const status = edited.status === original.status ? stored.status : edited.status;
  return {
    version: stored.version,
    original: { summary: stored.summary, status: stored.status },
    edited: { summary: edited.summary, status },
    differs: cleanSummary(stored.summary) !== cleanSummary(edited.summary),
  };
}

/**
 * What "Mark done" saves: the editor's summary (when changed) with status
 * done; nothing when the cell is done already and unchanged.
 */
export function markDonePlan(original, edited) {
  return savePlan(original, { ...edited, status: "done" });
}

/**
 * The row expansion after a toggle: `expanded` is the set of expanded rows'
 * keys; returns the new set and whether `key` is now expanded.
 */
export function toggleRow(expanded, key) {
  const next = new Set(expanded);
  const open = !next.has(key);
  if (open) next.add(key);
  else next.delete(key);
  return { expanded: next, open };
}

/**
 * The passage of a quote a person selected, as code points of the document:
 * `text` is the text shown (a quote, or its whole coding), which ends at
 * document offset `textEnd` (a speaker label in front is left out of the text,
 * never its end); `selectionStart`/`selectionEnd` are UTF-16 indices in `text`
 * (a textarea's selection, or a range in the quote). White space at either end
 * is left out; null when nothing but white space is selected.
 * @returns {{start: number, end: number, text: string} | null}
 */
export function selectedPassage(text, textEnd, selectionStart, selectionEnd) {
  const from = Math.max(0, Math.min(selectionStart, selectionEnd));
  const to = Math.min(text.length, Math.max(selectionStart, selectionEnd));
  const piece = text.slice(from, to);
  const words = piece.trim();
  if (!words) return null;
  const first = from + (piece.length - piece.trimStart().length);
  const base = textEnd - codePointLength(text);
  const start = base + codePointOffset(text, first);
  const end = base + codePointOffset(text, first + words.length, { roundUp: true });
  return { start, end, text: words };
}

/**
 * Where a quote's passage is in the text of its whole coding (UTF-16 indices,
 * to select it there): `part` is the quote's {whole, start, end, coding_end,
 * coding_text}. A whole quote selects nothing (0, 0).
 */
export function passageSelection(part) {
  if (part.whole) return { start: 0, end: 0 };
  const base = part.coding_end - codePointLength(part.coding_text);
  return {
    start: utf16Offset(part.coding_text, Math.max(0, part.start - base)),
    end: utf16Offset(part.coding_text, Math.max(0, part.end - base)),
  };
}
