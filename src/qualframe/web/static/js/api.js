// Calling qualframe's JSON API from the pages' scripts.
// Every call resolves to the parsed JSON body or rejects with an ApiError
// whose message is the server's sentence for people ("Span [3, 2) is not valid...").

export class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

/** The message of an API error body, or a fallback naming the status. */
export function errorMessage(body, status) {
  if (body && body.error && body.error.message) return body.error.message;
  if (status === 0) return "The server could not be reached; nothing was saved.";
  return `The server answered ${status}; nothing was saved.`;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** This page's CSRF token (a team server's session; "" on a local server). */
export function csrfToken() {
  if (typeof document === "undefined") return "";
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") ?? "";
}

/**
 * Send `method path` with an optional JSON `body`; resolve to the JSON answer.
 * @param {string} method  GET, POST, PUT, PATCH or DELETE
 * @param {string} path    e.g. "/api/projects/1/codings"
 * @param {object} [body]  sent as JSON
 */
export async function call(method, path, body) {
  const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  // A team server refuses a change without the session's token (see web/server/csrf.py).
  const token = csrfToken();
  if (token && !SAFE_METHODS.has(method.toUpperCase())) options.headers["X-CSRF-Token"] = token;
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    throw new ApiError(errorMessage(null, 0), 0, null);
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch (error) { parsed = null; }
  }
  if (!response.ok) throw new ApiError(errorMessage(parsed, response.status), response.status, parsed);
  return parsed;
}

export const get = (path) => call("GET", path);
export const post = (path, body) => call("POST", path, body ?? {});
export const put = (path, body) => call("PUT", path, body ?? {});
export const patch = (path, body) => call("PATCH", path, body ?? {});
export const del = (path) => call("DELETE", path);

/** The JSON data a page embeds in `<script type="application/json" id=...>`. */
export function pageData(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}
