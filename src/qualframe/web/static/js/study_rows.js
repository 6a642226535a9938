// Pure logic of the study page's editable tables (no DOM access, so Node can test it).
// A table row is one form; its fields are named "name"/"identifier", "case",
// "description" and "value:<attribute>" (see templates/study/tables.html).
//
// No save overwrites a newer edit: a row keeps, field by field, the value last
// read from the server (its base); a save sends only the fields that differ from
// it, with the version read (if_version). When someone else saved the row since
// (409), mergeStale compares each field's base, what the user has and what is
// stored now: a field only one side changed takes that side's value, a field
// both changed to different values is a conflict the user settles.

export const VALUE_PREFIX = "value:";

/**
 * The JSON body of PATCH /api/projects/{pid}/{kind}/{id} for one row.
 * @param {Array<{name: string, value: string}>} fields  the row's named fields
 * @param {number|null} [version]  the row's version as last read (sent as if_version)
 * @param {Iterable<string>|null} [only]  the names of the fields to send (default: all)
 * @returns {{values: Object<string, string|null>}} e.g. {name, description, values, if_version}
 */
export function rowPayload(fields, version = null, only = null) {
  const payload = { values: {} };
  const chosen = only === null ? null : new Set(only);
  if (Number.isInteger(version)) payload.if_version = version;
  for (const { name, value } of fields) {
    if (chosen !== null && !chosen.has(name)) continue;
    if (name.startsWith(VALUE_PREFIX)) {
      const text = value.trim();
      payload.values[name.slice(VALUE_PREFIX.length)] = text === "" ? null : text;
    } else if (name) {
      payload[name] = value;
    }
  }
  return payload;
}

/** Whether two values of a field say the same (attribute values are sent trimmed). */
export function sameValue(a, b) {
  return String(a ?? "").trim() === String(b ?? "").trim();
}

/**
 * The names of the fields edited since the last save: those whose value is not
 * their base (the value last read), less the `held` ones (in conflict, waiting
 * for the user's choice).
 * @param {Array<{name: string, value: string}>} fields
 * @param {string[]} base  each field's value as last read, in the same order
 * @param {Iterable<string>} [held]
 * @returns {string[]}
 */
export function editedNames(fields, base, held = []) {
  const skip = new Set(held);
  return fields
    .filter(({ name, value }, index) => !skip.has(name) && !sameValue(value, base[index]))
    .map(({ name }) => name);
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
 * keeps what they typed, to be saved next; so does a field that was not sent
 * but differs from its `base` (an edit held back, e.g. in conflict); every other
 * field shows the stored value.
 * @param {Array<{name: string, value: string}>} sent     the fields as they were when sent
 * @param {Array<{name: string, value: string}>} current  the fields now
 * @param {object} record  the saved record the server answered
 * @param {Iterable<string>|null} [edited]  the names of the fields sent (default: all)
 * @param {string[]|null} [base]  each field's value as last read (needed with `edited`)
 * @returns {{shown: string[], saved: Array<{name: string, value: string}>}}
 */
export function afterSave(sent, current, record, edited = null, base = null) {
  const sentNames = edited === null ? null : new Set(edited);
  const saved = sent.map(({ name, value }) => ({ name, value: storedValue(name, value, record) }));
  const shown = current.map(({ name, value }, index) => {
    const untouched = sentNames === null || sentNames.has(name)
      ? value === sent[index].value
      : sameValue(value, base?.[index] ?? sent[index].value);
    return untouched ? saved[index].value : value;
  });
  return { shown, saved };
}

/**
 * After a save was refused because someone else saved the row since (409):
 * what each field shows, its new base (the stored value) and the conflicts.
 * Per field, with `was` its base, `mine` what it holds now and `theirs` what is
 * stored now: theirs = was (only I changed it, or nobody): mine stays, to be sent
 * again on the new version; mine = theirs: nothing to do; mine = was (only they
 * changed it, I did not touch it): it shows theirs; otherwise both changed it:
 * a conflict, mine stays in the field and theirs is reported.
 * @param {Array<{name: string, value: string}>} current  the fields now
 * @param {string[]} base    each field's value as last read
 * @param {object} record    the stored record (the 409's error.current)
 * @returns {{shown: string[], base: string[], conflicts: Array<{name: string, mine: string, theirs: string}>}}
 */
export function mergeStale(current, base, record) {
  const shown = [];
  const stored = [];
  const conflicts = [];
  current.forEach(({ name, value: mine }, index) => {
    const was = base[index];
    const theirs = storedValue(name, was, record);
    stored.push(theirs);
    if (sameValue(theirs, was) || sameValue(mine, theirs)) {
      shown.push(mine);
    } else if (sameValue(mine, was)) {
      shown.push(theirs);
    } else {
      shown.push(mine);
      conflicts.push({ name, mine, theirs });
    }
  });
  return { shown, base: stored, conflicts };
}
