// The search page: coding all hits without leaving the results. The preview
// form is sent to the API instead of reloading the page; its counts and the
// passages it would code (each with a box to untick) appear in a dialog whose
// confirm button codes the ticked ones. Without JavaScript the same form
// previews through the page and a plain form (with the same boxes) confirms.

import { post } from "./api.js";
import { confirmLabel, hasCode, passageRef, passagesToCode, requestBody } from "./code_hits.js";

function notice(container, message, isError) {
  container.replaceChildren();
  const box = document.createElement("div");
  box.className = isError ? "notice notice--error" : "notice notice--success";
  const text = document.createElement("p");
  text.textContent = message;
  box.append(text);
  container.append(box);
}

/** The passages of `plan` as ticked boxes in `list`; `changed` runs on each untick or tick. */
function showPassages(dialog, plan, changed) {
  const box = dialog.querySelector("[data-passages]");
  const list = dialog.querySelector("[data-passage-list]");
  const note = dialog.querySelector("[data-passage-note]");
  const passages = plan.passages || [];
  box.hidden = passages.length === 0;
  list.replaceChildren(
    ...passages.map((passage, index) => {
      const item = document.createElement("li");
      const tick = document.createElement("input");
      tick.type = "checkbox";
      tick.id = `hit-passage-${index}`;
      tick.checked = !passage.already_coded;
      tick.disabled = passage.already_coded;
      tick.passage = passage;
      tick.addEventListener("change", changed);
      const label = document.createElement("label");
      label.htmlFor = tick.id;
      const where = document.createElement("span");
      where.className = "hit-passages__document";
      where.textContent = passage.document;
      const match = document.createElement("mark");
      match.textContent = passage.match;
      label.append(where, ` ${passage.before}`, match, passage.after);
      if (passage.already_coded) label.append(" (already coded by you)");
      item.append(tick, label);
      return item;
    }),
  );
  note.hidden = plan.listed_all !== false;
  note.textContent = `The first ${passages.length} of ${plan.spans} passages are listed; the others are coded as counted above.`;
  return () =>
    Array.from(list.querySelectorAll("input:not(:checked):not(:disabled)"), (tick) =>
      passageRef(tick.passage),
    );
}

function enhance(form) {
  const dialog = document.getElementById("code-hits-dialog");
  const status = document.getElementById("code-hits-status");
  if (!dialog || !status || typeof dialog.showModal !== "function") return;
  const summary = dialog.querySelector("[data-summary]");
  const confirm = dialog.querySelector("[data-confirm]");
  const cancel = dialog.querySelector("[data-cancel]");
  const opener = form.querySelector("button[type=submit]");
  const path = `/api/projects/${form.dataset.project}/search/code-all-hits`;
  let pending = null;
  let unticked = () => [];

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = requestBody(new FormData(form), true);
    if (!hasCode(body)) {
      notice(status, "Choose the code to apply to the hits.", true);
      form.elements.code_id.focus();
      return;
    }
    opener.disabled = true;
    try {
      const plan = await post(path, body);
      pending = body;
      summary.textContent = plan.message;
      const todo = passagesToCode(plan);
      const relabel = () => {
        const left = unticked().length;
        confirm.textContent = confirmLabel(plan, left);
        confirm.disabled = passagesToCode(plan, left) === 0;
      };
      unticked = showPassages(dialog, plan, relabel);
      confirm.hidden = todo === 0;
      relabel();
      cancel.textContent = todo === 0 ? "Close" : "Cancel";
      dialog.showModal();
      (todo === 0 ? cancel : confirm).focus();
    } catch (error) {
      notice(status, error.message, true);
    } finally {
      opener.disabled = false;
    }
  });

  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    try {
      const done = await post(path, { ...pending, preview: false, excluded: unticked() });
      dialog.close();
      notice(status, done.message, false);
    } catch (error) {
      dialog.close();
      notice(status, error.message, true);
    } finally {
      confirm.disabled = false;
    }
  });
  cancel.addEventListener("click", () => dialog.close());
  // Escape closes the dialog too; either way focus goes back where it was.
  dialog.addEventListener("close", () => opener.focus());
}

const form = document.querySelector("form[data-code-hits]");
if (form) enhance(form);
