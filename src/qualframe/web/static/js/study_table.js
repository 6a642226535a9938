// The study page's editable tables: a row saves through the JSON API as soon as a
// field changes (or Enter is pressed, which then moves to the next row), instead
// of reloading the page. Without JavaScript each row's Save button posts its form.
//
// No save overwrites a newer edit. A row remembers each field's value as last
// read (its base) and sends only the fields edited since, with the row's version
// (if_version); saves of one row go one after another. A field typed in while a
// save is on its way keeps what was typed and is saved next. When someone else
// saved the row meanwhile (409, with the stored record), the fields only they
// changed show their values, the fields only this user changed are sent again on
// the new version, and a field both changed keeps what the user typed, with the
// stored value beside it and a choice: keep mine (saved on the new version) or
// take theirs.

import { ApiError, patch } from "./api.js";
import { announce } from "./announce.js";
import {
  afterSave, editedNames, mergeStale, neighbour, parseVersion, rowLabel, rowPayload,
} from "./study_rows.js";

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

// The value a field was shown with by the server (its base when the page loads;
// a value the browser restored on Back counts as an edit).
function shownValue(field) {
  if (field.tagName !== "SELECT") return field.defaultValue;
  const option = Array.from(field.options).find((candidate) => candidate.defaultSelected);
  return (option ?? field.options[0])?.value ?? "";
}

// Sets a field's value; a select gains an option for a value it does not offer.
function setValue(field, value) {
  if (field.value === value) return;
  if (field.tagName === "SELECT" && !Array.from(field.options).some((o) => o.value === value)) {
    field.add(new Option(value, value));
  }
  field.value = value;
}

// How a field's value reads to people (a select's option text: "yes" for "true").
function valueText(field, value) {
  const option = field.tagName === "SELECT" && Array.from(field.options).find((o) => o.value === value);
  const text = option ? option.textContent.trim() : value;
  return text === "" || text === "—" ? "empty" : `“${text}”`;
}

function fieldLabel(field) {
  const label = field.getAttribute("aria-label") ?? field.name;
  return label.charAt(0).toUpperCase() + label.slice(1);
}

// Attempts at one save when someone else keeps saving the row in between.
const MAX_MERGES = 3;

class EditableRow {
  constructor(table, row) {
    this.table = table;
    this.row = row;
    this.form = row.querySelector("[data-row-form]");
    this.fields = rowFields(this.form);
    this.versions = Array.from(row.querySelectorAll("[data-version]"));
    this.base = this.fields.map(shownValue);
    this.held = new Map(); // field name -> the stored value it conflicts with
    this.queue = Promise.resolve(true);
    this.name = this.fieldValue("name");
  }

  fieldValue(name) {
    return this.fields.find((field) => field.name === name)?.value ?? null;
  }

  field(name) {
    return this.fields.find((field) => field.name === name);
  }

  // The row's version as last read: sent with each save, kept from each answer.
  get version() {
    return parseVersion(this.versions[0]?.value);
  }

  set version(version) {
    for (const input of this.versions) input.value = String(version);
  }

  path() {
    const { project, editTable } = this.table.dataset;
    return `/api/projects/${project}/${editTable}/${this.row.dataset.id}`;
  }

  // Saves run one after another, each on the version the previous one answered.
  save() {
    this.queue = this.queue.catch(() => false).then(() => this.saveEdited());
    return this.queue;
  }

  async saveEdited() {
    for (let attempt = 0; attempt < MAX_MERGES; attempt += 1) {
      const sent = values(this.fields);
      const edited = editedNames(sent, this.base, this.held.keys());
      if (edited.length === 0) {
        this.settled ||= attempt > 0; // merged: the row holds what is stored, nothing to send
        this.report(false);
        return this.held.size === 0;
      }
      this.row.classList.add("row--saving");
      setStatus(this.row, "Saving…", "");
      try {
        const record = await patch(this.path(), rowPayload(sent, this.version, edited));
        this.showSaved(sent, edited, record);
        // A field typed in meanwhile is saved by its own change event, queued behind.
        this.report(true);
        return this.held.size === 0;
      } catch (error) {
        const stored = error instanceof ApiError && error.status === 409 ? error.body?.error?.current : null;
        if (!stored) return this.failed(error);
        this.merge(stored);
      } finally {
        this.row.classList.remove("row--saving");
      }
    }
    this.settled = true;
    this.report(false);
    return false;
  }

