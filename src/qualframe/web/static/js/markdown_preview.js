// The memo form: a live preview of the Markdown (rendered by the server,
// which keeps raw HTML out), the "Preview" button without a page load, and
// a warning before leaving with unsaved text. Without this script the
// "Preview" button shows the form again with the preview.

import { announce } from "./announce.js";
import { post } from "./api.js";

/**
 * Wrap an async function so only the answer to the latest call is used:
 * an earlier, slower answer resolves to `undefined` instead.
 */
export function latestOnly(fn) {
  let counter = 0;
  return async (...args) => {
    counter += 1;
    const mine = counter;
    const answer = await fn(...args);
    return mine === counter ? answer : undefined;
  };
}

/** The values of a form that matter for "unsaved changes" (buttons aside). */
export function formState(entries) {
  return JSON.stringify([...entries].filter(([name]) => name !== "action"));
}

function start() {
  const form = document.querySelector("[data-memo-form]");
  if (!form) return;
  const source = form.querySelector("[data-markdown-source]");
  const preview = document.getElementById("memo-preview");
  const region = document.getElementById("memo-preview-region");
  const button = form.querySelector("[data-preview-button]");
  const render = latestOnly((text) => post("/api/markdown", { text }));
  let timer = 0;

  async function refresh() {
    try {
      const answer = await render(source.value);
      if (answer === undefined) return false;
      preview.innerHTML = answer.html || '<p class="muted">Nothing written yet.</p>';
      return true;
    } catch (error) {
      preview.textContent = `The preview could not be shown: ${error.message}`;
      return false;
    }
  }

  source.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  });
  button?.addEventListener("click", async (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    if (await refresh()) {
      region.focus();
      announce("Preview updated.");
    }
  });

  const initial = formState(new FormData(form).entries());
  let submitting = false;
  form.addEventListener("submit", () => { submitting = true; });
  window.addEventListener("beforeunload", (event) => {
    if (submitting || formState(new FormData(form).entries()) === initial) return;
    event.preventDefault();
    event.returnValue = "";
  });
}

if (typeof document !== "undefined") start();
