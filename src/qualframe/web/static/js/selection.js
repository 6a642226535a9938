// The transcript's text on the page: turning the browser's selection into a
// span of code points and back, and the read-only caret mode that lets
// people select with the keyboard (Shift+arrows) in text they cannot edit.
//
// The page renders each reading block as <p class="block__text"> holding
// exactly the stored text [data-start, data-end) of its .block; speaker
// headers and margin bars sit outside those paragraphs and count for nothing.

import { codePointOffset, findBlock, isBmpOnly, utf16Offset } from "./offsets.js";

const SPACE = /\s/u;

export class TranscriptText {
  /** @param {HTMLElement} root  the #transcript element */
  constructor(root) {
    this.root = root;
    this.blocks = Array.from(root.querySelectorAll(".block"), (element, index) => ({
      index,
      element,
      textElement: element.querySelector(".block__text"),
      start: Number(element.dataset.start),
      end: Number(element.dataset.end),
      text: null,
      bmp: true,
      nodes: null,
    }));
    this.starts = this.blocks.map((block) => block.start);
    this.byTextElement = new Map(this.blocks.map((block) => [block.textElement, block]));
    this.byElement = new Map(this.blocks.map((block) => [block.element, block]));
    this.turns = Array.from(root.querySelectorAll(".turn"), (element) => ({
      element,
      start: Number(element.dataset.start),
      end: Number(element.dataset.end),
    }));
    this.byTurn = new Map();
    for (const block of this.blocks) {
      const turn = block.element.closest(".turn");
      if (!this.byTurn.has(turn)) this.byTurn.set(turn, []);
      block.firstInTurn = this.byTurn.get(turn).length === 0;
      this.byTurn.get(turn).push(block);
    }
  }

  /** The block of the .block element `element` (undefined for any other element). */
  blockOfElement(element) {
    return this.byElement.get(element);
  }

  /** The blocks of the .turn element `element`, in order. */
  blocksOfTurn(element) {
    return this.byTurn.get(element) ?? [];
  }

  // ---------------------------------------------------------- blocks

