// The framework matrix page: the grid's keyboard navigation and the in-place
// cell editor. Data from the page: #matrix-data {projectId, includeSubcodes, statuses}.

import { pageData } from "./api.js";
import { CellEditor } from "./cell_editor.js";
import { MatrixGrid } from "./matrix_grid.js";

function start() {
  const data = pageData("matrix-data");
  const table = document.getElementById("matrix-grid");
  const dialog = document.getElementById("cell-editor");
  if (!data || !table || !dialog) return;
  let openedFrom = null;
  const editor = new CellEditor(dialog, {
    projectId: data.projectId,
    includeSubcodes: data.includeSubcodes,
    statuses: data.statuses,
    onChange: (cell) => grid.update(cell),
    onClose: () => { if (openedFrom) grid.focusCell(openedFrom); },
  });
  const grid = new MatrixGrid(table, {
    show: table.classList.contains("matrix--counts") ? "counts" : "summary",
    statuses: data.statuses,
    onOpen: (td) => {
      openedFrom = td;
      const link = td.querySelector("a.matrix__link");
      editor.open({ rowKind: td.dataset.rowKind, row: td.dataset.row, code: td.dataset.code }, link.href);
    },
  });
  grid.start();
  const hint = document.getElementById("matrix-keys");
  if (hint) {
    hint.hidden = false;
    table.setAttribute("aria-describedby", "matrix-keys");
  }
}

start();
