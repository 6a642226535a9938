// The change-model page: pan and zoom of the diagram (buttons, keys, wheel,
// drag) and the side panel put in place without reloading when a node or
// link is chosen (click, or Enter or Space on a focused one; the tables'
// and flags' links too). Focus moves to the panel's heading; Escape in the
// panel brings it back to what opened it. Without this script the diagram
// is shown fitted to the width, and the links reload the page with the
// panel chosen by the address.
// Data from the page: #cm-data {projectId, modelId, panelUrl, node, link, by}.

import { announce } from "./announce.js";
import { pageData } from "./api.js";
import { startConfirming } from "./change_model_confirm.js";
import {
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
} from "./change_model_view.js";

const SUBJECTS = "g.cm-node, g.cm-link";

class DiagramView {
  constructor(viewport, svg, home) {
    this.viewport = viewport;
    this.svg = svg;
    this.home = home;
    this.box = home;
  }

  apply(box) {
    this.box = box;
    this.svg.setAttribute("viewBox", formatViewBox(box));
  }

  zoom(factor, at) { this.apply(zoomAt(this.box, this.home, factor, at)); }
  fit() { this.apply(this.home); }
  pan(sx, sy) {
    this.apply(panBy(this.box, this.home, sx * this.box.width, sy * this.box.height));
  }

  /** A point on the screen as diagram units. */
  toDiagram(clientX, clientY) {
    const matrix = this.svg.getScreenCTM();
    if (!matrix) return undefined;
    const point = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
    return { x: point.x, y: point.y };
  }

  /** The box of `element` on the screen, in diagram units (undefined: not laid out). */
  boxOf(element) {
    const rect = element.getBoundingClientRect();
    const a = this.toDiagram(rect.left, rect.top);
    const b = this.toDiagram(rect.right, rect.bottom);
    return a && b ? { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y } : undefined;
  }

  centreOf(element) {
    const box = this.boxOf(element);
    return box ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : undefined;
  }

  /** Move the view just enough to show `element` (a focused node or link). */
  show(element) {
    const box = this.boxOf(element);
    if (!box) return;
    const next = reveal(this.box, box);
    if (next !== this.box) this.apply(next);
  }

  start(toolbar) {
    toolbar.hidden = false;
    for (const button of toolbar.querySelectorAll("[data-zoom]")) {
      button.addEventListener("click", () => {
        const what = button.dataset.zoom;
        if (what === "fit") this.fit();
        else this.zoom(what === "in" ? ZOOM_STEP : 1 / ZOOM_STEP);
      });
    }
    const viewport = this.viewport;
    viewport.tabIndex = 0;
    viewport.setAttribute("role", "region");
    viewport.setAttribute("aria-label", "Diagram: pan and zoom");
    viewport.setAttribute("aria-describedby", "cm-keys");
    viewport.classList.add("cm-viewport--live");
    viewport.addEventListener("keydown", (event) => {
      const action = keyAction(event);
      if (!action) return;
      event.preventDefault();
      // Zooming with a node or link focused keeps it where it is.
      const subject = event.target.closest?.(SUBJECTS);
      if (action.zoom) this.zoom(action.zoom, subject ? this.centreOf(subject) : undefined);
      else if (action.fit) this.fit();
      else this.pan(...action.pan);
    });
    viewport.addEventListener("wheel", (event) => {
      if (!event.deltaY) return;
      event.preventDefault();
      this.zoom(wheelFactor(event.deltaY), this.toDiagram(event.clientX, event.clientY));
    }, { passive: false });
    viewport.addEventListener("focusin", (event) => {
      const subject = event.target.closest?.(SUBJECTS);
      if (subject) this.show(subject);
    });
    this.startDragging();
  }

