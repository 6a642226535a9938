// Telling screen-reader users what just happened, through the page's
// polite live region (#announcer in base.html).

/** Announce `message` politely (replaces the previous announcement). */
export function announce(message) {
  const region = document.getElementById("announcer");
  if (!region) return;
  // Clearing first makes a repeated message be read again.
  region.textContent = "";
  window.setTimeout(() => { region.textContent = message; }, 50);
}
