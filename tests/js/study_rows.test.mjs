import test from "node:test";
import assert from "node:assert/strict";

import {
  afterSave, editedNames, mergeStale, neighbour, parseVersion, rowLabel, rowPayload, sameValue, storedValue,
} from "../../src/qualframe/web/static/js/study_rows.js";

test("a row's fields become the PATCH body, blank values clearing", () => {
  const body = rowPayload([
    { name: "identifier", value: "P01" },
    { name: "case", value: "Trust A" },
    { name: "value:stakeholder group", value: "peer worker" },
    { name: "value:age", value: "  " },
    { name: "description", value: "" },
  ]);
  assert.deepEqual(body, {
    identifier: "P01",
    case: "Trust A",
    description: "",
    values: { "stakeholder group": "peer worker", age: null },
  });
});

test("attribute names keep colons after the prefix", () => {
  assert.deepEqual(rowPayload([{ name: "value:time: start", value: "2020-01-02" }]).values, {
    "time: start": "2020-01-02",
  });
});

test("a row with no field edited since the last save sends nothing", () => {
  const base = ["A", ""];
  assert.deepEqual(editedNames([{ name: "name", value: "A" }, { name: "description", value: "" }], base), []);
  assert.deepEqual(editedNames([{ name: "name", value: "B" }, { name: "description", value: "" }], base), ["name"]);
});

test("moving between rows stops at either end", () => {
  assert.equal(neighbour(3, 0, 1), 1);
  assert.equal(neighbour(3, 2, 1), null);
  assert.equal(neighbour(3, 0, -1), null);
  assert.equal(neighbour(3, 2, -1), 1);
});

test("saved rows are named by kind", () => {
  assert.equal(rowLabel("cases", { name: "Trust A" }), "case Trust A");
  assert.equal(rowLabel("participants", { identifier: "P01" }), "participant P01");
});

test("the row's version is sent as if_version when it has one", () => {
  assert.equal(rowPayload([{ name: "name", value: "A" }], 3).if_version, 3);
  assert.equal("if_version" in rowPayload([{ name: "name", value: "A" }], null), false);
  assert.equal(parseVersion(" 4 "), 4);
  assert.equal(parseVersion(""), null);
  assert.equal(parseVersion("x"), null);
});

test("after a save, fields show what was stored, except one typed in meanwhile", () => {
  const sent = [
    { name: "name", value: "trust a" },
    { name: "value:employer", value: "nhs" },
    { name: "description", value: "old" },
  ];
  const current = [
    { name: "name", value: "trust a" },
    { name: "value:employer", value: "nhs" },
    { name: "description", value: "typing now" },
  ];
  const record = { name: "trust a", description: "old", attributes: { employer: "NHS" }, version: 5 };
  const { shown, saved } = afterSave(sent, current, record);
  assert.deepEqual(shown, ["trust a", "NHS", "typing now"]);
  assert.deepEqual(saved.map((field) => field.value), ["trust a", "NHS", "old"]);
  assert.equal(storedValue("value:age", "34", { attributes: {} }), "");
  assert.equal(storedValue("case", "Trust A", { identifier: "P01" }), "Trust A");
});

const ROW = ["identifier", "case", "value:age", "description"];
const row = (...texts) => ROW.map((name, index) => ({ name, value: texts[index] }));
const stored = (identifier, caseName, age, description, version) => ({
  identifier, case: caseName, description, attributes: age ? { age, employer: "NHS" } : { employer: "NHS" }, version,
});

test("only the fields edited since the last save are sent, with the version read", () => {
  const base = ["P01", "Trust A", "30", "old"];
  const now = row("P01", "Trust A", "31", "old");
  const edited = editedNames(now, base);
  assert.deepEqual(edited, ["value:age"]);
  assert.deepEqual(rowPayload(now, 4, edited), { values: { age: "31" }, if_version: 4 });
  assert.deepEqual(rowPayload(row("P01", "Trust A", "30", "new"), 4, ["description"]), {
    values: {},
    description: "new",
    if_version: 4,
  });
});

test("a field held in conflict is not sent until the user chooses", () => {
  const base = ["P01", "Trust A", "30", "theirs"];
  const now = row("P01", "Trust A", "31", "mine");
  assert.deepEqual(editedNames(now, base, ["description"]), ["value:age"]);
  assert.deepEqual(editedNames(now, base, ["description", "value:age"]), []);
});

test("an attribute value differing only in surrounding spaces is not an edit", () => {
  assert.equal(sameValue(" 30 ", "30"), true);
  assert.deepEqual(editedNames(row("P01", "Trust A", " 30", "old"), ["P01", "Trust A", "30", "old"]), []);
});

test("after a partial save, a field not sent keeps an edit held back and shows the rest as stored", () => {
  const base = ["P01", "Trust A", "30", "theirs"];
  const sent = row("P01", "Trust A", "31", "mine");
  const current = row("P01", "Trust A", "31", "mine");
  const record = stored("P01", "Trust A", "31", "theirs", 6);
  const { shown, saved } = afterSave(sent, current, record, ["value:age"], base);
  assert.deepEqual(shown, ["P01", "Trust A", "31", "mine"]);
  assert.deepEqual(saved.map((field) => field.value), ["P01", "Trust A", "31", "theirs"]);
});

test("after a partial save, a field typed in meanwhile keeps what was typed", () => {
  const base = ["P01", "Trust A", "30", "old"];
  const sent = row("P01", "Trust A", "31", "old");
  const current = row("P01", "Trust A", "31", "typing now");
  const { shown } = afterSave(sent, current, stored("P01", "Trust A", "31", "old", 2), ["value:age"], base);
  assert.deepEqual(shown, ["P01", "Trust A", "31", "typing now"]);
});

test("a stale save merges: only-theirs shows theirs, only-mine stays to resend, both is a conflict", () => {
  const base = ["P01", "Trust A", "30", "old"];
  // I changed the age and the description; they changed the case and the description.
  const mine = row("P01", "Trust A", "31", "my note");
  const record = stored("P01", "Trust B", "30", "their note", 3);
  const { shown, base: next, conflicts } = mergeStale(mine, base, record);
  assert.deepEqual(shown, ["P01", "Trust B", "31", "my note"]);
  assert.deepEqual(next, ["P01", "Trust B", "30", "their note"]);
  assert.deepEqual(conflicts, [{ name: "description", mine: "my note", theirs: "their note" }]);
  // What is sent next on version 3: my age only (the description waits for a choice).
  assert.deepEqual(editedNames(row(...shown), next, ["description"]), ["value:age"]);
});

test("a stale save where both made the same change is no conflict and sends nothing", () => {
  const base = ["P01", "Trust A", "30", "old"];
  const { shown, base: next, conflicts } = mergeStale(
    row("P01", "Trust A", "30", "same"),
    base,
    stored("P01", "Trust A", "30", "same", 2),
  );
  assert.deepEqual(conflicts, []);
  assert.deepEqual(editedNames(row(...shown), next), []);
});

test("a stale save where they cleared a value I changed is a conflict with an empty stored value", () => {
  const { conflicts } = mergeStale(
    row("P01", "Trust A", "31", "old"),
    ["P01", "Trust A", "30", "old"],
    stored("P01", "Trust A", null, "old", 2),
  );
  assert.deepEqual(conflicts, [{ name: "value:age", mine: "31", theirs: "" }]);
});
