// A code's colour swatch as the pages draw it (the `ui.code_chip` macro):
// decorative, beside the code's name, so colour is never the only signal.

/** A swatch `<span>` of `colour` (grey when the code has none), hidden from screen readers. */
export function codeSwatch(colour) {
  const swatch = document.createElement("span");
  swatch.className = "code-chip__swatch";
  swatch.style.setProperty("--code", colour ?? "#777777");
  swatch.setAttribute("aria-hidden", "true");
  return swatch;
}
