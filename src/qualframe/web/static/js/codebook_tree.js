// The codebook tree, enhanced: fold and unfold themes, filter as you type,
// move between codes with the arrow keys, reorder a code among its siblings
// with Alt+arrow (through the JSON API), and keep the chosen code in view.
// Without this script the tree is fully unfolded and the filter form is
// submitted to the server, which applies the same filter.

import { announce } from "./announce.js";
import { pageData, post } from "./api.js";
import { statusText, visibleCodes } from "./codebook_filter.js";

const data = pageData("codebook-data");
const tree = document.getElementById("code-tree");
const search = document.getElementById("f-q");
const hideRetired = document.getElementById("f-retired");
const status = document.getElementById("tree-status");
const message = document.getElementById("tree-message");
const storageKey = data ? `qualframe:codebook:${data.project}:folded` : "";

function nodeOf(id) {
  return tree.querySelector(`li[data-code-id="${id}"]`);
}

function setExpanded(button, expanded) {
  button.setAttribute("aria-expanded", String(expanded));
  const list = document.getElementById(button.getAttribute("aria-controls"));
  if (list) list.hidden = !expanded;
}

function toggles() {
  return [...tree.querySelectorAll("button[data-toggle]")];
}

function rememberFolded() {
  const folded = toggles()
    .filter((button) => button.getAttribute("aria-expanded") === "false")
    .map((button) => button.closest("li").dataset.codeId);
  try { window.sessionStorage.setItem(storageKey, JSON.stringify(folded)); } catch (error) { /* private mode */ }
}

function restoreFolded() {
  let folded = [];
  try { folded = JSON.parse(window.sessionStorage.getItem(storageKey) || "[]"); } catch (error) { folded = []; }
  for (const id of folded) {
    const button = nodeOf(id)?.querySelector(":scope > .tree-row > button[data-toggle]");
    if (button) setExpanded(button, false);
  }
}

/** Unfold every theme above `node` so it can be seen. */
function reveal(node) {
  let parent = node.parentElement?.closest("li.tree-node");
  while (parent) {
    const button = parent.querySelector(":scope > .tree-row > button[data-toggle]");
    if (button) setExpanded(button, true);
    parent = parent.parentElement?.closest("li.tree-node");
  }
}

let announceTimer = 0;

function applyFilter({ speak = true } = {}) {
  const query = search.value;
  const result = visibleCodes(data.codes, query, { hideRetired: hideRetired?.checked });
  for (const node of tree.querySelectorAll("li.tree-node")) {
    const id = Number(node.dataset.codeId);
    node.hidden = !result.shown.has(id);
    node.classList.toggle("tree-node--context", !result.matched.has(id));
    if (query.trim() && result.matched.has(id)) reveal(node);
  }
  const text = statusText(result, query);
  status.textContent = text;
  const url = new URL(window.location.href);
  if (query.trim()) url.searchParams.set("q", query); else url.searchParams.delete("q");
  if (hideRetired?.checked) url.searchParams.set("retired", "hide"); else url.searchParams.delete("retired");
  window.history.replaceState(null, "", url);
  for (const link of tree.querySelectorAll("a.tree-link")) {
    const target = new URL(link.href);
    target.search = url.search;
    target.searchParams.set("code_id", link.closest("li").dataset.codeId);
    link.href = target.pathname + target.search + "#code-detail";
  }
  if (speak) {
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(() => announce(text), 600);
  }
}

function visibleLinks() {
  return [...tree.querySelectorAll("a.tree-link")].filter((link) => link.offsetParent !== null);
}

/** Move the code of `link` one place up (-1) or down (1) among its siblings.
 *
 * No `if_version` is sent: reordering changes no text anyone typed (the
 * neighbours it renumbers keep their versions). Any refusal (409 included)
 * is shown beside the tree and the tree is left as it was. */
