// Asking before a destructive form is sent: a form with data-confirm="Question?"
// opens a modal <dialog> (focus moves into it, Escape cancels, focus returns to
// the button). Without JavaScript the form is sent directly.

function buildDialog() {
  const dialog = document.createElement("dialog");
  dialog.className = "confirm-dialog";
  dialog.setAttribute("aria-labelledby", "confirm-title");
  dialog.setAttribute("aria-describedby", "confirm-message");
  dialog.innerHTML = `
    <h2 id="confirm-title">Are you sure?</h2>
    <p id="confirm-message"></p>
    <form method="dialog" class="actions">
      <button value="confirm" class="button--danger" data-confirm-yes>Yes, delete</button>
      <button value="cancel" class="button--secondary" autofocus>Cancel</button>
    </form>`;
  document.body.append(dialog);
  return dialog;
}

let dialog = null;

function ask(message, opener) {
  dialog = dialog ?? buildDialog();
  dialog.querySelector("#confirm-message").textContent = message;
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      opener?.focus();
      resolve(dialog.returnValue === "confirm");
    }, { once: true });
    dialog.showModal();
  });
}

for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", async (event) => {
    if (form.dataset.confirmed === "yes") return;
    event.preventDefault();
    const opener = event.submitter ?? form.querySelector("button");
    if (await ask(form.dataset.confirm, opener)) {
      form.dataset.confirmed = "yes";
      form.requestSubmit(event.submitter ?? undefined);
    }
  });
}
