// The study page's editable tables: a row saves through the JSON API as soon as a
// field changes (or Enter is pressed, which then moves to the next row), instead
// of reloading the page. Without JavaScript each row's Save button posts its form.
// Each save states the row's version as last read (if_version) and keeps the new
// one from the answer; a row someone else changed meanwhile is not saved (409):
// the server's message is shown and what the user typed stays in the fields.

import { ApiError, patch } from "./api.js";
import { announce } from "./announce.js";
import { afterSave, neighbour, parseVersion, rowLabel, rowPayload, snapshot } from "./study_rows.js";

function rowFields(form) {
  return Array.from(document.querySelectorAll(`[form="${form.id}"][name]`));
}

function values(fields) {
  return fields.map((field) => ({ name: field.name, value: field.value }));
}

function setStatus(row, text, kind) {
  const status = row.querySelector("[data-row-status]");
  if (!status) return;
  status.textContent = text;
  status.className = `row-status${kind ? ` row-status--${kind}` : ""}`;
}

// After a rename, the row's labels ("age of participant P01", "Save participant P01")
// and its delete question name the new name.
function relabel(row, before, after) {
  if (before === after) return;
  for (const element of row.querySelectorAll("[aria-label]")) {
    element.setAttribute("aria-label", element.getAttribute("aria-label").replace(before, after));
  }
  for (const hidden of row.querySelectorAll(".visually-hidden")) {
    hidden.textContent = hidden.textContent.replace(before, after);
  }
  for (const form of row.querySelectorAll("form[data-confirm]")) {
    form.dataset.confirm = form.dataset.confirm.replace(before, after);
  }
  row.dataset.label = after;
}

function showInherited(row, record) {
  for (const cell of row.querySelectorAll("[data-inherited]")) {
    cell.textContent = record.attributes[cell.dataset.inherited] ?? "";
  }
}

// After a case is saved, the participants table follows: its case choices use the
// new name, and the participants of the case show its new values as inherited.
function syncCase(before, record) {
  for (const option of document.querySelectorAll('select[name="case"] option')) {
    if (option.value === before) {
      option.value = record.name;
      option.textContent = record.name;
    }
  }
  for (const row of document.querySelectorAll('table[data-edit-table="participants"] tr[data-row]')) {
    const form = row.querySelector("[data-row-form]");
    const select = form && document.querySelector(`select[name="case"][form="${form.id}"]`);
    if (select && select.value === record.name) showInherited(row, record);
  }
}

class EditableRow {
  constructor(table, row) {
    this.table = table;
    this.row = row;
    this.form = row.querySelector("[data-row-form]");
    this.fields = rowFields(this.form);
    this.versions = Array.from(row.querySelectorAll("[data-version]"));
    this.saved = snapshot(values(this.fields));
    this.pending = null;
    this.name = this.fieldValue("name");
  }

  fieldValue(name) {
    return this.fields.find((field) => field.name === name)?.value ?? null;
  }

  // The row's version as last read: sent with each save, kept from each answer.
  get version() {
    return parseVersion(this.versions[0]?.value);
  }

  set version(version) {
    for (const input of this.versions) input.value = String(version);
  }

  // Show what was stored, in its canonical spelling ("nhs" is saved as "NHS"),
  // except in fields changed since `sent` went (the user is typing there).
  showStored(sent, record) {
    const { shown, saved } = afterSave(sent, values(this.fields), record);
    this.fields.forEach((field, index) => {
      if (field.value !== shown[index]) field.value = shown[index];
    });
    this.saved = snapshot(saved);
    if (Number.isInteger(record.version)) this.version = record.version;
  }

  path() {
    const { project, editTable } = this.table.dataset;
    return `/api/projects/${project}/${editTable}/${this.row.dataset.id}`;
  }

  async save() {
    if (this.pending) await this.pending.catch(() => {});
    const sent = values(this.fields);
    if (snapshot(sent) === this.saved) return true;
    this.row.classList.add("row--saving");
    setStatus(this.row, "Saving…", "");
    this.pending = patch(this.path(), rowPayload(sent, this.version));
    try {
      const record = await this.pending;
      this.showStored(sent, record);
      this.row.classList.remove("row--error");
      showInherited(this.row, record);
      const label = rowLabel(this.table.dataset.editTable, record);
      relabel(this.row, this.row.dataset.label, label);
      if (this.table.dataset.editTable === "cases") {
        syncCase(this.name, record);
        this.name = record.name;
      }
      setStatus(this.row, "Saved", "ok");
      announce(`Saved ${label}.`);
      return true;
    } catch (error) {
      // Nothing was saved: the fields keep what the user typed, the version stays
      // the one read (a row changed by someone else is refused until reloaded).
      const message = error instanceof ApiError ? error.message : String(error);
      this.row.classList.add("row--error");
      setStatus(this.row, `Not saved: ${message}`, "error");
      announce(`Not saved. ${message}`);
      return false;
    } finally {
      this.row.classList.remove("row--saving");
      this.pending = null;
    }
  }
}

function moveFocus(rows, index, delta, field) {
  const next = neighbour(rows.length, index, delta);
  if (next === null) return;
  const target = rows[next].fields.find((candidate) => candidate.name === field.name);
  if (target) target.focus();
}

function enhance(table) {
  const rows = Array.from(table.querySelectorAll("tr[data-row]"), (row) => new EditableRow(table, row));
  rows.forEach((editable, index) => {
    editable.form.addEventListener("submit", (event) => {
      event.preventDefault();
      editable.save();
    });
    for (const field of editable.fields) {
      field.addEventListener("change", () => editable.save());
      field.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" || field.tagName === "SELECT") return;
        event.preventDefault();
        editable.save().then((ok) => { if (ok) moveFocus(rows, index, event.shiftKey ? -1 : 1, field); });
      });
    }
  });
}

for (const table of document.querySelectorAll("table[data-edit-table]")) enhance(table);
