// A coding from the page data and a coding from the JSON API have one shape.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  codingFromRecord,
  codingFromRow,
  speakerOf,
} from "../../src/qualframe/web/static/js/codings_list.js";

const data = {
  coders: ["analyst", "tester"],
  codings: [
    [7, 3, 10, 20, 1, 2],
    [8, 4, 30, 40, 0, 0],
  ],
  speakers: ["Ali", "Interviewer"],
  participants: ["P01"],
  attribution: [
    [0, 0],
    [1, null],
  ],
};

const record = {
  id: 7, code_id: 3, code: "Hope", document_id: 1, document: "a.txt", start: 10, end: 20,
  text: "some text", speaker: "Ali", participant_id: 5, participant: "P01", coder: "tester",
  created_at: "2024-05-01T10:00:00+00:00",
};

test("a page row and an API record of the same coding are equal", () => {
  assert.deepEqual(codingFromRow(data, 0), codingFromRecord(record, 2));
  assert.deepEqual(codingFromRow(data, 0), {
    id: 7, codeId: 3, start: 10, end: 20, coder: "tester", memos: 2,
    speaker: "Ali", participant: "P01",
  });
});

test("who speaks is the participant, else the label, else nobody", () => {
  assert.equal(speakerOf(codingFromRow(data, 0)), "P01");
  assert.equal(speakerOf(codingFromRow(data, 1)), "Interviewer");
  const unattributed = codingFromRecord({ ...record, speaker: null, participant: null });
  assert.equal(speakerOf(unattributed), "no speaker");
  assert.equal(unattributed.speaker, null);
});

test("page data without attribution gives codings without a speaker", () => {
  const bare = { coders: data.coders, codings: data.codings };
  assert.deepEqual(
    [codingFromRow(bare, 1).speaker, codingFromRow(bare, 1).participant],
    [null, null],
  );
});
