// Moving around a grid of cells with the keyboard, as spreadsheets do
// (the ARIA grid pattern), without the DOM (unit-tested in tests/js/grid_keys.test.mjs).

/** Rows Page Up / Page Down move by. */
export const PAGE_ROWS = 10;

/**
 * The cell a key press moves to from `at` in a grid of `rows` x `columns`
 * cells, or null when the key is not a movement key (let the browser have it).
 * Arrows move one cell (stopping at the edges); Home/End go to the row's
 * first/last cell, with Ctrl to the grid's first/last cell; Page Up/Down
 * move PAGE_ROWS rows.
 * @param {{row: number, column: number}} at
 * @param {{key: string, ctrlKey?: boolean, metaKey?: boolean}} event
 * @param {{rows: number, columns: number}} size
 * @returns {{row: number, column: number} | null}
 */
export function nextCell(at, event, size) {
  const lastRow = size.rows - 1;
  const lastColumn = size.columns - 1;
  if (lastRow < 0 || lastColumn < 0) return null;
  const clampRow = (row) => Math.min(Math.max(row, 0), lastRow);
  const clampColumn = (column) => Math.min(Math.max(column, 0), lastColumn);
  const ctrl = Boolean(event.ctrlKey || event.metaKey);
  switch (event.key) {
    case "ArrowUp": return { row: clampRow(at.row - 1), column: at.column };
    case "ArrowDown": return { row: clampRow(at.row + 1), column: at.column };
    case "ArrowLeft": return { row: at.row, column: clampColumn(at.column - 1) };
    case "ArrowRight": return { row: at.row, column: clampColumn(at.column + 1) };
    case "Home": return ctrl ? { row: 0, column: 0 } : { row: at.row, column: 0 };
    case "End": return ctrl ? { row: lastRow, column: lastColumn } : { row: at.row, column: lastColumn };
    case "PageUp": return { row: clampRow(at.row - PAGE_ROWS), column: at.column };
    case "PageDown": return { row: clampRow(at.row + PAGE_ROWS), column: at.column };
    default: return null;
  }
}
