// Which fields of the co-occurrence form apply: "passages meet when" only
// counts at the passage level, "people counted as" only at the person level.
// Pure (no DOM), unit-tested with node --test.

/**
 * Whether a field marked for `fieldLevel` applies when `level` is chosen
 * (a field without a level always applies).
 */
export function applies(fieldLevel, level) {
  return !fieldLevel || fieldLevel === level;
}
