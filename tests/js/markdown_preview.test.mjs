import test from "node:test";
import assert from "node:assert/strict";

import { formState, latestOnly } from "../../src/qualframe/web/static/js/markdown_preview.js";

test("only the latest preview is used when answers arrive out of order", async () => {
  const delays = { slow: 30, fast: 1 };
  const render = latestOnly((text) => new Promise((resolve) => setTimeout(() => resolve(text), delays[text])));
  const [first, second] = await Promise.all([render("slow"), render("fast")]);
  assert.equal(first, undefined);
  assert.equal(second, "fast");
});

test("the form's state ignores which button was pressed", () => {
  const typed = [["title", "Trust"], ["body", "Text"]];
  assert.equal(formState([...typed, ["action", "preview"]]), formState(typed));
  assert.notEqual(formState([["title", "Trust"], ["body", "Text!"]]), formState(typed));
});
