// "Use as evidence for…": a modal dialog (templates/_evidence_dialog.html)
// that attaches a coding, a quote (a passage of a coding) or a stored matrix
// cell to a node or link of one of the project's change models, through the
// JSON API:
//   GET  /api/projects/{pid}/change-models              the models
//   GET  /api/projects/{pid}/change-models/{id}         a model's nodes and links
//   POST /api/projects/{pid}/change-models/{id}/evidence the evidence
//
// Any button carrying data-evidence-coding (with data-evidence-start/-end
// for a quote, code points) or data-evidence-cell, and data-evidence-label,
// opens it (one listener for the page, so buttons drawn later work too);
// such buttons are rendered hidden and shown here, as they need this script.
// Focus moves into the dialog and back to the button when it closes (Escape
// closes it); what was saved, or the server's refusal, is said in the
// dialog's status line. In the document view, evidence_document.js offers
// the words selected inside a coding as a quote.
//
// This is the page's one entry module for the dialog: importing it again
// under another address would wire the buttons twice.

import { get, post } from "./api.js";
import {
  evidenceBody,
  offerFromDataset,
  offerKind,
  parseSubject,
  savedSentence,
  subjectChoices,
  subjectName,
  subjectPage,
  withCoding,
} from "./evidence_choice.js";

const OFFER_BUTTONS = "button[data-evidence-coding], button[data-evidence-cell]";

export class EvidencePicker {
  /** @param {HTMLDialogElement} dialog  the #evidence-dialog element */
  constructor(dialog) {
    this.dialog = dialog;
    this.projectId = Number(dialog.dataset.project);
    this.form = dialog.querySelector("#evidence-form");
    this.offerText = dialog.querySelector("#evidence-offer");
    this.message = dialog.querySelector("#evidence-message");
    this.modelSelect = dialog.querySelector("#evidence-model");
    this.codingSelect = dialog.querySelector("#evidence-coding");
    this.subjectSelect = dialog.querySelector("#evidence-subject");
    this.note = dialog.querySelector("#evidence-note");
    this.closeButton = dialog.querySelector("[data-evidence-close]");
    this.offer = null;
    this.view = null;
    this.models = [];
    this.opener = null;
    this.onClose = null;
    this.ticket = 0;
    this.busy = false;
    this.last = { model: null, subject: null };
    this._listen();
  }

  part(name) { return this.dialog.querySelector(`[data-evidence-part="${name}"]`); }

  _api(path = "") { return `/api/projects/${this.projectId}/change-models${path}`; }

