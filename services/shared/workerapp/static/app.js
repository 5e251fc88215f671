// The worker app: boot, header (navigation, language, waiting records),
// login and the router. Pages live in pages.js.
import { Offline, get, request } from "./api.js";
import { el } from "./form.js";
import { formatDate, getLang, label, setLang, setMessages, t, translate } from "./i18n.js";
import * as queue from "./queue.js";
import { PAGES } from "./pages.js";

const HOME = "/app/outreach/visits/new";
const USER_KEY = "soshub-user";
const NAV = [
  ["/app/outreach/visits/new", "navVisitNew"], ["/app/outreach/visits", "navVisits"],
  ["/app/assessment/clients/new", "navClientNew"], ["/app/assessment/measurements/new", "navMeasurementNew"],
  ["/app/assessment/forms/new", "navFormNew"], ["/app/assessment/followups", "navFollowups"],
  ["/app/assessment/feedback-links/new", "navFeedbackLink"],
  ["/app/groups", "navGroups"], ["/app/groups/new", "navGroupNew"],
];

export const app = { user: null, description: null, needsLogin: false };

function storedUser() {
  try { return JSON.parse(localStorage.getItem(USER_KEY)); } catch { return null; }
}

// ``keep``: when the session has ended, stay on the page as the last worker
// (what is typed is not lost; records wait) instead of going to the login.
async function loadUser({ keep = false } = {}) {
  try {
    const answer = await get("/app/api/me");
    if (answer.status === 200) {
      app.user = { username: answer.data.username, partner: answer.data.partner, worker: answer.data.worker };
      localStorage.setItem(USER_KEY, JSON.stringify(app.user));
      app.needsLogin = false;
    } else {
      // The session ended: records keep waiting for this worker's next login.
      app.user = keep ? app.user : null;
      app.needsLogin = true;
    }
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
    app.user = storedUser();  // offline: keep working as the last worker
  }
}

async function loadDescription() {
  const response = await fetch("/app/api/forms");  // the service worker answers offline
  app.description = await response.json();
  setMessages(app.description.messages);
}

function route() {
  return location.pathname.replace(/^\/app\/?/, "").replace(/\/$/, "");
}

export function go(path) {
  history.pushState({}, "", path);
  render();
}

function renderHeader() {
  document.querySelector(".skip").textContent = t("skip");
  document.querySelector(".brand").textContent = t("brand");
  const nav = document.getElementById("nav");
  nav.setAttribute("aria-label", t("nav"));
  nav.replaceChildren();
  if (app.user) {
    const here = location.pathname.replace(/\/$/, "");
    nav.append(el("ul", {}, NAV.map(([href, key]) => el("li", {},
      el("a", { href, "aria-current": here === href ? "page" : false, onclick: (event) => {
        event.preventDefault(); go(href);
      } }, t(key))))));
  }
  const langButton = document.getElementById("lang");
  langButton.textContent = t("switchLang");
  langButton.lang = getLang() === "fi" ? "en" : "fi";
  document.getElementById("user").textContent = app.user ? t("loggedInAs", { user: app.user.username, partner: app.user.partner }) : "";
  document.getElementById("logout").hidden = !app.user;
  document.getElementById("logout").textContent = t("logout");
}

export async function renderQueue() {
  const records = (await queue.all()).filter((r) => !app.user || r.user === app.user.username);
  const waiting = records.filter((r) => !r.failed);
  const failed = records.filter((r) => r.failed);
  const count = document.getElementById("queue-count");
  count.dataset.count = String(waiting.length);
  count.textContent = waiting.length ? t("queueWaiting", { n: waiting.length }) : t("queueNone");
  const panel = document.getElementById("queue-panel");
  panel.replaceChildren();
  if (waiting.length && app.needsLogin) {
    const next = encodeURIComponent(location.pathname + location.search);
    panel.append(el("p", { class: "warning" }, t("queueNeedsLogin"), " ",
      el("a", { href: `/app/login?next=${next}` }, t("login"))));
  }
  if (failed.length) {
    panel.append(el("h2", { text: t("queueFailed", { n: failed.length }) }), el("ul", {}, failed.map((record) => {
      const fields = record.failed.error?.fields || {};
      const form = app.description.forms[record.form];
      const reasons = Object.entries(fields).map(([name, messages]) => {
        const spec = form?.fields.find((f) => f.name === name);
        const texts = Array.isArray(messages) ? messages : Object.values(messages).flat();
        return `${spec ? label(spec.label) : name}: ${texts.map(String).map(translate).join(" ")}`;
      });
      const message = record.failed.error?.message || String(record.failed.status);
      return el("li", {}, `${label(form?.title)} (${formatDate(record.queued_at)}): `,
        reasons.join("; ") || message, " ",
        el("button", { type: "button", onclick: () => queue.remove(record.id) }, t("discard")));
    })));
  }
}

