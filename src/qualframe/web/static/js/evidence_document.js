// "Use as evidence for…" in the document view: the words selected inside a
// coding, offered as a quote of it (a passage, code points), from the reader
// bar's "Use as evidence…" button or the E key in the transcript. The
// codings holding the selection are read from the JSON API (the page's own
// list changes as people code); when several hold it, the dialog lets the
// person choose which one to quote, the one shown in the details panel
// first. A whole coding is offered by the "Use as evidence…" button of its
// details (evidence_picker.js opens it). Loaded by evidence_picker.js.

import { announce } from "./announce.js";
import { get, pageData } from "./api.js";
import { codingsHolding, selectionOffer, shortQuote } from "./evidence_choice.js";
import { TranscriptText } from "./selection.js";

/** @param {import("./evidence_picker.js").EvidencePicker} picker */
export function wireDocument(picker) {
  const root = document.getElementById("transcript");
  const data = pageData("document-data");
  const button = document.getElementById("evidence-selection");
  const status = document.getElementById("coding-message");
  if (!root || !data || !button) return;
  const text = new TranscriptText(root);
  let lastSpan = null;

  const report = (sentence) => {
    status.textContent = sentence;
    status.classList.add("coding-message--error");
    announce(sentence);
  };

  async function offerSelection(span, opener) {
    if (!span) {
      report("Select words inside a coding first (mouse, or Shift and the arrow keys), then use them as evidence.");
      return;
    }
    let codings;
    try {
      codings = await get(`/api/projects/${data.project}/documents/${data.document}/codings`);
    } catch (error) {
      report(error.message);
      return;
    }
    const holding = codingsHolding(codings, span).map((coding) => ({
      id: coding.id,
      start: coding.start,
      end: coding.end,
      text: `${coding.code}: “${shortQuote(text.textOf(coding.start, coding.end), 60)}”`,
    }));
    const shown = Number(document.querySelector("#coding-details [data-coding-facts]")?.dataset.coding);
    const words = shortQuote(text.textOf(span.start, span.end), 160);
    const offer = selectionOffer(span, holding, `The words “${words}”`, Number.isFinite(shown) ? shown : null);
    if (!offer) {
      report("No coding holds all of the selected words: code them first (C), or select words inside a coding.");
      return;
    }
    offer.span = span;
    picker.open(offer, {
      opener,
      onClose() {
        if (opener !== root) {
          if (opener?.isConnected) opener.focus();
          return;
        }
        root.focus({ preventScroll: true });
        text.select(span.start, span.end);
      },
    });
  }

  root.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (event.key !== "e" && event.key !== "E") return;
    event.preventDefault();
    offerSelection(text.selectedSpan() ?? null, root);
  });
  // The last selection in the transcript: a click on the button may move the focus away from it.
  let pending = false;
  document.addEventListener("selectionchange", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const selection = window.getSelection();
      if (!selection?.anchorNode || !root.contains(selection.anchorNode)) return;
      const span = text.selectedSpan();
      if (span) lastSpan = span;
      else if (selection.isCollapsed) lastSpan = null;
    });
  });
  button.addEventListener("click", () => offerSelection(text.selectedSpan() ?? lastSpan, button));
  button.hidden = false;
}
