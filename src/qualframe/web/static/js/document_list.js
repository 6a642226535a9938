// Pure logic of the documents page (no DOM access, so Node can test it).

/** A file size for people: "812 bytes", "14 KB", "2.5 MB". */
export function fileSize(bytes) {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * A position field's text as the API takes it: null when blank, else a whole number
 * from 0. Returns undefined for anything else (the caller says what is wrong).
 */
export function parsePosition(text) {
  const trimmed = String(text ?? "").trim();
  if (trimmed === "") return null;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * Whether a chosen file's name has a suffix the import reads.
 * @param {string} name      the file's name
 * @param {string} suffixes  the accepted suffixes, comma separated (".txt,.md")
 */
export function supported(name, suffixes) {
  const lower = name.toLowerCase();
  return suffixes.split(",").some((suffix) => suffix.trim() && lower.endsWith(suffix.trim().toLowerCase()));
}

/**
 * The body of PATCH /api/projects/{pid}/documents/{id} setting a position, with the
 * document's version as last read (`versionText`, a hidden field's value) when known.
 * @param {number|null} position  a whole number from 0, or null for none
 * @param {string|undefined} versionText  the version, as text
 */
export function positionChange(position, versionText) {
  const body = { position };
  const trimmed = String(versionText ?? "").trim();
  if (/^\d+$/.test(trimmed)) body.if_version = Number(trimmed);
  return body;
}
