// The matrix table as a keyboard grid: one Tab stop (roving tabindex on the
// cells' links), arrow keys between cells, Enter (or a click, or F2) opens a
// cell in the editor, E (or a row's ⤢ button) shows the row's full summaries.
// Without JavaScript the links open each cell's page.

import { cellKey, countsText, gridCounts, toggleRow } from "./cell_logic.js";
import { nextCell } from "./grid_keys.js";

export class MatrixGrid {
  /**
   * @param {HTMLTableElement} table  the matrix (td.matrix__cell with data-row-kind,
   *   data-row, data-code, data-codings, data-participants, each holding a link)
   * @param {{show: string, statuses: Object<string, string>, onOpen: Function}} options
   *   show: "summary" or "counts"; statuses: status -> label; onOpen(td) opens the editor
   */
  constructor(table, { show, statuses, onOpen, onAnnounce }) {
    this.table = table;
    this.onAnnounce = onAnnounce;
    this.show = show;
    this.statuses = statuses;
    this.onOpen = onOpen;
    this.rows = [...table.querySelectorAll("tr")]
      .map((tr) => [...tr.querySelectorAll("td.matrix__cell")])
      .filter((cells) => cells.length > 0);
    this.positions = new Map();
    this.rows.forEach((cells, row) => cells.forEach((td, column) => this.positions.set(td, { row, column })));
    this.byKey = new Map();
    this.rows.flat().forEach((td) => {
      const key = cellKey(td.dataset.rowKind, td.dataset.row, td.dataset.code);
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), td]);
    });
    this.current = { row: 0, column: 0 };
    this.expanded = new Set();
    this.editing = null;
  }

  /** Make the table a grid: one tab stop, keys and clicks handled. */
  start() {
    if (!this.rows.length) return;
    this.table.setAttribute("role", "grid");
    this.rows.flat().forEach((td) => { this.link(td).tabIndex = -1; });
    this.link(this.rows[0][0]).tabIndex = 0;
    this.table.addEventListener("keydown", (event) => this.keydown(event));
    this.table.addEventListener("click", (event) => this.click(event));
    this.table.addEventListener("focusin", (event) => this.focused(event));
    if (this.show === "summary") this.addRowToggles();
  }

  /**
   * A ⤢ button in each row's head showing the row's full summaries (cut to a
   * few lines otherwise). Out of the Tab order, as the grid is one Tab stop:
   * keyboard users press E on a cell, or tick "every row" above the grid.
   */
  addRowToggles() {
    this.rows.forEach((cells) => {
      const tr = cells[0].closest("tr");
      const head = tr.querySelector("th");
      if (!head) return;
      const label = head.querySelector(".matrix__row-label")?.textContent ?? "this row";
      const button = element("button", "matrix__row-toggle", "⤢");
      button.type = "button";
      button.tabIndex = -1;
      button.title = `Full summaries of ${label}`;
      button.setAttribute("aria-label", `Full summaries of ${label}`);
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", () => this.toggleRow(tr));
      head.prepend(button);
    });
  }

  /** Show a row's full summaries, or cut them again; returns whether shown. */
  toggleRow(tr) {
    const { expanded, open } = toggleRow(this.expanded, tr);
    this.expanded = expanded;
    tr.classList.toggle("matrix__row--expanded", open);
    tr.querySelector(".matrix__row-toggle")?.setAttribute("aria-pressed", String(open));
    return open;
  }

  /** Mark `td` as the cell the side panel shows (null: none). */
  markEditing(td) {
    if (this.editing) {
      this.editing.classList.remove("matrix__cell--editing");
      this.link(this.editing).removeAttribute("aria-current");
    }
    this.editing = td;
    if (td) {
      td.classList.add("matrix__cell--editing");
      this.link(td).setAttribute("aria-current", "true");
    }
  }

  link(td) {
    return td.querySelector("a.matrix__link");
  }

  position(td) {
    return this.positions.get(td) ?? null;
  }

  /** Move the tab stop (and focus) to the cell at `at`. */
  moveTo(at) {
    const previous = this.rows[this.current.row]?.[this.current.column];
    if (previous) this.link(previous).tabIndex = -1;
    this.current = at;
    const link = this.link(this.rows[at.row][at.column]);
    link.tabIndex = 0;
    link.focus();
  }

  focused(event) {
    const td = event.target.closest("td.matrix__cell");
    const at = td && this.position(td);
    if (!at || (at.row === this.current.row && at.column === this.current.column)) return;
    const previous = this.rows[this.current.row]?.[this.current.column];
    if (previous) this.link(previous).tabIndex = -1;
    this.current = at;
    this.link(td).tabIndex = 0;
  }

  keydown(event) {
    const td = event.target.closest("td.matrix__cell");
    if (!td || event.altKey || event.shiftKey) return;
    if (event.key === "F2") {
      event.preventDefault();
      this.onOpen(td);
      return;
    }
    if ((event.key === "e" || event.key === "E") && this.show === "summary" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      const tr = td.closest("tr");
      const open = this.toggleRow(tr);
      const label = tr.querySelector(".matrix__row-label")?.textContent ?? "the row";
      this.onAnnounce?.(open ? `Showing the full summaries of ${label}.` : `Summaries of ${label} cut again.`);
      return;
    }
    const at = this.position(td);
    const size = { rows: this.rows.length, columns: this.rows[0].length };
    const next = at && nextCell(at, event, size);
    if (!next) return;
    event.preventDefault();
    this.moveTo(next);
  }

  click(event) {
    // Keep the browser's ways of opening a link elsewhere (new tab, window).
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const td = event.target.closest("td.matrix__cell");
    if (!td) return;
    event.preventDefault();
    this.focused({ target: td });
    this.onOpen(td);
  }

  /** The cell's link, to give focus back to after editing. */
  focusCell(td) {
    this.link(td).focus();
  }

  /** Show a cell's new summary, status and quotes wherever the grid shows that cell. */
  update(cell) {
    const tds = this.byKey.get(cellKey(cell.row_kind, cell.row, cell.code_id)) ?? [];
    tds.forEach((td) => this.render(td, cell));
  }

  render(td, cell) {
    const shown = { codings: Number(td.dataset.codings), participants: Number(td.dataset.participants) };
    const link = this.link(td);
    const parts = [];
    if (this.show === "summary" && cell.summary) {
      parts.push(element("span", "matrix__summary", cell.summary));
    }
    const meta = element("span", "matrix__meta");
    meta.append(statusBadge(cell.status, this.statuses[cell.status] ?? cell.status), " ");
    const counts = gridCounts(cell.row_kind, shown, cell);
    const none = !counts.codings && !counts.quotes ? " matrix__counts--none" : "";
    meta.append(element("span", `matrix__counts${none}`, countsText(counts)));
    parts.push(meta);
    link.replaceChildren(...parts);
  }
}

/** An element with a class and text. */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A status as text with its shape marker (as the `ui.status_badge` macro writes it). */
export function statusBadge(status, label) {
  const badge = element("span", `status status--${status}`);
  const mark = element("span", "status__mark");
  mark.setAttribute("aria-hidden", "true");
  badge.append(mark, label);
  return badge;
}