  startDragging() {
    let drag = null;
    this.dragged = false;
    this.viewport.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, id: event.pointerId };
      this.dragged = false;
    });
    this.viewport.addEventListener("pointermove", (event) => {
      if (!drag || event.pointerId !== drag.id) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!this.dragged && Math.hypot(dx, dy) < 4) return;
      if (!this.dragged) this.viewport.setPointerCapture?.(event.pointerId);
      this.dragged = true;
      const delta = dragDelta(this.box, this.svg.getBoundingClientRect().width, dx, dy);
      this.apply(panBy(this.box, this.home, delta.dx, delta.dy));
      drag.x = event.clientX;
      drag.y = event.clientY;
    });
    const end = () => { drag = null; };
    this.viewport.addEventListener("pointerup", end);
    this.viewport.addEventListener("pointercancel", end);
  }
}

class Panel {
  constructor(panel, data, diagram) {
    this.panel = panel;
    this.data = data;
    this.diagram = diagram;
    this.current = data.node != null ? { node: data.node } : data.link != null ? { link: data.link } : null;
    this.by = data.by || "";
    this.opener = null;
    this.pageBase = data.panelUrl.replace(/\/panel$/, "");
  }

  async choose(selection, by = this.by, opener = null) {
    this.opener = opener ?? document.activeElement;
    this.panel.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(selectionUrl(this.data.panelUrl, selection, by), {
        credentials: "same-origin", headers: { Accept: "text/html" },
      });
      if (!response.ok) {
        // The whole page says why (a node deleted meanwhile...).
        window.location.assign(selectionUrl(this.pageBase, selection, by) + "#cm-panel");
        return;
      }
      this.panel.innerHTML = await response.text();
    } finally {
      this.panel.setAttribute("aria-busy", "false");
    }
    this.current = selection;
    this.by = by;
    history.replaceState(null, "", selectionUrl(this.pageBase, selection, by) + "#cm-panel");
    this.mark();
    document.querySelector(".cm-workspace")?.classList.add("cm-workspace--open");
    const title = this.panel.querySelector("#cm-panel-title");
    title?.focus();
    if (title) announce(`Showing ${title.textContent.trim()}.`);
  }

  mark() {
    for (const element of document.querySelectorAll(SUBJECTS)) {
      const chosen = selectionOf(element.dataset);
      const on = Boolean(this.current && chosen &&
        chosen.node === this.current.node && chosen.link === this.current.link);
      element.classList.toggle("cm-selected", on);
    }
  }

  start() {
    this.mark();
    document.addEventListener("click", (event) => {
      const target = event.target.closest?.(`${SUBJECTS}, a[data-cm-select]`);
      if (!target || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (this.diagram?.dragged && !target.matches("a")) return;  // the end of a drag
      const selection = selectionOf(target.dataset);
      if (!selection) return;
      event.preventDefault();
      this.choose(selection, this.by, target);
    });
    document.addEventListener("keydown", (event) => {
      const target = event.target.closest?.(SUBJECTS);
      if (target && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        const selection = selectionOf(target.dataset);
        if (selection) this.choose(selection, this.by, target);
      } else if (event.key === "Escape" && this.panel.contains(event.target) && this.opener) {
        this.opener.focus();
      }
    });
    this.panel.addEventListener("submit", (event) => {
      const form = event.target.closest("[data-cm-split]");
      if (!form || !this.current) return;
      event.preventDefault();
      this.choose(this.current, new FormData(form).get("by") || "", form.querySelector("select"));
    });
  }
}

function start() {
  const data = pageData("cm-data");
  const viewport = document.getElementById("cm-viewport");
  const panel = document.getElementById("cm-panel");
  if (!data || !viewport || !panel) return;
  const svg = viewport.querySelector("svg");
  const home = svg ? parseViewBox(svg.getAttribute("viewBox")) : null;
  let diagram = null;
  if (svg && home) {
    diagram = new DiagramView(viewport, svg, home);
    diagram.start(document.querySelector("[data-cm-toolbar]"));
  }
  new Panel(panel, data, diagram).start();
  startConfirming();
}

start();