let retry = null;

export async function sendQueue() {
  if (!app.user) return;
  let outcome;
  try { outcome = await queue.flush(app.user.username); } catch (error) { console.error(error); return; }
  if (outcome === "login") { app.needsLogin = true; }
  // A request lost on a flaky connection is tried again soon; its
  // Idempotency-Key makes the retry safe.
  if (outcome === "offline" && navigator.onLine && retry === null) {
    retry = setTimeout(() => { retry = null; sendQueue(); }, 2000);
  }
  await renderQueue();
}

function loginPage(main) {
  document.title = `${t("loginTitle")} – SOS Hub`;
  const status = el("p", { class: "error", role: "alert" });
  const user = el("input", { id: "username", name: "username", autocomplete: "username", required: true });
  const password = el("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const form = el("form", { id: "login", novalidate: true },
    el("div", { class: "field" }, el("label", { for: "username", text: t("username") }), user),
    el("div", { class: "field" }, el("label", { for: "password", text: t("password") }), password),
    el("p", {}, el("button", { type: "submit", text: t("login") })), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    let answer;
    try {
      answer = await request("POST", "/app/api/login", { username: user.value.trim(), password: password.value });
    } catch {
      status.textContent = t("offlineLogin");
      return;
    }
    if (answer.status !== 200) {
      status.textContent = answer.status === 429 ? t("tooMany") : answer.status >= 500 ? t("serverError") : t("loginFailed");
      return;
    }
    await loadUser();
    const next = new URLSearchParams(location.search).get("next");
    go(next && next.startsWith("/app/") ? next : HOME);
    sendQueue();
  });
  main.append(el("h1", { text: t("loginTitle") }));
  if (app.needsLogin) main.append(el("p", { text: t("sessionExpired") }));
  main.append(form);
}

export async function render() {
  const main = document.getElementById("main");
  main.replaceChildren();
  main.setAttribute("aria-busy", "true");
  try {
    await renderPage(main);
  } finally {
    main.removeAttribute("aria-busy");
  }
}

async function renderPage(main) {
  const page = route();
  renderHeader();
  await renderQueue();
  if (page === "login" || !app.user) {
    if (page !== "login") history.replaceState({}, "", `/app/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    renderHeader();
    loginPage(main);
    return;
  }
  const match = PAGES.find(([pattern]) => pattern.test(page));
  if (!match) {
    document.title = "SOS Hub";
    main.append(el("h1", { text: t("notFound") }));
    return;
  }
  await match[1](main, page.match(match[0]));
}

async function logout() {
  try { await request("POST", "/app/api/logout", {}); } catch { /* offline: the cookie expires anyway */ }
  localStorage.removeItem(USER_KEY);
  navigator.serviceWorker?.controller?.postMessage("logout");
  app.user = null;
  go("/app/login");
}

async function boot() {
  setLang(getLang());
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" });
  document.getElementById("lang").addEventListener("click", () => { setLang(getLang() === "fi" ? "en" : "fi"); render(); });
  document.getElementById("logout").addEventListener("click", logout);
  window.addEventListener("popstate", render);
  window.addEventListener("online", async () => {
    await loadUser({ keep: true });
    renderHeader();
    await renderQueue();
    sendQueue();
  });
  queue.onChange(renderQueue);
  await loadDescription();
  await loadUser();
  await render();
  sendQueue();
  setInterval(sendQueue, 30000);
}

boot();
