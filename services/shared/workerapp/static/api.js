// Calls to the partner API on this origin, with the session cookie and the
// session's CSRF token (the cookie soshub_csrf, readable by this script).
export class Offline extends Error {}

function csrfToken() {
  const match = document.cookie.split("; ").find((part) => part.startsWith("soshub_csrf="));
  return match ? decodeURIComponent(match.slice("soshub_csrf=".length)) : "";
}

export function newKey() {
  return crypto.randomUUID();
}

// {status, data}; throws Offline when the request could not be made.
export async function request(method, path, body, key) {
  if (!navigator.onLine) throw new Offline("offline");
  const headers = { Accept: "application/json" };
  if (method !== "GET") {
    headers["Content-Type"] = "application/json";
    headers["X-CSRF-Token"] = csrfToken();
  }
  if (key) headers["Idempotency-Key"] = key;
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: "same-origin", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new Offline(String(error));
  }
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  return { status: response.status, data };
}

export const get = (path) => request("GET", path);
