/**
 * The parts the cell panel draws (see cell_editor.js): a quote or excerpt,
 * the grid's memo marker, the box to choose a passage of a quote's coding,
 * the small action buttons, and the words selected inside a quote.
 */

import { element } from "./matrix_grid.js";

/** The grid's marker of a cell's memos: "✎ 2", read as "2 memos". */
export function memoMarker(count) {
  const marker = element("span", "matrix__memos");
  marker.dataset.testid = "memo-marker";
  const icon = element("span", "matrix__memos-icon", "✎");
  icon.setAttribute("aria-hidden", "true");
  marker.append(" ", icon, ` ${count}`, element("span", "visually-hidden", count === 1 ? " memo" : " memos"));
  return marker;
}

/** A quote or excerpt: its text, where it comes from, and a link to that place in the transcript. */
export function passage(quote, codeId) {
  const item = element("li", "quote");
  const reference = element("p", "quote__ref", quote.reference);
  if (quote.code_path && quote.code_id !== codeId) reference.append(` · coded ${quote.code_path}`);
  const link = element("a", null, "Open in the transcript");
  link.href = quote.link;
  link.append(element("span", "visually-hidden", `: ${quote.reference}`));
  reference.append(" · ", link);
  item.append(element("blockquote", "quote__text", quote.text), reference);
  return item;
}

/**
 * The words selected inside `shown` (a quote's text), as UTF-16 indices in
 * its text; null when the selection is empty or not within it.
 */
export function selectionIn(shown) {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  if (!shown.contains(range.startContainer) || !shown.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(shown);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return { start, end: start + range.toString().length };
}

/** The box holding a quote's whole coding, to select the words to quote in it. */
export function passageChooser(part) {
  const chooser = element("div", "quote__chooser");
  chooser.dataset.coding = String(part.coding_id);
  const id = `passage-choice-${part.coding_id}`;
  const label = element("label", null, "The whole coding: select the words to quote");
  label.htmlFor = id;
  const hint = element("p", "hint", "Shift and the arrow keys select; Ctrl+Enter or “Quote only this” keeps them; Escape closes this box.");
  hint.id = `${id}-hint`;
  // Read-only for the person, yet keyboard-selectable: a readonly textarea
  // moves no caret in Chromium, so edits are refused instead.
  const box = element("textarea");
  box.id = id;
  box.rows = 5;
  box.value = part.coding_text;
  box.spellcheck = false;
  box.setAttribute("aria-readonly", "true");
  box.setAttribute("aria-describedby", hint.id);
  box.addEventListener("beforeinput", (event) => event.preventDefault());
  const actions = element("div", "quote__actions");
  const save = actionButton("passage-save", part.coding_id, "Quote only this", " (the words selected in the whole coding)");
  save.className = "button--small";
  actions.append(save, actionButton("passage-cancel", part.coding_id, "Cancel", ": keep the quote as it is"));
  chooser.append(label, hint, box, actions);
  return chooser;
}

export function actionButton(action, codingId, text, hiddenText, disabled = false) {
  const button = element("button", "button--secondary button--small", text);
  button.type = "button";
  button.dataset.action = action;
  button.dataset.coding = String(codingId);
  button.disabled = disabled;
  button.append(element("span", "visually-hidden", hiddenText));
  return button;
}

/**
 * "Use as evidence…" for a quote of the cell (evidence_picker.js opens the
 * dialog): its coding, or only the passage quoted (code points) unless the
 * quote is the `whole` coding; `number` is its place in the list.
 */
export function evidenceButton(quote, whole, number) {
  const button = element("button", "button--secondary button--small", "Use as evidence…");
  button.type = "button";
  button.dataset.evidenceCoding = String(quote.coding_id);
  if (!whole) {
    button.dataset.evidenceStart = String(quote.start);
    button.dataset.evidenceEnd = String(quote.end);
  }
  const text = quote.text.length > 160 ? `${quote.text.slice(0, 159).trimEnd()}…` : quote.text;
  button.dataset.evidenceLabel = `The quote “${text}” (${quote.reference})`;
  button.append(element("span", "visually-hidden", `: quote ${number}`));
  return button;
}
