// The code palette: a dialog to find a code by typing and apply it.
//
// Type to filter (names and paths, ignoring case and accents), arrow keys
// to move, Enter to apply, 1-9 (while the search box is empty) for the
// recently applied codes, Escape to close. Retired codes are not offered.
// "Create code ..." appears when no code has the typed name.

import { codeSwatch } from "./code_chip.js";
import { createLabel, filterCodes, hasExactMatch, newCodeRequest } from "./palette_filter.js";

const PAGE = 8;

export class CodePalette {
  /**
   * @param {HTMLDialogElement} dialog  the #palette dialog of the page
   * @param {object} options
   *   codes(): the codes in tree order ({id, name, path, colour, retired, depth});
   *   recent(): ids of recently applied codes, newest first;
   *   onChoose(code): called with the chosen code after the dialog closed;
   *   onCreate(request): creates {path, name, newThemes} (the themes too) and
   *     resolves to the new code
   *     (or throws an Error whose message is shown);
   *   onClose(): called whenever the dialog closes (focus goes back to the text).
   */
  constructor(dialog, options) {
    this.dialog = dialog;
    this.options = options;
    this.title = dialog.querySelector("#palette-title");
    this.target = dialog.querySelector("#palette-target");
    this.input = dialog.querySelector("#palette-search");
    this.listbox = dialog.querySelector("#palette-options");
    this.message = dialog.querySelector("#palette-message");
    this.entries = [];
    this.active = 0;
    this.busy = false;
    this.input.addEventListener("input", () => this.render());
    this.input.addEventListener("keydown", (event) => this._key(event));
    this.listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this._choose(this.entries[Number(option.dataset.index)]);
    });
    this.listbox.addEventListener("mousemove", (event) => {
      const option = event.target.closest("[role=option]");
      if (option && Number(option.dataset.index) !== this.active) {
        this._activate(Number(option.dataset.index), false);
      }
    });
    dialog.addEventListener("close", () => this.options.onClose?.());
    for (const button of dialog.querySelectorAll("[data-palette-close]")) {
      button.addEventListener("click", () => dialog.close());
    }
  }

  get isOpen() {
    return this.dialog.open;
  }

  /** Open with a heading (`title`), a line on what it applies to (`target`), `canCreate` codes. */
  open({ title, target, canCreate = true }) {
    this.title.textContent = title;
    this.target.textContent = target;
    this.canCreate = canCreate;
    this.input.value = "";
    this.message.textContent = "";
    this.render();
    this.dialog.showModal();
    this.input.focus();
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  render() {
    const query = this.input.value;
    const codes = this.options.codes();
    const byId = new Map(codes.map((code) => [code.id, code]));
    const entries = [];
    if (!query.trim()) {
      const recent = this.options.recent().map((id) => byId.get(id));
      recent
        .filter((code) => code && !code.retired)
        .forEach((code, index) => {
          entries.push({ kind: "code", code, group: "recent", number: index + 1 });
        });
      for (const code of codes) {
        if (!code.retired) entries.push({ kind: "code", code, group: "all" });
      }
    } else {
      for (const code of filterCodes(codes, query)) {
        entries.push({ kind: "code", code, group: "match" });
      }
      if (this.canCreate && !hasExactMatch(codes, query)) {
        const create = { kind: "create", request: newCodeRequest(codes, query), group: "create" };
        // A path typed ("Theme > Code") that no code has says "make it": offered first.
        if (query.includes(">")) entries.unshift(create);
        else entries.push(create);
      }
    }
    this.entries = entries;
    this._draw(query);
    this._activate(0, true);
  }

  _draw(query) {
    const groups = new Map();
    const labels = {
      recent: "Recent codes (press the number)",
      all: "All codes",
      match: "Matching codes",
      create: "New code",
    };
    this.entries.forEach((entry, index) => {
      if (!groups.has(entry.group)) {
        const group = document.createElement("div");
        group.setAttribute("role", "group");
        const label = document.createElement("div");
        label.className = "palette__group-label";
        label.id = `palette-group-${entry.group}`;
        label.textContent = labels[entry.group];
        group.setAttribute("aria-labelledby", label.id);
        group.append(label);
        groups.set(entry.group, group);
      }
      groups.get(entry.group).append(this._option(entry, index));
    });
    if (this.entries.length === 0) {
      const empty = document.createElement("p");
      empty.className = "palette__empty";
      empty.textContent = `No code matches “${query}”.`;
      this.listbox.replaceChildren(empty);
      return;
    }
    this.listbox.replaceChildren(...groups.values());
  }

  _option(entry, index) {
    const option = document.createElement("div");
    option.setAttribute("role", "option");
    option.id = `palette-option-${index}`;
    option.dataset.index = String(index);
    option.className = "palette__option";
    if (entry.kind === "create") {
      option.classList.add("palette__option--create");
      const request = entry.request;
      option.textContent = request.error ? request.error : createLabel(request);
      return option;
    }
    const { code } = entry;
    if (entry.number) {
      const number = document.createElement("kbd");
      number.className = "palette__number";
      number.textContent = String(entry.number);
      option.append(number);
    }
    const swatch = codeSwatch(code.colour);
    const name = document.createElement("span");
    name.className = "palette__name";
    name.textContent = code.name;
    option.append(swatch, name);
    const parent = code.path.slice(0, Math.max(0, code.path.length - code.name.length - 3));
    if (parent) {
      const where = document.createElement("span");
      where.className = "palette__in";
      where.textContent = ` in ${parent}`;
      option.append(where);
    }
    if (entry.group === "all") option.style.paddingInlineStart = `${0.5 + code.depth * 1.25}rem`;
    return option;
  }

  _activate(index, scroll) {
    const options = this.listbox.querySelectorAll("[role=option]");
    if (options.length === 0) {
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    this.active = Math.max(0, Math.min(index, options.length - 1));
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === this.active)));
    const chosen = options[this.active];
    this.input.setAttribute("aria-activedescendant", chosen.id);
    if (scroll) chosen.scrollIntoView({ block: "nearest" });
  }

  _key(event) {
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: PAGE, PageUp: -PAGE };
    if (event.key in moves) {
      event.preventDefault();
      this._activate(this.active + moves[event.key], true);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (this.entries[this.active]) this._choose(this.entries[this.active]);
    } else if (/^[1-9]$/.test(event.key) && !this.input.value && !event.ctrlKey && !event.altKey) {
      event.preventDefault();
      const entry = this.entries.find((e) => e.number === Number(event.key));
      if (entry) this._choose(entry);
      else this.message.textContent = `There is no recent code ${event.key} yet.`;
    }
  }

  async _choose(entry) {
    if (!entry || this.busy) return;
    if (entry.kind === "code") {
      this.close();
      this.options.onChoose(entry.code);
      return;
    }
    if (entry.request.error) {
      this.message.textContent = entry.request.error;
      return;
    }
    this.busy = true;
    this.message.textContent = `Creating “${entry.request.name}”…`;
    try {
      const code = await this.options.onCreate(entry.request);
      this.close();
      this.options.onChoose(code);
    } catch (error) {
      this.message.textContent = `The code was not created: ${error.message}`;
    } finally {
      this.busy = false;
    }
  }
}
