// The API refuses a henkilötunnus anywhere; a record queued offline is
// checked here too, so that the worker hears it at once, with the same words.
const PATTERN = /(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])(?![0-9A-Za-z])/gi;
const CENTURY = { "+": 1800, "-": 1900, A: 2000, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000 };
const CONTROL = "0123456789ABCDEFHJKLMNPRSTUVWXY";
export const HETU_MESSAGE = "Looks like a personal identity code (henkilötunnus). SOS Hub stores pseudonyms only: remove it.";

export function containsHetu(text) {
  for (const [, dd, mm, yy, sign, individual, control] of String(text).matchAll(PATTERN)) {
    const year = CENTURY[sign.toUpperCase()] + Number(yy);
    const day = new Date(Date.UTC(year, Number(mm) - 1, Number(dd)));
    if (day.getUTCDate() !== Number(dd) || day.getUTCMonth() !== Number(mm) - 1) continue;
    if (CONTROL[Number(dd + mm + yy + individual) % 31] === control.toUpperCase()) return true;
  }
  return false;
}

// {dotted path: [message]} of every string in ``value`` holding one.
export function hetuErrors(value, path = "", found = {}) {
  if (typeof value === "string") {
    if (containsHetu(value)) found[path] = [HETU_MESSAGE];
  } else if (Array.isArray(value)) {
    value.forEach((item) => hetuErrors(item, path, found));
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) hetuErrors(item, path ? `${path}.${key}` : key, found);
  }
  return found;
}
