// Sentences inside a paragraph, for the "select the sentence" shortcut.
// Indices are UTF-16 (the browser's), within the paragraph's text; the
// caller converts to code points. Pure; no DOM access (unit-tested with Node).

import { trimSpan } from "./offsets.js";

// Fallback when Intl.Segmenter is missing: a sentence ends after . ! or ?
// (and closing quotes or brackets) followed by white space.
const SENTENCE_END = /[.!?]+["'\u201d\u2019)\]]*\s+/gu;

function fallbackSentences(text) {
  const spans = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    spans.push([start, end]);
    start = end;
  }
  if (start < text.length) spans.push([start, text.length]);
  return spans;
}

/** The sentences of `text` as [start, end) UTF-16 spans, untrimmed, in order. */
export function sentences(text, locale = "en") {
  if (typeof Intl !== "undefined" && typeof Intl.Segmenter === "function") {
    const segmenter = new Intl.Segmenter(locale, { granularity: "sentence" });
    return Array.from(segmenter.segment(text), (part) => [
      part.index,
      part.index + part.segment.length,
    ]);
  }
  return fallbackSentences(text);
}

/**
 * The sentence of `text` around UTF-16 index `index` (a caret), trimmed of
 * white space: [start, end), or null when the text there is only white space.
 * A caret just after a sentence's last character belongs to that sentence.
 */
export function sentenceAt(text, index, locale = "en") {
  const spans = sentences(text, locale);
  let chosen = null;
  for (const [start, end] of spans) {
    const trimmed = trimSpan(text, start, end);
    if (!trimmed) continue;
    if (index >= trimmed[0] && index <= trimmed[1]) return trimmed;
    if (start <= index && index < end) chosen = trimmed;
  }
  return chosen;
}
