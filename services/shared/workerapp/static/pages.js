// The app's pages: a form page per record type, the worker's own visits,
// due follow-ups, groups and a page per group.
import { Offline, get, newKey, request } from "./api.js";
import { app, go, renderQueue } from "./app.js";
import { buildForm, clearErrors, collect, el, setStatus, showErrors } from "./form.js";
import { hetuErrors } from "./hetu.js";
import { formatDate, label, parseDate, t, translate } from "./i18n.js";
import * as queue from "./queue.js";

function heading(main, text) {
  document.title = `${text} – SOS Hub`;
  main.append(el("h1", { text }));
}

function notice(main, text, cls = "note") {
  main.append(el("p", { class: cls, role: "status", text }));
}

// Errors a record queued offline would certainly get: required fields and
// identity codes. Everything else the API checks when it is sent.
function offlineErrors(description, body) {
  const errors = hetuErrors(body);
  for (const spec of description.fields) {
    if (spec.required && spec.kind !== "items" && body[spec.name] === undefined) {
      errors[spec.name] = ["Missing data for required field."];
    }
  }
  return errors;
}

// Sends a record now, or queues it (same Idempotency-Key) when it cannot
// be sent: offline, a server error, or an ended session. Returns the API's
// answer when stored now, else null.
async function submit(form, description, path, onSaved) {
  clearErrors(form);
  const body = collect(form, description);
  const key = newKey();
  const keep = async (message) => {
    const errors = offlineErrors(description, body);
    if (Object.keys(errors).length) { showErrors(form, errors); return; }
    await queue.enqueue({ key, path, body, form: description.form, user: app.user.username });
    await renderQueue();
    form.reset();
    setStatus(form, message);
  };
  let answer;
  try {
    answer = await request("POST", path, body, key);
  } catch (error) {
    if (error instanceof Offline) return keep(t("queued"));
    throw error;
  }
  if (answer.status === 401 || (answer.status === 403 && answer.data?.error?.code === "csrf_failed")) {
    app.needsLogin = true;
    return keep(t("sessionExpired"));
  }
  if (answer.status >= 500) return keep(t("queued"));
  if (answer.status >= 400) {
    showErrors(form, answer.data?.error?.fields || {}, answer.status === 422 ? t("fixErrors") : translate(answer.data?.error?.message || ""));
    return;
  }
  await onSaved(answer.data);
}

function prefill(description) {
  const params = new URLSearchParams(location.search);
  const values = {};
  for (const spec of description.fields) if (params.has(spec.name)) values[spec.name] = params.get(spec.name);
  return values;
}

function formPage(formName, after) {
  return async (main) => {
    const description = app.description.forms[formName];
    heading(main, label(description.title));
    const form = buildForm(description, app.description.items, { values: prefill(description) });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await submit(form, description, description.path, async (saved) => {
        if (after) return after(saved);
        form.reset();
        clearErrors(form);
        setStatus(form, t("saved"));
      });
    });
    main.append(form);
  };
}

async function load(main, path) {
  try {
    const answer = await get(path);
    if (answer.status === 200) return answer.data;
    if (answer.status === 401) { app.needsLogin = true; go("/app/login"); return null; }
    notice(main, translate(answer.data?.error?.message || t("serverError")), "error");
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
    notice(main, t("offlineData"), "error");
  }
  return null;
}

function codeLabel(formName, field, code) {
  const spec = app.description.forms[formName].fields.find((f) => f.name === field);
  return label(spec?.options?.find((o) => o.code === code)) || code;
}

function table(headers, rows) {
  return el("table", {}, el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, rows));
}

