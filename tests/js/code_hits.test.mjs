import { test } from "node:test";
import assert from "node:assert/strict";

import {
  confirmLabel,
  passagesToCode,
  ref,
  requestBody,
} from "../../src/qualframe/web/static/js/code_hits.js";

test("digits are ids, anything else a name", () => {
  assert.equal(ref(" 12 "), 12);
  assert.equal(ref("Barriers > Stigma"), "Barriers > Stigma");
});

test("the form's entries become the API body, filters included", () => {
  const body = requestBody(
    [
      ["q", '"lived experience" OR hope'],
      ["where", "stakeholder group=peer worker"],
      ["where", "stakeholder group=service user"],
      ["where", "employer=NHS"],
      ["where", ""],
      ["document", "3"],
      ["speaker", "Zoë"],
      ["limit", "50"],
      ["offset", "0"],
      ["preview", "1"],
      ["code", "7"],
      ["spread", "paragraph"],
    ],
    true,
  );
  assert.deepEqual(body, {
    query: '"lived experience" OR hope',
    code: 7,
    spread: "paragraph",
    where: { "stakeholder group": ["peer worker", "service user"], employer: "NHS" },
    documents: [3],
    speakers: ["Zoë"],
    preview: true,
  });
});

test("a filter value may hold an equals sign; only the first one separates", () => {
  const body = requestBody([["where", "note=a=b"]], false);
  assert.deepEqual(body.where, { note: "a=b" });
  assert.equal(body.preview, false);
});

test("no code chosen stays empty, so the page can ask for one", () => {
  assert.equal(requestBody([["code", ""]], true).code, "");
});

test("passages already coded are not counted as to code", () => {
  assert.equal(passagesToCode({ spans: 5, already_coded: 2 }), 3);
  assert.equal(passagesToCode({ spans: 2, already_coded: 2 }), 0);
});

test("the confirm button says how many passages with which code", () => {
  assert.equal(confirmLabel({ spans: 1, already_coded: 0, code: "Trust" }), "Code 1 passage with Trust");
  assert.equal(
    confirmLabel({ spans: 1500, already_coded: 0, code: "Hope" }),
    "Code 1,500 passages with Hope",
  );
});
