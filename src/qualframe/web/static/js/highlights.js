// Drawing the codings on the transcript: highlights in light tints of the
// code colours (the CSS Custom Highlight API: no extra elements in the
// text, so thousands of codings stay cheap and the text's offsets never
// change), a dotted underline where codings overlap, the chosen coding
// underlined and overlined, and margin bars (one lane per overlapping
// coding) in code colours carrying the code's name.
//
// A transcript may have 10,000 codings in one run of 2,500 paragraphs: the
// bars are drawn only in the blocks near the screen (measured all at once,
// then built, so the page is laid out once), and beyond SYNC_RANGES the
// highlights away from the screen are added in idle time, near ones first.

import {
  abbreviation,
  assignLanes,
  barPieces,
  ink,
  MAX_LANES,
  nearFirst,
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
/** How far from the screen (pixels, above and below) blocks get their bars drawn. */
const NEAR_PX = 800;
/** Most highlights added at once; more wait for idle time, near the screen first. */
const SYNC_RANGES = 1500;
/** Highlights added in each idle moment, and how long (ms) one may wait for it. */
const IDLE_RANGES = 1500;
const IDLE_TIMEOUT_MS = 250;

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
    // Margin bars are laid out for every block but drawn only in the blocks
    // near the screen (and redrawn there when codings change): a long
    // transcript has thousands of bar pieces. Blocks, not turns, are watched:
    // a document without speakers is one run of thousands of blocks.
    this.layout = { pieces: new Map(), overflow: new Map(), byId: new Map(), active: null };
    this.version = 0;
    this.drawn = new Map();
    this.near = new Set();
    this.observer = null;
    if (typeof IntersectionObserver === "function") {
      this.observer = new IntersectionObserver((entries) => this._seen(entries), {
        rootMargin: `${NEAR_PX}px 0px`,
      });
      for (const block of text.blocks) this.observer.observe(block.element);
    }
    this.reported = false;
    this.firstNear = [];
    // Highlights waiting to be added in idle time (see _highlights).
    this.pending = null;
    this.idle = null;
    // Turns off screen are not laid out (content-visibility: auto): their
    // bars are placed by characters until the turn is laid out, then measured.
    for (const turn of text.turns) {
      turn.element.addEventListener("contentvisibilityautostatechange", (event) => {
        if (event.skipped) return;
        const blocks = this.text.blocksOfTurn(turn.element);
        for (const block of blocks) this.drawn.delete(block.index);
        this._draw(this.observer ? blocks.filter((block) => this.near.has(block)) : blocks);
      });
    }
  }

  /**
   * Paint `codings` ({id, codeId, start, end, coder}, in text order); `active`: an id or null.
   * The margin bars and highlights near the screen are drawn at once; with
   * more than SYNC_RANGES highlights to add, those further away are added
   * in idle time, near the screen first; the transcript's `data-painted`
   * is "all" once every highlight is on the page.
   */
  paint(codings, active) {
    this._styles();
    this._layout(codings, active);
    if (this.supported) this._highlights(codings, active);
    else this._finished();
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
    this._cancelIdle();
    const next = new Map(codings.map((coding) => [coding.id, coding]));
    for (const [id, entry] of this.shown) {
      const coding = next.get(id);
      const same = coding?.codeId === entry.codeId && coding.start === entry.start;
      if (same && coding.end === entry.end) continue;
      const highlight = CSS.highlights.get(`${PREFIX}${entry.codeId}`);
      for (const range of entry.ranges) highlight?.delete(range);
      this.shown.delete(id);
    }
    const fresh = codings.filter((coding) => !this.shown.has(coding.id));
    const stretches = overlaps(codings);
    const overlap = new Highlight();
    overlap.priority = 2;
    CSS.highlights.set(OVERLAP, overlap);
    this.pending = { codings: fresh, stretches, overlap };
    if (fresh.length + stretches.length <= SYNC_RANGES) this._addPending(() => true, Infinity);
    else this._addPending(this._nearTest(), 0);
    this.setActive(codings.find((coding) => coding.id === active) ?? null);
    if (this.pending) {
      delete this.text.root.dataset.painted;
      this._scheduleIdle();
    } else this._finished();
  }

  /** A test of spans ({start, end}) touching the blocks near the screen. */
  _nearTest() {
    let low = Infinity;
    let high = -Infinity;
    for (const block of this.reported ? this.near : this.firstNear) {
      low = Math.min(low, block.start);
      high = Math.max(high, block.end);
    }
    return (span) => span.start < high && span.end > low;
  }

  /**
   * Add the pending highlights passing `wanted`, then others in text order
   * up to `budget` in all; clears `pending` when none are left.
   */
  _addPending(wanted, budget) {
    const { codings, stretches, overlap } = this.pending;
    const first = nearFirst(codings, wanted, budget);
    for (const coding of first.now) this._add(coding);
    const second = nearFirst(stretches, wanted, budget - first.now.length);
    for (const stretch of second.now) {
      for (const range of this._overlapRanges(stretch.start, stretch.end)) overlap.add(range);
    }
    this.pending.codings = first.later;
    this.pending.stretches = second.later;
    if (!first.later.length && !second.later.length) this.pending = null;
  }

  _add(coding) {
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

  /** Add the next chunk of pending highlights when the browser is idle. */
  _scheduleIdle() {
    if (this.idle !== null || !this.pending) return;
    const run = () => {
      this.idle = null;
      if (!this.pending) return;
      this._addPending(this._nearTest(), IDLE_RANGES);
      if (this.pending) this._scheduleIdle();
      else this._finished();
    };
    this.idle =
      typeof requestIdleCallback === "function"
        ? { idle: requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS }) }
        : { timer: setTimeout(run, 0) };
  }

  _cancelIdle() {
    if (this.idle?.idle !== undefined) cancelIdleCallback(this.idle.idle);
    if (this.idle?.timer !== undefined) clearTimeout(this.idle.timer);
    this.idle = null;
    this.pending = null;
  }

  _finished() {
    this.text.root.dataset.painted = "all";
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
    if (!this.observer) this._draw(this.text.blocks);
    else if (this.reported) this._draw([...this.near]);
    else {
      this.firstNear = this._onScreen();
      this._draw(this.firstNear);
    }
  }

  /**
   * The blocks on the screen or within NEAR_PX of it, found by their boxes
   * (a binary search: a dozen blocks measured), for the first paint, before
   * the observer has reported: the first frame shows their bars.
   */
  _onScreen() {
    const blocks = this.text.blocks;
    const top = -NEAR_PX;
    const bottom = window.innerHeight + NEAR_PX;
    let low = 0;
    let high = blocks.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (blocks[middle].element.getBoundingClientRect().bottom < top) low = middle + 1;
      else high = middle;
    }
    const found = [];
    for (let i = low; i < blocks.length; i += 1) {
      if (blocks[i].element.getBoundingClientRect().top > bottom) break;
      found.push(blocks[i]);
    }
    return found;
  }

  _seen(entries) {
    this.reported = true;
    const coming = [];
    for (const entry of entries) {
      const block = this.text.blockOfElement(entry.target);
      if (!block) continue;
      if (entry.isIntersecting) {
        this.near.add(block);
        coming.push(block);
      } else {
        this.near.delete(block);
      }
    }
    this._draw(coming);
    if (this.pending && coming.length) {
      // Their highlights now, ahead of those still further away.
      const low = Math.min(...coming.map((block) => block.start));
      const high = Math.max(...coming.map((block) => block.end));
      this._addPending((span) => span.start < high && span.end > low, 0);
      if (!this.pending) {
        this._cancelIdle();
        this._finished();
      }
    }
  }

  /**
   * Draw the bars of `blocks` not drawn since the codings last changed:
   * every bar's place is measured first, then every gutter is built, so
   * the page is laid out once however many blocks come into view.
   */
  _draw(blocks) {
    const { pieces, overflow } = this.layout;
    const todo = blocks.filter(
      (block) =>
        this.drawn.get(block.index) !== this.version &&
        (block.gutter || pieces.has(block.index) || overflow.has(block.index)),
    );
    const spots = todo.map((block) => this._measureBlock(block));
    todo.forEach((block, i) => this._drawBlock(block, spots[i]));
  }

  /** Where each bar piece of `block` lies, in pixels (see _measure); [] without pieces. */
  _measureBlock(block) {
    const mine = this.layout.pieces.get(block.index);
    if (!mine) return [];
    const origin = block.textElement.getBoundingClientRect();
    return mine.map((piece) => this._measure(block, this.layout.byId.get(piece.id), origin));
  }

  _drawBlock(block, spots) {
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
  _measure(block, coding, origin) {
    const range = this.text.rangeFor(Math.max(coding.start, block.start), Math.min(coding.end, block.end));
    if (!range) return null;
    const lines = [...range.getClientRects()].filter((rect) => rect.height > 0);
    if (!lines.length) return null;
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