async function visitsPage(main) {
  heading(main, t("visitsTitle"));
  const params = new URLSearchParams(location.search);
  const from = el("input", { id: "filter-from", name: "from", value: params.get("from") || "", placeholder: t("datePlaceholder"), class: "short" });
  const to = el("input", { id: "filter-to", name: "to", value: params.get("to") || "", placeholder: t("datePlaceholder"), class: "short" });
  const voided = el("input", { id: "filter-voided", type: "checkbox", name: "include_voided", checked: params.get("include_voided") !== "false" });
  const filter = el("form", { class: "filter", role: "search" },
    el("div", { class: "field" }, el("label", { for: "filter-from", text: t("from") }), from),
    el("div", { class: "field" }, el("label", { for: "filter-to", text: t("to") }), to),
    el("div", { class: "choice" }, voided, el("label", { for: "filter-voided", text: t("includeVoided") })),
    el("p", {}, el("button", { type: "submit", text: t("filter") })));
  filter.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    if (from.value.trim()) query.set("from", from.value.trim());
    if (to.value.trim()) query.set("to", to.value.trim());
    if (!voided.checked) query.set("include_voided", "false");
    go(`/app/outreach/visits?${query}`);
  });
  main.append(filter);
  const query = new URLSearchParams({ worker: app.user.worker, limit: "200" });
  if (params.get("from")) query.set("from", parseDate(params.get("from")));
  if (params.get("to")) query.set("to", parseDate(params.get("to")));
  if (params.get("include_voided") === "false") query.set("include_voided", "false");
  const page = await load(main, `/outreach/visits?${query}`);
  if (!page) return;
  if (!page.items.length) { notice(main, t("noVisits")); return; }
  const voidForm = app.description.forms.void;
  const rows = page.items.map((visit) => {
    const cell = el("td", {});
    if (!visit.voided) {
      const button = el("button", { type: "button", text: t("void") });
      button.addEventListener("click", () => {
        button.hidden = true;
        const form = buildForm(voidForm, app.description.items, { submitText: t("void") });
        form.addEventListener("submit", async (event) => {
          event.preventDefault();
          await submit(form, voidForm, voidForm.path.replace("{visit_id}", visit.visit_id), () => go(location.pathname + location.search));
        });
        cell.append(form);
        form.querySelector("input, textarea")?.focus();
      });
      cell.append(button);
    }
    return el("tr", {}, el("td", { text: formatDate(visit.visit_date) }),
      el("td", { text: codeLabel("visit", "municipality", visit.municipality) }), el("td", { text: visit.venue }),
      el("td", { text: String(visit.people_contacted) }),
      el("td", { text: visit.voided ? `${t("voided")}: ${visit.void_reason}` : t("active") }), cell);
  });
  main.append(table([t("date"), label(app.description.forms.visit.fields.find((f) => f.name === "municipality").label),
    t("venue"), t("contacted"), t("status"), ""], rows));
}

async function followupsPage(main) {
  heading(main, t("followupsTitle"));
  const params = new URLSearchParams(location.search);
  const days = el("input", { id: "after-days", name: "after_days", value: params.get("after_days") || "90", inputmode: "numeric", class: "short" });
  const filter = el("form", { class: "filter" },
    el("div", { class: "field" }, el("label", { for: "after-days", text: t("afterDays") }), days),
    el("p", {}, el("button", { type: "submit", text: t("filter") })));
  filter.addEventListener("submit", (event) => { event.preventDefault(); go(`/app/assessment/followups?after_days=${encodeURIComponent(days.value)}`); });
  main.append(filter);
  const due = await load(main, `/assessment/followups/due?after_days=${encodeURIComponent(days.value)}`);
  if (!due) return;
  const mine = due.due.filter((group) => group.worker === app.user.worker);
  const rows = mine.flatMap((group) => group.clients.map((client) => {
    const href = `/app/assessment/measurements/new?client=${encodeURIComponent(client.client)}&instrument=${group.instrument}&round=2`;
    return el("tr", {}, el("td", { text: client.client }), el("td", { text: group.instrument }),
      el("td", { text: formatDate(client.baseline_on) }), el("td", { text: String(client.days_since_baseline) }),
      el("td", {}, el("a", { href, onclick: (event) => { event.preventDefault(); go(href); } }, t("measureNow"))));
  }));
  if (!rows.length) { notice(main, t("noFollowups")); return; }
  main.append(table([t("client"), t("instrument"), t("baseline"), t("days"), ""], rows));
}

async function groupsPage(main) {
  heading(main, t("groupsTitle"));
  const groups = await load(main, "/groups");
  if (!groups) return;
  if (!groups.items.length) { notice(main, t("noGroups")); return; }
  main.append(table([t("groupName"), label(app.description.forms.group.fields.find((f) => f.name === "activity").label),
    t("started"), t("sessionsHeld"), t("status")], groups.items.map((group) => {
    const href = `/app/groups/${group.group_id}`;
    return el("tr", {}, el("td", {}, el("a", { href, onclick: (event) => { event.preventDefault(); go(href); } }, group.name)),
      el("td", { text: codeLabel("group", "activity", group.activity) }), el("td", { text: formatDate(group.started_on) }),
      el("td", { text: String(group.sessions_held) }), el("td", { text: group.ended ? t("ended") : t("open") }));
  })));
}

