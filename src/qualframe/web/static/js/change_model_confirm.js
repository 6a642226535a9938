// Asking before a destructive form of the change-model page is sent (remove
// evidence, delete a link): a form with data-confirm="Question?" opens a
// modal <dialog>; Escape or Cancel keeps everything, and focus returns to
// the button. Delegated from the document, so forms of a side panel put in
// place later ask too. Without JavaScript the form is sent directly.

let dialog = null;

function buildDialog() {
  const built = document.createElement("dialog");
  built.className = "confirm-dialog";
  built.setAttribute("aria-labelledby", "cm-confirm-title");
  built.setAttribute("aria-describedby", "cm-confirm-message");
  const title = document.createElement("h2");
  title.id = "cm-confirm-title";
  title.textContent = "Are you sure?";
  const message = document.createElement("p");
  message.id = "cm-confirm-message";
  const actions = document.createElement("form");
  actions.method = "dialog";
  actions.className = "actions";
  const yes = document.createElement("button");
  yes.value = "confirm";
  yes.className = "button--danger";
  const no = document.createElement("button");
  no.value = "cancel";
  no.className = "button--secondary";
  no.textContent = "Cancel";
  no.autofocus = true;
  actions.append(yes, no);
  built.append(title, message, actions);
  document.body.append(built);
  return built;
}

function ask(message, action, opener) {
  dialog = dialog ?? buildDialog();
  dialog.querySelector("#cm-confirm-message").textContent = message;
  dialog.querySelector("button[value=confirm]").textContent = action;
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      opener?.focus();
      resolve(dialog.returnValue === "confirm");
    }, { once: true });
    dialog.showModal();
  });
}

/** Ask before any form[data-confirm] of the page is sent (data-confirm-action: the yes button). */
export function startConfirming() {
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
    if (form.dataset.confirmed === "yes") return;
    event.preventDefault();
    const opener = event.submitter ?? form.querySelector("button");
    if (await ask(form.dataset.confirm, form.dataset.confirmAction || "Yes, remove", opener)) {
      form.dataset.confirmed = "yes";
      form.requestSubmit(event.submitter ?? undefined);
    }
  });
}
