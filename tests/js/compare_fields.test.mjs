import { test } from "node:test";
import assert from "node:assert/strict";

import { applies } from "../../src/qualframe/web/static/js/compare_fields.js";

test("a field for one level applies at that level only", () => {
  assert.equal(applies("segment", "segment"), true);
  assert.equal(applies("segment", "participant"), false);
  assert.equal(applies("participant", "participant"), true);
});

test("a field without a level always applies", () => {
  assert.equal(applies(undefined, "participant"), true);
  assert.equal(applies("", "segment"), true);
});
