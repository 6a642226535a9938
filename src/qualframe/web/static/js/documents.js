// The documents page: a document's position is saved as soon as it changes, and the
// chosen files are listed (with a warning for types that cannot be imported)
// before the upload. Without JavaScript the forms post as usual. A position is
// saved with the document's version as last read (if_version) and the new one is
// kept; a document changed by someone else meanwhile is not saved (409) and the
// server's message is announced, leaving the typed position in its field.

import { ApiError, patch } from "./api.js";
import { announce } from "./announce.js";
import { fileSize, parsePosition, positionChange, supported } from "./document_list.js";

const table = document.querySelector("table.documents-table[data-project]");

async function savePosition(form, projectId) {
  const input = form.elements.position;
  const position = parsePosition(input.value);
  const name = form.dataset.name;
  if (position === undefined) {
    announce(`The position of ${name} must be a whole number from 0, or blank.`);
    input.setAttribute("aria-invalid", "true");
    return;
  }
  const version = form.elements.if_version;
  try {
    const body = positionChange(position, version?.value);
    const saved = await patch(`/api/projects/${projectId}/documents/${form.dataset.document}`, body);
    // Every form of the row states the document's version (position, coding done).
    const fields = form.closest("tr")?.querySelectorAll("input[data-version]") ?? [version];
    if (Number.isInteger(saved?.version)) for (const field of fields) field.value = String(saved.version);
    input.removeAttribute("aria-invalid");
    announce(position === null ? `${name} has no position now.` : `${name} now has position ${position}.`);
  } catch (error) {
    input.setAttribute("aria-invalid", "true");
    announce(`Not saved. ${error instanceof ApiError ? error.message : String(error)}`);
  }
}

if (table) {
  for (const form of table.querySelectorAll("form[data-position-form]")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      savePosition(form, table.dataset.project);
    });
    form.elements.position.addEventListener("change", () => savePosition(form, table.dataset.project));
  }
}

const upload = document.querySelector("form[data-upload-form]");
if (upload) {
  const input = upload.querySelector('input[type="file"]');
  const list = upload.querySelector("[data-file-list]");
  input.addEventListener("change", () => {
    list.replaceChildren(...Array.from(input.files, (file) => {
      const item = document.createElement("li");
      item.textContent = `${file.name} (${fileSize(file.size)})`;
      if (!supported(file.name, input.dataset.suffixes ?? "")) item.append(" – this type of file cannot be imported");
      return item;
    }));
  });
}
