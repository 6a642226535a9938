// Which rows of a long list to draw (pure logic, no DOM): a list of
// thousands of rows of one height draws only those in view, plus a few
// either side so scrolling and arrow keys never meet an empty row.

/**
 * The rows `[first, last)` to draw of `count` rows `rowHeight` pixels high
 * when the list is scrolled `scrollTop` pixels and shows `viewHeight` pixels;
 * `overscan` more rows either side.
 */
export function rowWindow(count, rowHeight, scrollTop, viewHeight, overscan = 10) {
  if (count <= 0 || rowHeight <= 0) return { first: 0, last: 0 };
  const top = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const bottom = Math.ceil((scrollTop + Math.max(viewHeight, rowHeight)) / rowHeight) + overscan;
  const first = Math.min(top, count - 1);
  return { first, last: Math.max(first + 1, Math.min(count, bottom)) };
}

/**
 * The scroll position (pixels) showing row `index` in a list scrolled to
 * `scrollTop`: unchanged when the row is in full view, else the row centred.
 */
export function scrollFor(index, rowHeight, scrollTop, viewHeight) {
  const top = index * rowHeight;
  if (top >= scrollTop && top + rowHeight <= scrollTop + viewHeight) return scrollTop;
  return Math.max(0, Math.round(top - (viewHeight - rowHeight) / 2));
}

/** The row a key moves to from row `index` of `count` (null: the key does not move). */
export function rowAfterKey(key, index, count, pageRows = 10) {
  if (count === 0) return null;
  const moves = {
    ArrowDown: index + 1,
    ArrowUp: index - 1,
    PageDown: index + pageRows,
    PageUp: index - pageRows,
    Home: 0,
    End: count - 1,
  };
  if (!(key in moves)) return null;
  return Math.min(count - 1, Math.max(0, moves[key]));
}

/**
 * The row Tab (Shift+Tab: `backwards`) moves to from row `index` of `count`,
 * one row on as in a list drawn whole (a lazily drawn list would otherwise
 * leave at the edge of the rows drawn); null past the first or last row, where
 * Tab leaves the list as usual.
 */
export function rowAfterTab(index, count, backwards = false) {
  const target = index + (backwards ? -1 : 1);
  return index < 0 || target < 0 || target >= count ? null : target;
}
