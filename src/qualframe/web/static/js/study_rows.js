// Pure logic of the study page's editable tables (no DOM access, so Node can test it).
// A table row is one form; its fields are named "name"/"identifier", "case",
// "description" and "value:<attribute>" (see templates/study/tables.html).

export const VALUE_PREFIX = "value:";

/**
 * The JSON body of PATCH /api/projects/{pid}/{kind}/{id} for one row.
 * @param {Array<{name: string, value: string}>} fields  the row's named fields
 * @returns {{values: Object<string, string|null>}} e.g. {name, description, values}
 */
export function rowPayload(fields) {
  const payload = { values: {} };
  for (const { name, value } of fields) {
    if (name.startsWith(VALUE_PREFIX)) {
      const text = value.trim();
      payload.values[name.slice(VALUE_PREFIX.length)] = text === "" ? null : text;
    } else if (name) {
      payload[name] = value;
    }
  }
  return payload;
}

/** A snapshot of a row's fields, to tell whether anything changed since the last save. */
export function snapshot(fields) {
  return JSON.stringify(fields.map(({ name, value }) => [name, value]));
}

/**
 * The index of the row `delta` rows from `index` among `count` rows, or null past either end.
 */
export function neighbour(count, index, delta) {
  const next = index + delta;
  return next >= 0 && next < count ? next : null;
}

/** What a saved row is called in messages: "case Trust A", "participant P01". */
export function rowLabel(kind, record) {
  return kind === "cases" ? `case ${record.name}` : `participant ${record.identifier}`;
}
