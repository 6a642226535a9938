// The document view's outline: a speaker's link "#at-<code point>" scrolls to
// the speaker turn holding that position and moves the focus there (section
// links are plain anchors). Without this script the link stays on the page
// (or opens the page holding the turn).

const AT = /^#at-(\d+)$/;

/** The turn of the transcript holding code point `position`, if shown. */
function turnAt(position) {
  for (const turn of document.querySelectorAll("#transcript .turn")) {
    if (Number(turn.dataset.start) <= position && position < Number(turn.dataset.end)) {
      return turn;
    }
  }
  return null;
}

/** Scroll to the turn the location's hash names, and focus it. */
function goToTurn() {
  const match = AT.exec(location.hash);
  const turn = match ? turnAt(Number(match[1])) : null;
  if (!turn) return;
  if (!turn.hasAttribute("tabindex")) turn.setAttribute("tabindex", "-1");
  turn.scrollIntoView({ block: "start" });
  turn.focus({ preventScroll: true });
}

window.addEventListener("hashchange", goToTurn);
goToTurn();