  // Show what was stored, in its canonical spelling ("nhs" is saved as "NHS"),
  // except in fields changed since `sent` went (the user is typing there).
  showSaved(sent, edited, record) {
    const { shown, saved } = afterSave(sent, values(this.fields), record, edited, this.base);
    this.fields.forEach((field, index) => setValue(field, shown[index]));
    this.base = saved.map((field) => field.value);
    this.adopt(record);
  }

  // Someone else saved the row: take their values where only they changed a
  // field, hold the fields both changed for the user to choose.
  merge(record) {
    const { shown, base, conflicts } = mergeStale(values(this.fields), this.base, record);
    this.fields.forEach((field, index) => setValue(field, shown[index]));
    this.base = base;
    for (const [name] of this.held) {
      // A held field whose stored value changed again is held against the new one.
      const index = this.fields.findIndex((field) => field.name === name);
      this.held.set(name, base[index]);
    }
    for (const { name, theirs } of conflicts) this.hold(name, theirs);
    this.adopt(record);
  }

  // The stored record's version and what follows from its names and values.
  adopt(record) {
    if (Number.isInteger(record.version)) this.version = record.version;
    showInherited(this.row, record);
    const label = rowLabel(this.table.dataset.editTable, record);
    relabel(this.row, this.row.dataset.label, label);
    if (this.table.dataset.editTable === "cases") {
      syncCase(this.name, record);
      this.name = record.name;
    }
  }

  hold(name, theirs) {
    const field = this.field(name);
    this.held.set(name, theirs);
    this.note(field)?.remove();
    const note = document.createElement("div");
    note.className = "field-conflict";
    note.id = `${this.form.id}-conflict-${this.fields.indexOf(field)}`;
    note.dataset.conflict = name;
    const text = document.createElement("span");
    text.textContent = `Saved meanwhile by someone else: ${valueText(field, theirs)}. `;
    note.append(text);
    const what = ` for ${field.getAttribute("aria-label") ?? name}`;
    note.append(this.choice("Keep mine", what, () => this.choose(name, false)));
    note.append(" ");
    note.append(this.choice("Take theirs", what, () => this.choose(name, true)));
    field.insertAdjacentElement("afterend", note);
    field.classList.add("field--conflict");
    field.setAttribute("aria-describedby", note.id);
  }

  choice(text, what, action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button--small button--secondary";
    button.textContent = text;
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = what;
    button.append(hidden);
    button.addEventListener("click", action);
    return button;
  }

  note(field) {
    return field.parentElement.querySelector(`[data-conflict="${CSS.escape(field.name)}"]`);
  }

  // Keep mine: saved on the version read with the conflict; take theirs: the
  // field shows the stored value and nothing is sent for it.
  choose(name, takeTheirs) {
    const field = this.field(name);
    const theirs = this.held.get(name);
    this.held.delete(name);
    this.note(field)?.remove();
    field.classList.remove("field--conflict");
    field.removeAttribute("aria-describedby");
    if (takeTheirs) setValue(field, theirs);
    this.settled = true;
    field.focus();
    return this.save();
  }

  // The row's status after a save: saved, or the conflicts still to settle.
  report(saved) {
    const label = this.row.dataset.label;
    if (this.held.size === 0) {
      if (!saved && !this.settled) return;
      this.settled = false;
      this.row.classList.remove("row--error");
      setStatus(this.row, saved ? "Saved" : "Up to date", "ok");
      announce(saved ? `Saved ${label}.` : `${label} is up to date.`);
      return;
    }
    const fields = Array.from(this.held, ([name, theirs]) => {
      const field = this.field(name);
      return `${fieldLabel(field)} is now ${valueText(field, theirs)}; yours is kept in the field`;
    });
    const message = `${label.charAt(0).toUpperCase()}${label.slice(1)} was changed by someone else meanwhile. ` +
      `${fields.join(". ")}. Choose “Keep mine” or “Take theirs”.`;
    this.row.classList.add("row--error");
    setStatus(this.row, `Not saved: ${message}`, "error");
    announce(`Not saved. ${message}`);
  }

  failed(error) {
    // Nothing was saved: the fields keep what the user typed, the version stays
    // the one read.
    const message = error instanceof ApiError ? error.message : String(error);
    this.row.classList.add("row--error");
    setStatus(this.row, `Not saved: ${message}`, "error");
    announce(`Not saved. ${message}`);
    return false;
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
