// Pure logic of the study page's editable tables (no DOM access, so Node can test it).
// A table row is one form; its fields are named "name"/"identifier", "case",
// "description" and "value:<attribute>" (see templates/study/tables.html).

export const VALUE_PREFIX = "value:";

/**
 * The JSON body of PATCH /api/projects/{pid}/{kind}/{id} for one row.
 * @param {Array<{name: string, value: string}>} fields  the row's named fields
 * @param {number|null} [version]  the row's version as last read (sent as if_version)
 * @returns {{values: Object<string, string|null>}} e.g. {name, description, values, if_version}
 */
export function rowPayload(fields, version = null) {
  const payload = { values: {} };
  if (Number.isInteger(version)) payload.if_version = version;
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

/**
 * The version a row's hidden `if_version` field holds, or null when it holds none.
 * @param {string|undefined|null} text  the field's value
 */
export function parseVersion(text) {
  const trimmed = String(text ?? "").trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * What the server stored for one field of a row, from its answer `record` (the
 * canonical spelling: "nhs" is stored as "NHS"); `sent` when the record does not say.
 */
export function storedValue(name, sent, record) {
  if (name.startsWith(VALUE_PREFIX)) return record.attributes?.[name.slice(VALUE_PREFIX.length)] ?? "";
  if (name in record && typeof record[name] === "string") return record[name];
  return sent;
}

/**
 * After a row is saved: what each field shows and what the server now holds.
 * A field the user changed while the save was on its way (they are typing in it)
 * keeps what they typed, to be saved next; every other field shows the stored value.
 * @param {Array<{name: string, value: string}>} sent     the fields as sent
 * @param {Array<{name: string, value: string}>} current  the fields now
 * @param {object} record  the saved record the server answered
 * @returns {{shown: string[], saved: Array<{name: string, value: string}>}}
 */
export function afterSave(sent, current, record) {
  const saved = sent.map(({ name, value }) => ({ name, value: storedValue(name, value, record) }));
  const shown = current.map(({ value }, index) => (value === sent[index].value ? saved[index].value : value));
  return { shown, saved };
}