  _load(block) {
    if (block.nodes) return block;
    const walker = document.createTreeWalker(block.textElement, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let length = 0;
    let text = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node, from: length });
      length += node.data.length;
      text += node.data;
    }
    block.nodes = nodes;
    block.text = text;
    block.bmp = isBmpOnly(text);
    return block;
  }

  /** The block holding code point `position` (or the first one after it); null past the end. */
  blockAt(position) {
    let index = findBlock(this.starts, position);
    if (index < 0) index = 0;
    if (index < this.blocks.length && position >= this.blocks[index].end) index += 1;
    return this.blocks[index] ?? null;
  }

  /** The speaker turn (or run of text outside turns) holding `position`. */
  turnAt(position) {
    return this.turns.find((turn) => turn.start <= position && position <= turn.end) ?? null;
  }

  /** The stored text of block `block` (UTF-16 string). */
  blockText(block) {
    return this._load(block).text;
  }

  /** The text of [start, end) (code points), blocks joined by a blank line. */
  textOf(start, end) {
    const parts = [];
    for (const block of this.blocks) {
      if (block.end <= start || block.start >= end) continue;
      const text = this.blockText(block);
      const from = this.utf16At(block, Math.max(start, block.start));
      const to = this.utf16At(block, Math.min(end, block.end));
      parts.push(text.slice(from, to));
    }
    return parts.join("\n\n");
  }

  /** UTF-16 index within `block` of absolute code point `position` (clamped to it). */
  utf16At(block, position) {
    const text = this.blockText(block);
    const offset = Math.max(0, position - block.start);
    return block.bmp ? Math.min(offset, text.length) : utf16Offset(text, offset);
  }

  /** Absolute code point of UTF-16 index `index` within `block`. */
  codePointAt(block, index, roundUp = false) {
    const text = this.blockText(block);
    return block.start + (block.bmp ? index : codePointOffset(text, index, { roundUp }));
  }

  /** The DOM point [text node, offset] of code point `position` inside `block`. */
  _domPoint(block, position) {
    const index = this.utf16At(block, position);
    const nodes = this._load(block).nodes;
    for (let i = 0; i < nodes.length; i += 1) {
      const { node, from } = nodes[i];
      if (index < from + node.data.length || i === nodes.length - 1) {
        return [node, Math.min(index - from, node.data.length)];
      }
    }
    return [block.textElement, 0];
  }

  // ---------------------------------------------------------- spans to ranges

  /** A Range over [start, end) (code points), from block to block (for the selection). */
  rangeFor(start, end) {
    const first = this.blockAt(start);
    const lastIndex = findBlock(this.starts, end - 1);
    if (!first || lastIndex < first.index) return null;
    const last = this.blocks[lastIndex];
    const range = document.createRange();
    range.setStart(...this._domPoint(first, Math.max(start, first.start)));
    range.setEnd(...this._domPoint(last, Math.min(end, last.end)));
    return range;
  }

  /** One StaticRange per block for [start, end): highlights never paint headers or bars. */
  pieceRanges(start, end) {
    const ranges = [];
    let block = this.blockAt(start);
    for (; block && block.start < end; block = this.blocks[block.index + 1]) {
      const from = Math.max(start, block.start);
      const to = Math.min(end, block.end);
      if (from >= to) continue;
      const [startContainer, startOffset] = this._domPoint(block, from);
      const [endContainer, endOffset] = this._domPoint(block, to);
      ranges.push(new StaticRange({ startContainer, startOffset, endContainer, endOffset }));
    }
    return ranges;
  }

  // ---------------------------------------------------------- selection to spans

  /**
   * The code point of a DOM boundary point; `bias` "start" or "end" says
   * which way to go from a point outside the text (a header, a bar, a gap).
   * Null when there is no text on that side.
   */
  offsetOf(node, offset, bias) {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const textElement = element?.closest?.(".block__text");
    const block = textElement ? this.byTextElement.get(textElement) : null;
    if (block) {
      const before = document.createRange();
      before.setStart(block.textElement, 0);
      before.setEnd(node, offset);
      return this.codePointAt(block, before.toString().length, bias === "end");
    }
    const point = document.createRange();
    point.setStart(node, offset);
    let low = 0;
    let high = this.blocks.length;
    while (low < high) {
      // The first block starting after the point.
      const middle = (low + high) >> 1;
      if (point.comparePoint(this.blocks[middle].textElement, 0) > 0) high = middle;
      else low = middle + 1;
    }
    if (bias === "start") return low < this.blocks.length ? this.blocks[low].start : null;
    return low > 0 ? this.blocks[low - 1].end : null;
  }

  /** The selection inside the transcript as {start, end} code points, trimmed; else null. */
  selectedSpan() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!this.root.contains(range.startContainer) && !this.root.contains(range.endContainer)) {
      return null;
    }
    const start = this.root.contains(range.startContainer)
      ? this.offsetOf(range.startContainer, range.startOffset, "start")
      : this.blocks[0]?.start;
    const end = this.root.contains(range.endContainer)
      ? this.offsetOf(range.endContainer, range.endOffset, "end")
      : this.blocks[this.blocks.length - 1]?.end;
    if (start == null || end == null || start >= end) return null;
    return this.trim(start, end);
  }

  /** [start, end) without white space at its ends; null if only white space. */
  trim(start, end) {
    let from = start;
    let to = end;
    while (from < to) {
      const block = this.blockAt(from);
      if (!block || block.start >= to) return null;
      if (from < block.start) from = block.start;
      const text = this.blockText(block);
      const index = this.utf16At(block, from);
      if (index < text.length && SPACE.test(text[index])) from += 1;
      else break;
    }
    while (to > from) {
      const index = findBlock(this.starts, to - 1);
      if (index < 0) return null;
      const block = this.blocks[index];
      if (to > block.end) to = block.end;
      const text = this.blockText(block);
      const last = this.utf16At(block, to) - 1;
      if (last >= 0 && SPACE.test(text[last])) to -= 1;
      else break;
    }
    return from < to ? { start: from, end: to } : null;
  }

  /** The caret's code point (the selection's focus) when it is in the transcript. */
  caret() {
    const selection = window.getSelection();
    if (!selection || !selection.focusNode || !this.root.contains(selection.focusNode)) return null;
    return this.offsetOf(selection.focusNode, selection.focusOffset, "start");
  }

  /** Select [start, end) in the page (the caret ends at `end`). */
  select(start, end) {
    const range = this.rangeFor(start, end);
    if (!range) return;
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /** Put the caret at code point `position`. */
  placeCaret(position) {
    const block = this.blockAt(position);
    if (!block) return;
    const range = document.createRange();
    range.setStart(...this._domPoint(block, Math.max(position, block.start)));
    range.collapse(true);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /** Scroll so that code point `position` is in view (centred). */
  reveal(position) {
    const block = this.blockAt(position) ?? this.blocks[this.blocks.length - 1];
    if (!block) return;
    const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    block.element.scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
  }

  // ---------------------------------------------------------- read-only caret mode

  /**
   * Make the text focusable with a caret (contenteditable) while refusing
   * every edit: typing, pasting, dropping, cutting, formatting, undo. Text
   * changed anyway (an input method cannot be refused) is put back.
   */
  enableCaret(label) {
    const root = this.root;
    const originals = new Map(this.blocks.map((b) => [b.textElement, b.textElement.innerHTML]));
    for (const who of root.querySelectorAll(".turn__who")) who.contentEditable = "false";
    root.contentEditable = "true";
    root.spellcheck = false;
    root.setAttribute("role", "textbox");
    root.setAttribute("aria-multiline", "true");
    root.setAttribute("aria-readonly", "true");
    root.setAttribute("aria-label", label);
    root.setAttribute("autocapitalize", "off");
    root.setAttribute("autocorrect", "off");
    root.setAttribute("translate", "no");
    const refuse = (event) => event.preventDefault();
    for (const type of ["beforeinput", "paste", "drop", "cut", "dragstart"]) {
      root.addEventListener(type, refuse);
    }
    root.addEventListener("input", () => {
      for (const block of this.blocks) {
        const original = originals.get(block.textElement);
        if (block.textElement.innerHTML !== original) {
          block.textElement.innerHTML = original;
          block.nodes = null;
        }
      }
    });
  }
}
