// The search page: coding all hits without leaving the results. The preview
// form is sent to the API instead of reloading the page; its counts appear in
// a dialog whose confirm button codes the hits. Without JavaScript the same
// form previews through the page and a plain form confirms.

import { post } from "./api.js";
import { confirmLabel, hasCode, passagesToCode, requestBody } from "./code_hits.js";

function notice(container, message, isError) {
  container.replaceChildren();
  const box = document.createElement("div");
  box.className = isError ? "notice notice--error" : "notice notice--success";
  const text = document.createElement("p");
  text.textContent = message;
  box.append(text);
  container.append(box);
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
      confirm.hidden = todo === 0;
      confirm.textContent = confirmLabel(plan);
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
      const done = await post(path, { ...pending, preview: false });
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
