// The code form's colour: picking a colour in the colour picker chooses
// "Another colour" (without this script the researcher ticks it).

for (const field of document.querySelectorAll("[data-colour-field]")) {
  const picker = field.querySelector("[data-custom-colour]");
  const custom = field.querySelector('input[type="radio"][value="custom"]');
  if (!picker || !custom) continue;
  const choose = () => { custom.checked = true; };
  picker.addEventListener("input", choose);
  picker.addEventListener("change", choose);
}
