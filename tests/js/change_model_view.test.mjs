// Pan and zoom of the change-model diagram, its keys, and the panel's
// addresses (static/js/change_model_view.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  MAX_ZOOM,
  MIN_ZOOM,
  ZOOM_STEP,
  dragDelta,
  formatViewBox,
  keyAction,
  panBy,
  parseViewBox,
  reveal,
  selectionOf,
  selectionUrl,
  wheelFactor,
  zoomAt,
  zoomOf,
} from "../../src/qualframe/web/static/js/change_model_view.js";

const home = { x: 0, y: 0, width: 800, height: 400 };
const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-9, `${a} is not ${b}`);

test("a viewBox is read and written as four numbers", () => {
  assert.deepEqual(parseViewBox("0 0 800 400"), home);
  assert.deepEqual(parseViewBox(" -10,5  20 30 "), { x: -10, y: 5, width: 20, height: 30 });
  assert.equal(parseViewBox("0 0 800"), null);
  assert.equal(parseViewBox("0 0 0 400"), null);
  assert.equal(parseViewBox("a b c d"), null);
  assert.equal(parseViewBox(null), null);
  assert.equal(formatViewBox({ x: 1 / 3, y: 0, width: 800, height: 400.006 }), "0.33 0 800 400.01");
});

test("zooming in around the centre halves the box and keeps the centre", () => {
  const box = zoomAt(home, home, 2);
  assert.deepEqual(box, { x: 200, y: 100, width: 400, height: 200 });
  assert.equal(zoomOf(box, home), 2);
});

test("zooming around a point keeps that point where it is", () => {
  const at = { x: 100, y: 300 };
  const box = zoomAt(home, home, 2, at);
  // The point's share of the view is the same before and after.
  close((at.x - box.x) / box.width, (at.x - home.x) / home.width);
  close((at.y - box.y) / box.height, (at.y - home.y) / home.height);
  assert.equal(box.width / box.height, home.width / home.height);  // the aspect ratio stays
});

test("zoom stays between its least and greatest", () => {
  let box = home;
  for (let i = 0; i < 40; i += 1) box = zoomAt(box, home, ZOOM_STEP);
  close(zoomOf(box, home), MAX_ZOOM);
  for (let i = 0; i < 80; i += 1) box = zoomAt(box, home, 1 / ZOOM_STEP);
  close(zoomOf(box, home), MIN_ZOOM);
});

test("panning moves the view but keeps part of the diagram in sight", () => {
  const box = zoomAt(home, home, 2);  // 400 × 200 at (200, 100)
  assert.deepEqual(panBy(box, home, 50, -20), { ...box, x: 250, y: 80 });
  const far = panBy(box, home, 10_000, 10_000);
  assert.equal(far.x, home.width - box.width + box.width * 0.75);
  assert.equal(far.y, home.height - box.height + box.height * 0.75);
  const back = panBy(box, home, -10_000, -10_000);
  assert.equal(back.x, -box.width * 0.75);
});

test("a drag in pixels becomes diagram units the other way", () => {
  assert.deepEqual(dragDelta(home, 400, 10, -4), { dx: -20, dy: 8 });
  assert.deepEqual(dragDelta(home, 0, 10, 10), { dx: 0, dy: 0 });
});

test("a focused node outside the view is revealed, one inside leaves it alone", () => {
  const box = { x: 0, y: 0, width: 400, height: 200 };
  assert.equal(reveal(box, { x: 10, y: 20, width: 100, height: 50 }), box);
  const right = reveal(box, { x: 600, y: 20, width: 100, height: 50 });
  assert.ok(right.x + right.width >= 700 && right.x <= 600);
  assert.equal(right.y, 0);
  const above = reveal({ ...box, y: 300 }, { x: 10, y: 20, width: 100, height: 50 });
  assert.ok(above.y <= 20);
  const huge = reveal(box, { x: 0, y: 0, width: 1000, height: 50 });
  assert.equal(huge.x, 500 - 200);  // centred on it
});

test("keys zoom, pan and fit; other keys and shortcuts are left alone", () => {
  assert.deepEqual(keyAction({ key: "+" }), { zoom: ZOOM_STEP });
  assert.deepEqual(keyAction({ key: "=" }), { zoom: ZOOM_STEP });
  assert.deepEqual(keyAction({ key: "-" }), { zoom: 1 / ZOOM_STEP });
  assert.deepEqual(keyAction({ key: "0" }), { fit: true });
  assert.deepEqual(keyAction({ key: "ArrowLeft" }), { pan: [-0.1, 0] });
  assert.deepEqual(keyAction({ key: "ArrowDown" }), { pan: [0, 0.1] });
  assert.equal(keyAction({ key: "Tab" }), null);
  assert.equal(keyAction({ key: "Enter" }), null);
  assert.equal(keyAction({ key: "+", ctrlKey: true }), null);
  assert.equal(keyAction({ key: "ArrowLeft", altKey: true }), null);
});

test("the wheel zooms in when rolled up and out when rolled down", () => {
  assert.equal(wheelFactor(-120), ZOOM_STEP);
  assert.equal(wheelFactor(53), 1 / ZOOM_STEP);
  assert.equal(wheelFactor(0), 1);
});

test("the panel's address names the node or link and the split", () => {
  const base = "/projects/1/change-models/2/panel";
  assert.equal(selectionUrl(base, { node: 5 }), `${base}?node=5`);
  assert.equal(selectionUrl(base, { link: 7 }, "stakeholder group"), `${base}?link=7&by=stakeholder+group`);
  assert.equal(selectionUrl(base, {}), base);
});

test("a diagram element or a table link says what it selects", () => {
  assert.deepEqual(selectionOf({ nodeId: "12" }), { node: 12 });
  assert.deepEqual(selectionOf({ linkId: "3" }), { link: 3 });
  assert.deepEqual(selectionOf({ cmSelect: "node", id: "4" }), { node: 4 });
  assert.deepEqual(selectionOf({ cmSelect: "link", id: "9" }), { link: 9 });
  assert.equal(selectionOf({}), null);
});