async function groupPage(main, match) {
  const id = match[1];
  const group = await load(main, `/groups/${id}`);
  if (!group) { document.title = "SOS Hub"; return; }
  heading(main, group.name);
  main.append(el("dl", { class: "facts" },
    el("dt", { text: label(app.description.forms.group.fields.find((f) => f.name === "activity").label) }),
    el("dd", { text: codeLabel("group", "activity", group.activity) }),
    el("dt", { text: t("started") }), el("dd", { text: formatDate(group.started_on) }),
    el("dt", { text: t("sessionsHeld") }), el("dd", { id: "sessions-held", text: String(group.sessions_held) }),
    el("dt", { text: t("hours") }), el("dd", { text: String(group.group_hours) })));
  const participants = await load(main, `/groups/${id}/participants`);
  const clients = participants ? participants.items.map((p) => p.client) : [];
  main.append(el("h2", { text: t("participants") }),
    clients.length ? el("ul", { id: "participants" }, clients.map((c) => el("li", { text: c }))) : el("p", { text: t("noParticipants") }));
  if (group.ended) { notice(main, t("groupEndedNote", { date: formatDate(group.ended_on) })); return; }
  const reload = () => go(`/app/groups/${id}`);
  const sections = [
    ["participant", {}], ["session", { attendees: clients.map((c) => ({ code: c, text: c })) }],
    ["survey", {}], ["feedback", {}], ["end", {}],
  ];
  for (const [formName, fieldOptions] of sections) {
    const description = app.description.forms[formName];
    const headingId = `h-${formName}`;
    const form = buildForm(description, app.description.items, { fieldOptions });
    form.setAttribute("aria-labelledby", headingId);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await submit(form, description, description.path.replace("{group_id}", id), reload);
    });
    main.append(el("section", { "aria-labelledby": headingId }, el("h2", { id: headingId, text: label(description.title) }), form));
  }
}

// A feedback link is made while the client is there to take it: it is
// never queued, and its secret is shown once (the server keeps a hash).
async function feedbackLinkPage(main) {
  const description = app.description.forms.feedback_link;
  heading(main, label(description.title));
  const form = buildForm(description, app.description.items, { values: prefill(description),
    submitText: t("feedbackLinkMake") });
  const result = el("section", { id: "feedback-link", "aria-live": "polite" });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    result.replaceChildren();
    let answer;
    try {
      answer = await request("POST", description.path, collect(form, description), newKey());
    } catch (error) {
      if (!(error instanceof Offline)) throw error;
      showErrors(form, {}, t("feedbackLinkOnline"));
      return;
    }
    if (answer.status === 401) { app.needsLogin = true; go("/app/login"); return; }
    if (answer.status >= 400) {
      showErrors(form, answer.data?.error?.fields || {}, answer.status === 422 ? t("fixErrors") : translate(answer.data?.error?.message || t("serverError")));
      return;
    }
    const link = answer.data;
    const days = Math.round((new Date(link.expires_at) - Date.now()) / 86400000);
    const qr = el("img", { class: "qr", alt: t("feedbackLinkQr"), width: "240", height: "240",
      src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.qr_svg)}` });
    const again = el("button", { type: "button", text: t("feedbackLinkAnother") });
    again.addEventListener("click", () => { result.replaceChildren(); form.hidden = false; });
    result.append(el("p", { role: "status", text: t("feedbackLinkReady", { days }) }), qr,
      el("p", {}, el("a", { href: link.url, id: "feedback-url", text: link.url, rel: "noreferrer" })), again);
    form.hidden = true;
  });
  main.append(form, result);
}

export const PAGES = [
  [/^outreach\/visits\/new$/, formPage("visit")],
  [/^outreach\/visits$/, visitsPage],
  [/^assessment\/clients\/new$/, formPage("client")],
  [/^assessment\/measurements\/new$/, formPage("measurement")],
  [/^assessment\/forms\/new$/, formPage("research_form")],
  [/^assessment\/followups$/, followupsPage],
  [/^assessment\/feedback-links\/new$/, feedbackLinkPage],
  [/^groups$/, groupsPage],
  [/^groups\/new$/, formPage("group", (group) => go(`/app/groups/${group.group_id}`))],
  [/^groups\/([0-9a-f-]{36})$/, groupPage],
];