async function shift(link, steps) {
  const node = link.closest("li.tree-node");
  const name = link.textContent.trim();
  try {
    const code = await post(`/api/projects/${data.project}/codes/${node.dataset.codeId}/shift`, { steps });
    const neighbour = steps < 0 ? node.previousElementSibling : node.nextElementSibling;
    if (neighbour) neighbour.insertAdjacentElement(steps < 0 ? "beforebegin" : "afterend", node);
    link.focus();
    message.hidden = true;
    const count = node.parentElement.children.length;
    announce(`Moved ${name} ${steps < 0 ? "up" : "down"}: now ${code.position + 1} of ${count}.`);
  } catch (error) {
    // Shown (and read out: the message is an alert) beside the tree.
    message.textContent = error.message;
    message.hidden = false;
  }
}

function onTreeKey(event) {
  const link = event.target.closest("a.tree-link");
  if (link && event.altKey && !event.ctrlKey && !event.metaKey
      && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
    event.preventDefault();
    shift(link, event.key === "ArrowUp" ? -1 : 1);
    return;
  }
  if (!link || event.altKey || event.ctrlKey || event.metaKey) return;
  const links = visibleLinks();
  const index = links.indexOf(link);
  const node = link.closest("li");
  const button = node.querySelector(":scope > .tree-row > button[data-toggle]");
  let next = null;
  if (event.key === "ArrowDown") next = links[index + 1];
  else if (event.key === "ArrowUp") next = links[index - 1];
  else if (event.key === "Home") next = links[0];
  else if (event.key === "End") next = links[links.length - 1];
  else if (event.key === "ArrowRight" && button) {
    if (button.getAttribute("aria-expanded") === "false") { setExpanded(button, true); rememberFolded(); }
    else next = links[index + 1];
  } else if (event.key === "ArrowLeft") {
    if (button && button.getAttribute("aria-expanded") === "true") { setExpanded(button, false); rememberFolded(); }
    else next = node.parentElement?.closest("li.tree-node")?.querySelector(":scope > .tree-row a.tree-link");
  } else return;
  event.preventDefault();
  if (next) next.focus();
}

function keepSelectedInView() {
  const row = tree.querySelector(".tree-row--selected");
  const scroller = tree.closest(".codebook-tree");
  if (!row || !scroller || scroller.scrollHeight <= scroller.clientHeight) return;
  const top = row.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
  if (top < 0 || top > scroller.clientHeight - row.offsetHeight) {
    scroller.scrollTop += top - scroller.clientHeight / 3;
  }
}

function start() {
  if (!data || !tree) return;
  tree.classList.add("tree--scripted");
  for (const button of toggles()) button.hidden = false;
  document.querySelector("[data-tree-tools]")?.removeAttribute("hidden");
  restoreFolded();
  const selected = tree.querySelector(".tree-row--selected")?.closest("li");
  if (selected) reveal(selected);
  if (search.value.trim()) applyFilter({ speak: false });

  tree.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-toggle]");
    if (!button) return;
    setExpanded(button, button.getAttribute("aria-expanded") !== "true");
    rememberFolded();
  });
  tree.addEventListener("keydown", onTreeKey);
  document.querySelector("[data-tree-tools]")?.addEventListener("click", (event) => {
    const choice = event.target.closest("button[data-expand]");
    if (!choice) return;
    for (const button of toggles()) setExpanded(button, choice.dataset.expand === "all");
    rememberFolded();
    announce(choice.dataset.expand === "all" ? "Every theme unfolded." : "Every theme folded.");
  });
  let typing = 0;
  search.addEventListener("input", () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(() => applyFilter(), 120);
  });
  hideRetired?.addEventListener("change", () => applyFilter());
  search.closest("form").addEventListener("submit", (event) => {
    event.preventDefault();
    applyFilter();
  });
  document.addEventListener("keydown", (event) => {
    const typingSomewhere = event.target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "/" && !typingSomewhere && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  });
  keepSelectedInView();
}

start();
