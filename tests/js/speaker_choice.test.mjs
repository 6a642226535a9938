import test from "node:test";
import assert from "node:assert/strict";

import {
  describeChange,
  labelStatus,
  mappingRequest,
} from "../../src/qualframe/web/static/js/speaker_choice.js";

test("choosing a participant maps the label to them", () => {
  assert.deepEqual(mappingRequest(3, "Sam", "participant:P02"), {
    method: "PUT",
    path: "/api/projects/3/speakers/mappings",
    body: { label: "Sam", document: null, participant: "P02" },
  });
});

test("identifiers may contain the separator", () => {
  assert.equal(mappingRequest(1, "X", "participant:P:01").body.participant, "P:01");
});

test("choosing a role maps the label to the role", () => {
  assert.deepEqual(mappingRequest(1, "Interviewer", "interviewer").body, {
    label: "Interviewer",
    document: null,
    role: "interviewer",
  });
});

test("choosing nobody removes the mapping, in a document when given", () => {
  const request = mappingRequest(1, "Speaker 1", "", "fg 1.txt");
  assert.equal(request.method, "DELETE");
  assert.equal(request.path, "/api/projects/1/speakers/mappings?label=Speaker+1&document=fg+1.txt");
  assert.equal(request.body, undefined);
});

test("a change is described as the page describes it", () => {
  const change = { label: "Sam", document: null, role: "participant", participant: "P02",
    documents_reattributed: 1, codings_changed: 2 };
  assert.equal(describeChange(change), "Mapped Sam to P02: 2 codings re-attributed in 1 document.");
  assert.equal(
    describeChange({ ...change, role: null, participant: null, document: "fg.txt", codings_changed: 1 }),
    "Removed the mapping of Sam in fg.txt: 1 coding re-attributed in 1 document.",
  );
  assert.match(describeChange({ ...change, role: "interviewer", participant: null }), /to the interviewer/);
});

test("a label's status says where it is not mapped", () => {
  assert.deepEqual(labelStatus({ unmapped_documents: 2, documents: 2 }), {
    kind: "warning",
    text: "Not mapped in 2 documents",
  });
  assert.deepEqual(labelStatus({ unmapped_documents: 0, documents: 1 }), { kind: "ok", text: "Mapped" });
  assert.equal(labelStatus({ unmapped_documents: 0, documents: 0 }).kind, "none");
});
