import test from "node:test";
import assert from "node:assert/strict";

import { afterSave, neighbour, parseVersion, rowLabel, rowPayload, snapshot, storedValue } from "../../src/qualframe/web/static/js/study_rows.js";

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

test("a snapshot changes when and only when a value does", () => {
  const before = snapshot([{ name: "name", value: "A" }]);
  assert.equal(snapshot([{ name: "name", value: "A" }]), before);
  assert.notEqual(snapshot([{ name: "name", value: "B" }]), before);
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
