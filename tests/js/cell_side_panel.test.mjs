// The side panel's choices: drafts until done, save conflicts, expanded rows
// (static/js/cell_logic.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  editedStatus,
  isStale,
  markDonePlan,
  rebaseOnStored,
  refusalText,
  toggleRow,
} from "../../src/qualframe/web/static/js/cell_logic.js";

const stale = {
  message: "The cell P01 × 'Hope' was changed by someone else since you read it (you read "
    + "version 1; it is now at version 2); nothing was saved. Reload it and make your change again.",
  status: 409,
  body: { error: { type: "StaleVersionError" } },
};

test("a summary written in a cell to chart is left to the server (a draft)", () => {
  assert.equal(editedStatus("empty", "empty", "New text"), null);
});

test("a stale save is told as a choice, not as reload and retype", () => {
  assert.ok(isStale(stale));
  assert.ok(!isStale({ status: 409, body: { error: { type: "ConflictError" } } }));
  const text = refusalText(stale);
  assert.match(text, /nothing was saved\. Your text is still here/);
  assert.doesNotMatch(text, /Reload it/);
  assert.match(text, /keep yours or take the stored one/);
});

test("after a conflict the stored cell is the base and the user's text stays", () => {
  const original = { summary: "Old.", status: "draft" };
  const stored = { summary: "Theirs.", status: "done", version: 3 };
  const rebased = rebaseOnStored(original, { summary: "Mine.", status: "draft" }, stored);
  assert.equal(rebased.version, 3);
  assert.deepEqual(rebased.original, { summary: "Theirs.", status: "done" });
  assert.deepEqual(rebased.edited, { summary: "Mine.", status: "done" }); // status untouched: theirs
  assert.ok(rebased.differs);
  const chosen = rebaseOnStored(original, { summary: "Mine.", status: "no_data" }, stored);
  assert.equal(chosen.edited.status, "no_data"); // a status the user picked stays
  assert.ok(!rebaseOnStored(original, { summary: " Theirs. ", status: "draft" }, stored).differs);
});

test("mark done saves the status, or the summary with it", () => {
  assert.deepEqual(markDonePlan({ summary: "A", status: "draft" }, { summary: "A", status: "draft" }),
    { kind: "status", status: "done" });
  assert.deepEqual(markDonePlan({ summary: "A", status: "draft" }, { summary: "B", status: "draft" }),
    { kind: "summary", summary: "B", status: "done" });
  assert.deepEqual(markDonePlan({ summary: "A", status: "done" }, { summary: "A", status: "done" }),
    { kind: "none" });
});

test("a row toggles between cut and full summaries", () => {
  const first = toggleRow(new Set(), "participant|P01");
  assert.ok(first.open);
  assert.deepEqual([...first.expanded], ["participant|P01"]);
  const second = toggleRow(first.expanded, "participant|P01");
  assert.ok(!second.open);
  assert.equal(second.expanded.size, 0);
});
