// Undoing a change of a coding's code or span (pure logic, no DOM).
//
// Codings carry no version number: an undo states the code and span the
// change left (`if_unchanged`), so the server refuses it (409) when someone
// changed the coding meanwhile instead of overwriting their change.

/** A coding's code and span from an API record ({code_id, start, end, …}). */
export function stateOf(record) {
  return { code_id: record.code_id, start: record.start, end: record.end };
}

/** Whether a change from `before` to `after` altered the code or the span. */
export function isChange(before, after) {
  return before.code_id !== after.code_id || before.start !== after.start || before.end !== after.end;
}

/** The PATCH body putting the coding back to `before`, stating `after` as read. */
export function undoBody(before, after) {
  return { ...stateOf(before), if_unchanged: stateOf(after) };
}

/** What the change did, in a sentence ("Changed the code from A to B." …). */
export function changeSentence(before, after) {
  const parts = [];
  if (before.code_id !== after.code_id) parts.push(`the code from ${before.code} to ${after.code}`);
  if (before.start !== after.start || before.end !== after.end) {
    const grew = after.start <= before.start && after.end >= before.end;
    const shrank = after.start >= before.start && after.end <= before.end;
    parts.push(grew ? "the span (extended)" : shrank ? "the span (shortened)" : "the span (moved)");
  }
  return parts.length ? `Changed ${parts.join(" and ")}.` : "Nothing changed.";
}
