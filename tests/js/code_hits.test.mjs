import { test } from "node:test";
import assert from "node:assert/strict";

import {
  confirmLabel,
  passageRef,
  hasCode,
  passagesToCode,
  requestBody,
} from "../../src/qualframe/web/static/js/code_hits.js";

test("names and ids travel in separate fields: digits in a name stay a name", () => {
  const body = requestBody(
    [["code", "7"], ["document", "101"], ["document_id", "3"]],
    true,
  );
  assert.equal(body.code, "7");
  assert.equal(body.code_id, undefined);
  assert.deepEqual(body.documents, ["101"]);
  assert.deepEqual(body.document_ids, [3]);
  assert.equal(requestBody([["code", "Barriers > Stigma"]], true).code, "Barriers > Stigma");
});

test("the form's entries become the API body, filters included", () => {
  const body = requestBody(
    [
      ["q", '"lived experience" OR hope'],
      ["where", "stakeholder group=peer worker"],
      ["where", "stakeholder group=service user"],
      ["where", "employer=NHS"],
      ["where", ""],
      ["document_id", "3"],
      ["document", "P01.txt"],
      ["speaker", "Zoë"],
      ["limit", "50"],
      ["offset", "0"],
      ["preview", "1"],
      ["code_id", "7"],
      ["spread", "paragraph"],
    ],
    true,
  );
  assert.deepEqual(body, {
    query: '"lived experience" OR hope',
    code_id: 7,
    spread: "paragraph",
    where: { "stakeholder group": ["peer worker", "service user"], employer: "NHS" },
    documents: ["P01.txt"],
    document_ids: [3],
    speakers: ["Zoë"],
    preview: true,
  });
});

test("a filter value may hold an equals sign; only the first one separates", () => {
  const body = requestBody([["where", "note=a=b"]], false);
  assert.deepEqual(body.where, { note: "a=b" });
  assert.equal(body.preview, false);
});

test("no code chosen leaves the code out, so the page can ask for one", () => {
  assert.equal(hasCode(requestBody([["code_id", ""]], true)), false);
  assert.equal(hasCode(requestBody([["code_id", "4"]], true)), true);
  assert.equal(hasCode(requestBody([["code", "Hope"]], true)), true);
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

test("unticked passages are taken off the count and the button", () => {
  const plan = { spans: 5, already_coded: 1, code: "Hope" };
  assert.equal(passagesToCode(plan, 2), 2);
  assert.equal(confirmLabel(plan, 3), "Code 1 passage with Hope");
  assert.equal(passagesToCode(plan, 9), 0);
  assert.deepEqual(passageRef({ document_id: 3, start: 10, end: 15, match: "trust" }), {
    document_id: 3,
    start: 10,
    end: 15,
  });
});
