// The co-occurrence form: hide the choices that do not apply to the chosen
// level (without JavaScript they stay visible, each with a hint saying when
// it applies).

import { applies } from "./compare_fields.js";

function update(form, level) {
  for (const control of form.querySelectorAll("[data-level]")) {
    const field = control.closest(".field") || control;
    field.hidden = !applies(control.dataset.level, level);
  }
}

const level = document.getElementById("f-level");
if (level && level.form) {
  update(level.form, level.value);
  level.addEventListener("change", () => update(level.form, level.value));
}
