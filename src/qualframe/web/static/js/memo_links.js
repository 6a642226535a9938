// The memo form's links, in place: a type select narrows each row's list
// to one kind of object, "Remove" drops a row and "Add another link" adds
// one, without posting the form. Without this script the same buttons post
// the form back with a row more or less (nothing is saved) and the type
// selects stay hidden.

import { announce } from "./announce.js";

/** The kind of object a link value names: "code" for "code:12", "" for the project. */
export function kindOf(value) {
  if (!value || value === "project") return "";
  return value.split(":")[0];
}

/**
 * The children of a pristine object select to show for `kind` ("" for every kind):
 * the project option, loose options (a coding, a passage) of that kind, and the group of that kind.
 * @param {Element[]} children  option and optgroup elements
 */
export function childrenFor(children, kind) {
  return children.filter((child) => {
    if (child.tagName === "OPTGROUP") return !kind || child.dataset.kind === kind;
    return child.value === "project" || !kind || kindOf(child.value) === kind;
  });
}

/** The labels and names of row `number` (from 1): the first is "About", the others "Also about". */
export function rowNames(number) {
  return {
    objectId: number === 1 ? "f-link" : `f-link-${number}`,
    typeId: `f-link-type-${number}`,
    first: number === 1,
  };
}

class LinkRows {
  constructor(fieldset) {
    this.fieldset = fieldset;
    this.list = fieldset.querySelector("[data-link-rows]");
    this.pristine = new WeakMap();
    // A fresh row: the first one without its own loose options, on the project.
    this.template = this.list.querySelector("[data-link-row]").cloneNode(true);
    for (const option of this.template.querySelectorAll("select[name=link] > option")) {
      if (option.value !== "project") option.remove();
    }
    for (const row of this.rows()) this.enhance(row);
    this.renumber();
    const add = fieldset.querySelector("[data-add-link]");
    add.type = "button";
    add.addEventListener("click", () => this.add());
  }

  rows() {
    return [...this.list.querySelectorAll("[data-link-row]")];
  }

  enhance(row) {
    const object = row.querySelector("select[name=link]");
    const type = row.querySelector("[data-link-type]");
    this.pristine.set(row, [...object.children].map((child) => child.cloneNode(true)));
    row.querySelector("[data-link-type-field]").hidden = false;
    type.value = kindOf(object.value);
    if (type.value !== kindOf(object.value)) type.value = "";
    if (type.value) this.narrow(row, type.value);
    type.addEventListener("change", () => this.narrow(row, type.value));
    const remove = row.querySelector("[data-remove-link]");
    remove.type = "button";
    remove.addEventListener("click", () => this.remove(row));
  }

  /** Show only the objects of `kind` in the row's list, choosing the first of them. */
  narrow(row, kind) {
    const object = row.querySelector("select[name=link]");
    const before = object.value;
    const shown = childrenFor(this.pristine.get(row), kind).map((child) => child.cloneNode(true));
    object.replaceChildren(...shown);
    const options = [...object.options];
    const keep = options.find((option) => option.value === before && kindOf(before) === kind);
    const first = options.find((option) => option.value !== "project");
    object.value = (keep ?? (kind ? first : null) ?? options[0]).value;
  }

  add() {
    const row = this.template.cloneNode(true);
    for (const select of row.querySelectorAll("select")) select.removeAttribute("autofocus");
    this.list.append(row);
    this.enhance(row);
    this.renumber();
    row.querySelector("[data-link-type]").focus();
    announce(`Added link ${this.rows().length}: choose its type and what it is.`);
  }

  remove(row) {
    const rows = this.rows();
    const index = rows.indexOf(row);
    if (rows.length === 1) {
      const type = row.querySelector("[data-link-type]");
      type.value = "";
      this.narrow(row, "");
      row.querySelector("select[name=link]").value = "project";
      type.focus();
      announce("Removed the link: the memo is about the project as a whole.");
      return;
    }
    row.remove();
    this.renumber();
    const next = this.rows()[Math.min(index, this.rows().length - 1)];
    next.querySelector("[data-link-type]").focus();
    announce(`Removed link ${index + 1}.`);
  }

  /** Ids, labels and button names follow the rows' order. */
  renumber() {
    this.rows().forEach((row, index) => {
      const number = index + 1;
      const names = rowNames(number);
      const [typeLabel, objectLabel] = row.querySelectorAll("label");
      const type = row.querySelector("[data-link-type]");
      const object = row.querySelector("select[name=link]");
      type.id = names.typeId;
      typeLabel.htmlFor = names.typeId;
      typeLabel.querySelector(".visually-hidden").textContent = `of link ${number}`;
      object.id = names.objectId;
      objectLabel.htmlFor = names.objectId;
      objectLabel.innerHTML = names.first
        ? "About"
        : `Also about <span class="visually-hidden">(link ${number})</span>`;
      const remove = row.querySelector("[data-remove-link]");
      remove.value = `remove-link-${number}`;
      remove.querySelector(".visually-hidden").textContent = `link ${number}`;
    });
  }
}

if (typeof document !== "undefined") {
  const fieldset = document.querySelector("[data-memo-links]");
  if (fieldset) new LinkRows(fieldset);
}
