// Pure logic of the speakers page (no DOM access, so Node can test it).
// A select's value says who a label stands for: "" (not mapped), "interviewer",
// "other" or "participant:<identifier>" (as web/documents/speaker_choices.py).

const PARTICIPANT = "participant:";

/**
 * The API call saving `choice` for `label` (project-wide, or in `document`).
 * @returns {{method: string, path: string, body: object|undefined}}
 */
export function mappingRequest(projectId, label, choice, document = null) {
  const base = `/api/projects/${projectId}/speakers/mappings`;
  if (!choice) {
    const query = new URLSearchParams({ label });
    if (document) query.set("document", document);
    return { method: "DELETE", path: `${base}?${query}`, body: undefined };
  }
  const body = { label, document };
  if (choice.startsWith(PARTICIPANT)) body.participant = choice.slice(PARTICIPANT.length);
  else body.role = choice;
  return { method: "PUT", path: base, body };
}

const ROLE_WORDS = { interviewer: "the interviewer", other: "other (not a participant)" };

/** What a MappingChange answer did, for people (as the page's messages say it). */
export function describeChange(change) {
  const where = change.document ? ` in ${change.document}` : "";
  const what = change.role
    ? `Mapped ${change.label}${where} to ${change.participant ?? ROLE_WORDS[change.role] ?? change.role}`
    : `Removed the mapping of ${change.label}${where}`;
  const codings = change.codings_changed;
  const documents = change.documents_reattributed;
  return `${what}: ${codings} coding${codings === 1 ? "" : "s"} re-attributed in ` +
    `${documents} document${documents === 1 ? "" : "s"}.`;
}

/**
 * The status of a label (a row of GET /api/projects/{pid}/speakers), as on the page.
 * @returns {{kind: "warning"|"ok"|"none", text: string}}
 */
export function labelStatus(row) {
  if (row.unmapped_documents > 0) {
    const n = row.unmapped_documents;
    return { kind: "warning", text: `Not mapped in ${n} document${n === 1 ? "" : "s"}` };
  }
  if (row.documents > 0) return { kind: "ok", text: "Mapped" };
  return { kind: "none", text: "In no document" };
}
