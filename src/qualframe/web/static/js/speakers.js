// The speakers page: a label's mapping is saved as soon as its choice changes,
// through the JSON API, and every label's status is refreshed. Without
// JavaScript each row's Save button posts its form.

import { ApiError, call, get } from "./api.js";
import { announce } from "./announce.js";
import { describeChange, labelStatus, mappingRequest } from "./speaker_choice.js";

const table = document.querySelector("table[data-project].speakers-table");

function statusNode(status) {
  if (status.kind === "none") {
    const span = document.createElement("span");
    span.className = "muted";
    span.textContent = status.text;
    return span;
  }
  const flag = document.createElement("span");
  flag.className = `flag flag--${status.kind}`;
  const mark = document.createElement("span");
  mark.className = "flag__mark";
  mark.setAttribute("aria-hidden", "true");
  mark.textContent = status.kind === "warning" ? "!" : "✓";
  flag.append(mark, status.text);
  return flag;
}

async function refreshStatuses(projectId) {
  const rows = await get(`/api/projects/${projectId}/speakers`);
  const byLabel = new Map(rows.map((row) => [row.label, row]));
  for (const form of table.querySelectorAll("form[data-mapping-form]")) {
    const row = byLabel.get(form.elements.label.value);
    const line = form.closest("tr");
    if (!row || !line) continue;
    const cell = line.querySelector("[data-status]");
    const overrides = cell.querySelector(".hint");
    cell.replaceChildren(statusNode(labelStatus(row)));
    if (overrides) cell.append(" ", overrides);
    line.classList.toggle("unmapped", row.unmapped_documents > 0);
  }
}

async function save(form, projectId) {
  const choice = form.elements.choice;
  const current = form.elements.current;
  if (choice.value === current.value) return;
  const request = mappingRequest(projectId, form.elements.label.value, choice.value);
  try {
    const change = await call(request.method, request.path, request.body);
    current.value = choice.value;
    announce(describeChange(change));
    await refreshStatuses(projectId);
  } catch (error) {
    const message = error instanceof ApiError ? error.message : String(error);
    choice.value = current.value;
    announce(`Not saved. ${message}`);
    const cell = form.closest("tr")?.querySelector("[data-status]");
    if (cell) cell.replaceChildren(statusNode({ kind: "warning", text: `Not saved: ${message}` }));
  }
}

if (table) {
  const projectId = table.dataset.project;
  for (const form of table.querySelectorAll("form[data-mapping-form]")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      save(form, projectId);
    });
    form.elements.choice.addEventListener("change", () => save(form, projectId));
  }
}
