// The framework matrix page: the grid's keyboard navigation, full summaries
// per row, and the cell editor as a side panel beside the grid (the grid
// stays visible and scrollable, the edited cell marked). Focus moves into
// the panel when a cell opens; Escape (or Close) brings it back to the cell,
// and F6 moves between the panel and the cell while the panel stays open.
// Data from the page: #matrix-data {projectId, includeSubcodes, statuses}.

import { announce } from "./announce.js";
import { pageData } from "./api.js";
import { CellEditor } from "./cell_editor.js";
import { MatrixGrid } from "./matrix_grid.js";

function start() {
  const data = pageData("matrix-data");
  const table = document.getElementById("matrix-grid");
  const dialog = document.getElementById("cell-editor");
  const workspace = document.getElementById("matrix-workspace");
  if (!data || !table || !dialog || !workspace) return;
  let openedFrom = null;
  const editor = new CellEditor(dialog, {
    projectId: data.projectId,
    includeSubcodes: data.includeSubcodes,
    statuses: data.statuses,
    onChange: (cell) => grid.update(cell),
    onClose: () => {
      workspace.classList.remove("matrix-workspace--editing");
      grid.markEditing(null);
      if (openedFrom) grid.focusCell(openedFrom);
    },
  });
  const grid = new MatrixGrid(table, {
    show: table.classList.contains("matrix--counts") ? "counts" : "summary",
    statuses: data.statuses,
    onAnnounce: announce,
    onOpen: (td) => {
      if (td === openedFrom && editor.isOpen) {
        editor.summary.focus();
        return;
      }
      if (!editor.release()) return;  // unsaved changes kept: stay on that cell
      openedFrom = td;
      workspace.classList.add("matrix-workspace--editing");
      grid.markEditing(td);
      // The grid narrowed to make room: keep the edited cell (its row and column) in view.
      td.scrollIntoView({ block: "nearest", inline: "nearest" });
      const link = td.querySelector("a.matrix__link");
      editor.open({ rowKind: td.dataset.rowKind, row: td.dataset.row, code: td.dataset.code }, link.href);
    },
  });
  grid.start();
  document.addEventListener("keydown", (event) => {
    if (event.key !== "F6" || !editor.isOpen || !openedFrom) return;
    event.preventDefault();
    if (dialog.contains(document.activeElement)) grid.focusCell(openedFrom);
    else editor.summary.focus();
  });
  const hint = document.getElementById("matrix-keys");
  if (hint) {
    hint.hidden = false;
    table.setAttribute("aria-describedby", "matrix-keys");
  }
  const expandAll = document.getElementById("matrix-expand-all");
  if (expandAll) {
    expandAll.closest("[data-part='expand-all']").hidden = false;
    expandAll.addEventListener("change", () => table.classList.toggle("matrix--expanded", expandAll.checked));
  }
}

start();