  _listen() {
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.save(); });
    this.closeButton.addEventListener("click", () => this.dialog.close());
    this.modelSelect.addEventListener("change", () => this._loadModel(Number(this.modelSelect.value)));
    this.codingSelect.addEventListener("change", () => {
      this.offer = withCoding(this.offer, Number(this.codingSelect.value), this.offer.span);
    });
    this.dialog.addEventListener("close", () => {
      this.ticket += 1; // an answer still on its way is for a dialog no longer shown
      const [opener, onClose] = [this.opener, this.onClose];
      this.opener = null;
      this.onClose = null;
      if (onClose) onClose();
      else if (opener?.isConnected) opener.focus();
    });
  }

  /**
   * Open the dialog on `offer` (see evidence_choice.js); `opener` gets the
   * focus back when it closes, unless `onClose` is given (then it is called).
   */
  async open(offer, { opener = null, onClose = null } = {}) {
    if (!offer) return;
    this.offer = offer;
    this.opener = opener ?? document.activeElement;
    this.onClose = onClose;
    this.view = null;
    this.offerText.textContent = offer.label || `This ${offerKind(offer)}.`;
    this.dialog.querySelector("#evidence-title").textContent = `Use this ${offerKind(offer)} as evidence`;
    this._state("loading");
    this._say("");
    this.note.value = "";
    this.form.elements.stance.value = "supports";
    this._codings(offer);
    if (!this.dialog.open) this.dialog.showModal();
    this.closeButton.focus();
    const ticket = ++this.ticket;
    try {
      this.models = await get(this._api());
    } catch (error) {
      if (ticket === this.ticket) this._failed(error);
      return;
    }
    if (ticket !== this.ticket) return;
    if (!this.models.length) {
      this._state("none");
      this.part("none").querySelector("a")?.focus();
      return;
    }
    this.modelSelect.replaceChildren(...this.models.map((model) => new Option(model.name, String(model.id))));
    const remembered = this.models.find((model) => model.id === this.last.model);
    const chosen = remembered ?? this.models[0];
    this.modelSelect.value = String(chosen.id);
    if (!(await this._loadModel(chosen.id))) return;
    // The first choice to make: the node or link (the model when it has no nodes yet).
    (this.subjectSelect.disabled ? this.modelSelect : this.subjectSelect).focus();
  }

  /** Show the codings a selection could be quoted from, when more than one. */
  _codings(offer) {
    const several = offer.codings?.length > 1;
    this.part("coding-field").hidden = !several;
    if (!several) return;
    this.codingSelect.replaceChildren(...offer.codings.map((coding) => new Option(coding.text, String(coding.id))));
    this.codingSelect.value = String(offer.coding);
  }

  /** Fetch model `modelId` and fill the "Evidence for" choices; false when it failed. */
  async _loadModel(modelId) {
    const ticket = ++this.ticket;
    this._say("");
    let view;
    try {
      view = await get(this._api(`/${modelId}`));
    } catch (error) {
      if (ticket === this.ticket) this._failed(error);
      return false;
    }
    if (ticket !== this.ticket) return false;
    this.view = view;
    this.last.model = modelId;
    const { nodes, links } = subjectChoices(view);
    const groups = [["Nodes", nodes], ["Links", links]].filter(([, items]) => items.length).map(([label, items]) => {
      const group = document.createElement("optgroup");
      group.label = label;
      group.append(...items.map((item) => new Option(item.text, item.value)));
      return group;
    });
    this.subjectSelect.replaceChildren(...groups);
    const empty = nodes.length === 0;
    this.subjectSelect.disabled = empty;
    this.part("empty-model").hidden = !empty;
    this.part("model-link").href = subjectPage(this.projectId, modelId, null);
    const values = [...nodes, ...links].map((item) => item.value);
    if (values.includes(this.last.subject)) this.subjectSelect.value = this.last.subject;
    this._state("choose");
    this.part("save").hidden = empty;
    return true;
  }

  /** Save the evidence; the server's refusal is shown and the choices stay. */
  async save() {
    if (this.busy || !this.view || this.part("choose").hidden) return;
    const subject = parseSubject(this.subjectSelect.value);
    const stance = this.form.elements.stance.value;
    const { body, error } = evidenceBody(this.offer, subject, stance, this.note.value);
    if (error) {
      this._say(error, true);
      return;
    }
    const view = this.view;
    const ticket = this.ticket;
    this.busy = true;
    try {
      const saved = await post(this._api(`/${view.model.id}/evidence`), body);
      if (ticket !== this.ticket) return;
      this.last.subject = this.subjectSelect.value;
      this._done(saved, view, subject);
    } catch (failure) {
      if (ticket === this.ticket) this._say(failure.message, true);
    } finally {
      this.busy = false;
    }
  }

  _done(saved, view, subject) {
    this._state("done");
    const link = this.part("done-link");
    link.href = subjectPage(this.projectId, view.model.id, subject);
    link.textContent = `See the evidence of ${subjectName(view, subject)}`;
    this._say(savedSentence(saved, subjectName(view, subject), view.model.name));
    this.closeButton.focus();
  }

  /** Show one state of the dialog: "loading", "none", "choose" or "done". */
  _state(state) {
    for (const name of ["loading", "none", "choose", "done"]) this.part(name).hidden = name !== state;
    this.part("save").hidden = state !== "choose";
    this.closeButton.textContent = state === "done" ? "Close" : "Cancel";
  }

  _failed(error) {
    this._state("loading");
    this.part("loading").hidden = true;
    this._say(`The change models could not be loaded: ${error.message}`, true);
  }

  _say(sentence, isError = false) {
    this.message.textContent = sentence;
    this.message.classList.toggle("evidence-dialog__message--error", isError);
  }
}

/** Show the offer buttons under `root` (they are hidden for pages without scripts). */
function reveal(root) {
  if (root.matches?.(OFFER_BUTTONS)) root.hidden = false;
  for (const button of root.querySelectorAll?.(OFFER_BUTTONS) ?? []) button.hidden = false;
}

function start() {
  const dialog = document.getElementById("evidence-dialog");
  if (!dialog || dialog.dataset.ready) return null;
  dialog.dataset.ready = "1";
  const picker = new EvidencePicker(dialog);
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.(OFFER_BUTTONS);
    if (!button || button.disabled) return;
    event.preventDefault();
    picker.open(offerFromDataset(button.dataset), { opener: button });
  });
  reveal(document.body);
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) if (node.nodeType === 1) reveal(node);
    }
  }).observe(document.body, { childList: true, subtree: true });
  return picker;
}

const picker = typeof document === "undefined" ? null : start();
if (picker && document.getElementById("transcript") && document.getElementById("document-data")) {
  import("./evidence_document.js").then(({ wireDocument }) => wireDocument(picker));
}
