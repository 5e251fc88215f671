// Records saved without a connection wait in IndexedDB, each with the
// Idempotency-Key made when it was queued: however often sending is retried
// (another tab, a reload, a lost answer) the API stores it once. A Web Lock
// keeps two tabs from sending the queue at the same time.
import { Offline, request } from "./api.js";

const DB_NAME = "soshub-app";
const STORE = "queue";
const listeners = new Set();

function openDb() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function withStore(mode, action) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const all = () => withStore("readonly", (store) => store.getAll());
const put = (record) => withStore("readwrite", (store) => store.put(record));
export async function remove(id) { await withStore("readwrite", (store) => store.delete(id)); changed(); }

export function onChange(listener) { listeners.add(listener); }
function changed() { for (const listener of listeners) listener(); }

// Another tab changed the queue: refresh what this one shows.
const channel = "BroadcastChannel" in self ? new BroadcastChannel("soshub-queue") : null;
if (channel) channel.onmessage = () => { for (const listener of listeners) listener(); };
function broadcast() { if (channel) channel.postMessage("changed"); }

export async function enqueue(record) {
  await put({ ...record, queued_at: new Date().toISOString(), failed: null });
  changed();
  broadcast();
}

// Sends the waiting records of ``user`` in order. Returns "sent" when the
// queue is empty of sendable records, "login" when the session has ended,
// "offline" or "busy" (another tab is sending).
export async function flush(user) {
  if (!navigator.onLine || !user) return "offline";
  const run = async (lock) => (lock === null ? "busy" : sendAll(user));
  if (navigator.locks) return navigator.locks.request("soshub-queue", { ifAvailable: true }, run);
  return run(true);
}

async function sendAll(user) {
  let outcome = "sent";
  for (const record of await all()) {
    if (record.failed || record.user !== user) continue;
    let answer;
    try {
      answer = await request("POST", record.path, record.body, record.key);
    } catch (error) {
      if (error instanceof Offline) { outcome = "offline"; break; }
      throw error;
    }
    if (answer.status === 401 || (answer.status === 403 && answer.data?.error?.code === "csrf_failed")) {
      outcome = "login"; break;
    }
    if (answer.status >= 500 || answer.status === 429) { outcome = "offline"; break; }
    if (answer.status >= 400) {
      // Refused for what it says (422, an ended group, ...): keep it, with
      // the reasons, for the worker to see; sending it again cannot help.
      await put({ ...record, failed: { status: answer.status, error: answer.data?.error || null } });
    } else {
      await withStore("readwrite", (store) => store.delete(record.id));
    }
    changed();
    broadcast();
  }
  return outcome;
}
