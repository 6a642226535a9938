// Pan and zoom of the change-model diagram as pure arithmetic on SVG view
// boxes ({x, y, width, height} in the diagram's own units), and which key
// does what. No DOM here: change_model.js applies the boxes to the <svg>.
//
// Zoom is a factor of the fitted box (the diagram's own viewBox: fit to
// width): 1 fits, 2 shows half as much, twice as large. It stays within
// [MIN_ZOOM, MAX_ZOOM]; the aspect ratio never changes, so the diagram's
// height on the page stays the same while zooming.

export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 8;
/** How much one zoom step (a button, a key, a wheel notch) zooms. */
export const ZOOM_STEP = 1.25;
/** How far one arrow key pans, as a share of the visible width or height. */
export const PAN_SHARE = 0.1;

/** A viewBox attribute ("0 0 800 600") as a box; null when it is not four numbers. */
export function parseViewBox(text) {
  const parts = String(text ?? "").trim().split(/[\s,]+/).map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [x, y, width, height] = parts;
  if (width <= 0 || height <= 0) return null;
  return { x, y, width, height };
}

/** A box as a viewBox attribute, rounded to 0.01 units. */
export function formatViewBox(box) {
  const r = (n) => String(Math.round(n * 100) / 100);
  return `${r(box.x)} ${r(box.y)} ${r(box.width)} ${r(box.height)}`;
}

/** The zoom of `box` relative to the fitted box `home` (1: fitted). */
export function zoomOf(box, home) {
  return home.width / box.width;
}

/**
 * `box` zoomed by `factor` (> 1 zooms in) around the point `at` (diagram
 * units; default: the centre), so that point stays where it is on screen.
 * The result's zoom relative to `home` is kept within MIN_ZOOM..MAX_ZOOM.
 */
export function zoomAt(box, home, factor, at) {
  const point = at ?? { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const target = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoomOf(box, home) * factor));
  const width = home.width / target;
  const height = home.height / target;
  const scale = width / box.width;
  return {
    x: point.x - (point.x - box.x) * scale,
    y: point.y - (point.y - box.y) * scale,
    width,
    height,
  };
}

/**
 * `box` moved by (dx, dy) diagram units, kept so that at least a quarter of
 * the visible area still shows part of the diagram `home`.
 */
export function panBy(box, home, dx, dy) {
  const marginX = box.width * 0.75;
  const marginY = box.height * 0.75;
  const clamp = (value, low, high) => Math.min(high, Math.max(low, value));
  return {
    ...box,
    x: clamp(box.x + dx, home.x - marginX, home.x + home.width - box.width + marginX),
    y: clamp(box.y + dy, home.y - marginY, home.y + home.height - box.height + marginY),
  };
}

/**
 * Screen pixels moved (dx, dy) in an element `pixelWidth` wide showing `box`,
 * as diagram units (a drag to the right moves the view left: negated).
 */
export function dragDelta(box, pixelWidth, dx, dy) {
  if (!(pixelWidth > 0)) return { dx: 0, dy: 0 };
  const units = box.width / pixelWidth;
  return { dx: -dx * units, dy: -dy * units };
}

/**
 * The box showing `rect` (a node's bounding box, diagram units): `box` itself
 * when `rect` is already wholly visible, else `box` moved just enough (with
 * a small margin) to show it, centred when it is larger than the view.
 */
export function reveal(box, rect) {
  const margin = Math.min(box.width, box.height) * 0.05;
  const axis = (start, size, low, length) => {
    if (size + 2 * margin > length) return low + size / 2 - length / 2;
    if (low < start + margin) return low - margin;
    if (low + size > start + length - margin) return low + size + margin - length;
    return start;
  };
  const x = axis(box.x, rect.width, rect.x, box.width);
  const y = axis(box.y, rect.height, rect.y, box.height);
  return x === box.x && y === box.y ? box : { ...box, x, y };
}

/**
 * What a key pressed in the diagram does: {zoom: factor}, {pan: [sx, sy]}
 * (shares of the view), {fit: true}, or null (the key is not ours). Keys
 * with Ctrl, Alt or Meta are left to the browser.
 */
export function keyAction(event) {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  switch (event.key) {
    case "+":
    case "=":
      return { zoom: ZOOM_STEP };
    case "-":
    case "_":
      return { zoom: 1 / ZOOM_STEP };
    case "0":
      return { fit: true };
    case "ArrowLeft":
      return { pan: [-PAN_SHARE, 0] };
    case "ArrowRight":
      return { pan: [PAN_SHARE, 0] };
    case "ArrowUp":
      return { pan: [0, -PAN_SHARE] };
    case "ArrowDown":
      return { pan: [0, PAN_SHARE] };
    default:
      return null;
  }
}

/** The wheel's zoom factor for a wheel event's deltaY (negative: zoom in). */
export function wheelFactor(deltaY) {
  if (!deltaY) return 1;
  return deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP;
}

/**
 * The address of the side panel (or page) showing a node or link:
 * `base` ("/projects/1/change-models/2" or its "/panel"), the selection
 * {node} or {link}, and the attribute `by` (blank: left out).
 */
export function selectionUrl(base, selection, by = "") {
  const params = new URLSearchParams();
  if (selection.node != null) params.set("node", String(selection.node));
  else if (selection.link != null) params.set("link", String(selection.link));
  if (by) params.set("by", by);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

/** The selection a diagram element's data names: {node}, {link} or null. */
export function selectionOf(dataset) {
  if (dataset.nodeId) return { node: Number(dataset.nodeId) };
  if (dataset.linkId) return { link: Number(dataset.linkId) };
  if (dataset.cmSelect === "node" && dataset.id) return { node: Number(dataset.id) };
  if (dataset.cmSelect === "link" && dataset.id) return { link: Number(dataset.id) };
  return null;
}
