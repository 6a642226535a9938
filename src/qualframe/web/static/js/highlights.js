// Drawing the codings on the transcript: highlights in light tints of the
// code colours (the CSS Custom Highlight API: no extra elements in the
// text, so thousands of codings stay cheap and the text's offsets never
// change), a dotted underline where codings overlap, the chosen coding
// underlined and overlined, and margin bars (one lane per overlapping
// coding) in code colours carrying the code's name.

import {
  abbreviation,
  assignLanes,
  barPieces,
  ink,
  MAX_LANES,
  overlaps,
  tint,
} from "./coding_layout.js";

const PREFIX = "qf-code-";
const OVERLAP = "qf-overlap";
const ACTIVE = "qf-active";
/** Characters a bar piece must cover to carry the code's whole name (else initials). */
const LABEL_CHARS = 200;
/** About one line of the transcript: codings closer than this get bars in separate lanes. */
const LINE_CHARS = 80;

/** Whether this browser can paint highlights (Chromium 105+, Firefox 140+, Safari 17.2+). */
export function highlightsSupported() {
  return typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight === "function";
}

export class CodingPainter {
  /**
   * @param {import("./selection.js").TranscriptText} text
   * @param {Map<number, object>} codes  code id -> {id, name, path, colour}
   */
  constructor(text, codes) {
    this.text = text;
    this.codes = codes;
    this.supported = highlightsSupported();
    this.sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.sheet];
    this.shown = new Map();
    this.overlapCache = new Map();
    this.styled = "";
    this.inks = new Map();
    // Margin bars are laid out for every block but drawn only in the turns
    // near the screen (and redrawn there when codings change): a long
    // transcript has thousands of bar pieces.
    this.layout = { pieces: new Map(), overflow: new Map(), byId: new Map(), active: null };
    this.version = 0;
    this.drawn = new Map();
    this.near = new Set();
    this.observer = null;
    if (typeof IntersectionObserver === "function") {
      this.observer = new IntersectionObserver((entries) => this._seen(entries), {
        rootMargin: "800px 0px",
      });
      for (const turn of text.turns) this.observer.observe(turn.element);
    }
    // Turns off screen are not laid out (content-visibility: auto): their
    // bars are placed by characters until the turn is laid out, then measured.
    for (const turn of text.turns) {
      turn.element.addEventListener("contentvisibilityautostatechange", (event) => {
        if (event.skipped) return;
        for (const block of this.text.blocksOfTurn(turn.element)) this.drawn.delete(block.index);
        this._drawTurn(turn.element);
      });
    }
  }

  /** Paint `codings` ({id, codeId, start, end, coder}, in text order); `active`: an id or null. */
  paint(codings, active) {
    this._styles();
    if (this.supported) this._highlights(codings, active);
    this._layout(codings, active);
  }

  /** Mark coding `coding` (or none) as the chosen one, without repainting the rest. */
  setActive(coding) {
    this.layout.active = coding ? coding.id : null;
    if (this.supported) {
      CSS.highlights.delete(ACTIVE);
      if (coding) {
        const chosen = new Highlight(...this.text.pieceRanges(coding.start, coding.end));
        chosen.priority = 3;
        CSS.highlights.set(ACTIVE, chosen);
      }
    }
    for (const bar of this.text.root.querySelectorAll(".bar--active")) {
      bar.classList.remove("bar--active");
    }
    if (coding) {
      for (const bar of this.text.root.querySelectorAll(`.bar[data-coding="${coding.id}"]`)) {
        bar.classList.add("bar--active");
      }
    }
  }

  _styles() {
    const rules = [];
    for (const code of this.codes.values()) {
      rules.push(`::highlight(${PREFIX}${code.id}) { background-color: ${tint(code.colour)}; }`);
    }
    const css = rules.join("\n");
    if (css !== this.styled) {
      this.sheet.replaceSync(css);
      this.styled = css;
    }
  }

  _highlights(codings, active) {
    // Incremental: only codings added, removed or changed since the last
    // paint touch the highlights (one coding applied in a 2,000-coding
    // transcript must not rebuild thousands of ranges).
    const next = new Map(codings.map((coding) => [coding.id, coding]));
    for (const [id, entry] of this.shown) {
      const coding = next.get(id);
      const same = coding?.codeId === entry.codeId && coding.start === entry.start;
      if (same && coding.end === entry.end) continue;
      const highlight = CSS.highlights.get(`${PREFIX}${entry.codeId}`);
      for (const range of entry.ranges) highlight?.delete(range);
      this.shown.delete(id);
    }
    for (const coding of codings) {
      if (this.shown.has(coding.id)) continue;
      const name = `${PREFIX}${coding.codeId}`;
      let highlight = CSS.highlights.get(name);
      if (!highlight) {
        highlight = new Highlight();
        highlight.priority = 1;
        CSS.highlights.set(name, highlight);
      }
      const ranges = this.text.pieceRanges(coding.start, coding.end);
      for (const range of ranges) highlight.add(range);
      const { codeId, start, end } = coding;
      this.shown.set(coding.id, { codeId, start, end, ranges });
    }
    const overlapRanges = overlaps(codings).flatMap((o) => this._overlapRanges(o.start, o.end));
    const overlap = new Highlight(...overlapRanges);
    overlap.priority = 2;
    CSS.highlights.set(OVERLAP, overlap);
    this.setActive(codings.find((coding) => coding.id === active) ?? null);
  }

  _overlapRanges(start, end) {
    const key = `${start}:${end}`;
    if (!this.overlapCache.has(key)) this.overlapCache.set(key, this.text.pieceRanges(start, end));
    return this.overlapCache.get(key);
  }

  _layout(codings, active) {
    const lanes = assignLanes(codings, LINE_CHARS);
    const { pieces, overflow } = barPieces(this.text.blocks, codings, lanes, MAX_LANES);
    const used = Math.min(Math.max(0, ...lanes.values()) + 1, MAX_LANES) + (overflow.size ? 1 : 0);
    this.text.root.style.setProperty("--lanes", String(codings.length ? used : 0));
    this.layout = { pieces, overflow, byId: new Map(codings.map((c) => [c.id, c])), active };
    this.version += 1;
    const turns = this.observer ? this.near : this.text.turns.map((turn) => turn.element);
    for (const turn of turns) this._drawTurn(turn);
  }

  _seen(entries) {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        this.near.add(entry.target);
        this._drawTurn(entry.target);
      } else {
        this.near.delete(entry.target);
      }
    }
  }

  _drawTurn(element) {
    for (const block of this.text.blocksOfTurn(element)) {
      if (this.drawn.get(block.index) !== this.version) this._drawBlock(block);
    }
  }

  _drawBlock(block) {
    this.drawn.set(block.index, this.version);
    const { pieces, overflow, byId, active } = this.layout;
    const mine = pieces.get(block.index);
    const more = overflow.get(block.index);
    if (!block.gutter) {
      if (!mine && !more) return;
      block.gutter = document.createElement("div");
      block.gutter.className = "block__bars";
      block.gutter.contentEditable = "false";
      block.gutter.setAttribute("aria-hidden", "true");
      block.element.append(block.gutter);
    }
    // Measure first, then build: reading layout between writes would lay the
    // page out again for every bar.
    const spots = (mine ?? []).map((piece) => this._measure(block, byId.get(piece.id)));
    const fragment = document.createDocumentFragment();
    (mine ?? []).forEach((piece, i) => {
      // A bar is labelled where its coding starts and again at the top of
      // each later speaker turn it runs into.
      const labelled = piece.first || (block.firstInTurn && piece.top === 0);
      fragment.append(this._bar(piece, byId.get(piece.id), piece.id === active, labelled, spots[i]));
    });
    if (more) fragment.append(this._more(more));
    block.gutter.replaceChildren(fragment);
  }

  _ink(colour) {
    if (!this.inks.has(colour)) this.inks.set(colour, ink(colour));
    return this.inks.get(colour);
  }

  /**
   * Where the coding's text lies in `block`, in pixels from the block's top
   * ({top, height}), measured on the laid-out lines; null when the block is
   * not laid out (then the bar is placed by characters).
   */
  _measure(block, coding) {
    const range = this.text.rangeFor(Math.max(coding.start, block.start), Math.min(coding.end, block.end));
    if (!range) return null;
    const lines = [...range.getClientRects()].filter((rect) => rect.height > 0);
    if (!lines.length) return null;
    const origin = block.textElement.getBoundingClientRect();
    const top = Math.min(...lines.map((rect) => rect.top));
    const bottom = Math.max(...lines.map((rect) => rect.bottom));
    return { top: top - origin.top, height: bottom - top };
  }

  _bar(piece, coding, isActive, labelled, spot) {
    const code = this.codes.get(coding.codeId) ?? { name: "?", path: "?", colour: "#777777" };
    const bar = document.createElement("div");
    bar.className = isActive ? "bar bar--active" : "bar";
    bar.dataset.coding = String(coding.id);
    bar.title = `${code.path} (coded by ${coding.coder})`;
    const place = spot
      ? `top: ${spot.top.toFixed(1)}px; height: ${spot.height.toFixed(1)}px;`
      : `top: ${piece.top.toFixed(2)}%; height: ${piece.height.toFixed(2)}%;`;
    bar.style.cssText =
      `--lane-index: ${piece.lane}; --code: ${code.colour}; color: ${this._ink(code.colour)}; ` +
      place;
    if (labelled) {
      const label = document.createElement("span");
      // About three lines of text give room for the name; shorter bars show initials.
      const long = piece.chars >= LABEL_CHARS;
      label.className = long ? "bar__label" : "bar__label bar__label--short";
      label.textContent = long ? code.name : abbreviation(code.name);
      bar.append(label);
    }
    return bar;
  }

  _more(count) {
    const more = document.createElement("span");
    more.className = "bar-more";
    more.style.setProperty("--lane-index", String(MAX_LANES));
    more.textContent = `+${count}`;
    more.title = `${count} more overlapping codings here: see the codings list`;
    return more;
  }
}
