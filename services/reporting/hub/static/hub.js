// The coordinator's and partners' view of a project: the period's figures
// from /api/projects/{id}/metrics (published form for partner tokens),
// monthly series from /monthly, the stored reports, and the codes' labels
// from /api/definitions/labels. It polls /version and reloads when an
// event has reached the centre. The token stays in this tab's
// sessionStorage only.
import { barChart, lineChart } from "./charts.js";
import { clock, language, setLanguage, share, show, t, translatePage } from "./i18n.js";

const POLL_MS = 2000;
const $ = (id) => document.getElementById(id);
const state = {
  projects: [], labels: null, periods: null, metrics: null, monthly: null, reports: [],
  seen: null,  // the read-model version of the figures on screen
  query: "",  // the period applied (typing a date does not change it until "Näytä")
  loads: 0, poller: null, updatedAt: null, pollFailed: false,
  status: () => t("welcome"),  // the status line, in the language on screen
};

class ApiError extends Error {
  constructor(status, message) {
    super(`${status}: ${message}`);
    this.status = status;
  }
}

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${sessionStorage.getItem("token")}` } });
  if (!response.ok) {
    let message = response.statusText;
    try { message = (await response.json()).error.message; } catch (_) { /* not JSON */ }
    throw new ApiError(response.status, message);
  }
  return response;
}

const json = async (path) => (await api(path)).json();
const versionKey = (v) => (v ? `${v.epoch}|${v.generation}|${v.version}` : null);
const currentProject = () => state.projects.find((p) => p.id === $("project").value);
const partnerNames = (project) => Object.fromEntries(project.partners.map((p) => [p.id, p.name]));

function fill(tableId, rows) {
  const body = $(tableId).querySelector("tbody");
  body.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement("tr");
    cells.forEach((cell, index) => {
      const td = document.createElement("td");
      td.textContent = cell;
      if (index > 0) td.className = "num";
      tr.appendChild(td);
    });
    return tr;
  }));
}

// --- periods -----------------------------------------------------------------

function applyPeriod() {
  const query = new URLSearchParams();
  if ($("from").value) query.set("from", $("from").value);
  if ($("to").value) query.set("to", $("to").value);
  state.query = query.toString();
}

function periodOptions() {
  if (!state.periods) return [];
  const { project, quarters } = state.periods;
  return [{ ...project, label: t("wholeProject") },
    ...quarters.map((q) => ({ ...q, label: t("quarter", q.from.slice(0, 4), Math.floor((+q.from.slice(5, 7) - 1) / 3) + 1) }))];
}

function renderPeriods() {
  const options = periodOptions().map((p) => new Option(p.label, `${p.from}/${p.to}`));
  $("period").replaceChildren(new Option(t("customPeriod"), ""), ...options);
  syncPeriod();
}

// The period list shows the chosen dates when they are one of its periods.
function syncPeriod() {
  const { project } = state.periods || {};
  const from = $("from").value || project?.from;
  const to = $("to").value || project?.to;
  const value = `${from}/${to}`;
  $("period").value = [...$("period").options].some((o) => o.value === value) ? value : "";
}

// --- loading -------------------------------------------------------------------

async function loadLabels() {
  state.labels = await json(`/api/definitions/labels?lang=${language()}`);
}

async function loadProjects() {
  stopPolling();
  Object.assign(state, { metrics: null, monthly: null, seen: null, periods: null });
  setStatus(() => t("loading"));
  const [projects] = await Promise.all([json("/api/projects"), state.labels ? null : loadLabels()]);
  state.projects = projects;
  $("project").replaceChildren(...projects.map((p) => new Option(p.name, p.id)));
  $("dashboard").hidden = false;
  await loadProject();
}

async function loadProject() {
  state.periods = await json(`/api/projects/${currentProject().id}/periods`);
  renderPeriods();
  applyPeriod();
  await loadMetrics();
}

async function loadMetrics() {
  const load = ++state.loads;
  const project = currentProject();
  const base = `/api/projects/${project.id}`;
  const query = state.query;
  const [metrics, monthly, reports, feedback] = await Promise.all([
    json(`${base}/metrics?${query}`), json(`${base}/monthly?${query}`), json(`${base}/reports`),
    json(`${base}/feedback`)]);
  if (load !== state.loads) return;  // a newer load (another period, a newer version) is on its way
  Object.assign(state, { metrics, monthly, reports, feedback, updatedAt: new Date() });
  // Both answers may lag the newest event by a moment (the hub's cache):
  // then the next poll loads again.
  const versions = [versionKey(metrics.read_models), versionKey(monthly.read_models)];
  state.seen = versions[0] === versions[1] ? versions[0] : null;
  render();
  setStatus(() => "");
  startPolling();
}

function stopPolling() {
  clearTimeout(state.poller);
  state.poller = null;
}

function startPolling() {
  stopPolling();
  state.poller = setTimeout(poll, POLL_MS);
}

async function poll() {
  state.poller = null;
  const project = currentProject();
  try {
    if (project && !document.hidden) {
      const version = await json(`/api/projects/${project.id}/version`);
      if (state.pollFailed) {
        state.pollFailed = false;
        setStatus(() => "");
      }
      if (versionKey(version) !== state.seen) await loadMetrics();
    }
  } catch (error) {
    failed(error);
    state.pollFailed = true;
    if (error.status === 401 || error.status === 403) return;
  }
  if (!state.poller) state.poller = setTimeout(poll, POLL_MS);  // unless a load has started it again
}

function setStatus(text) {
  state.status = text;
  $("status").textContent = text();
}

function failed(error) {
  setStatus(() => `${t("error")}: ${error.message}`);
  if (error.status === 401) {
    stopPolling();
    $("dashboard").hidden = true;
  }
}

async function guarded(action) {
  try {
    await action();
  } catch (error) {
    failed(error);
  }
}

// --- rendering -----------------------------------------------------------------

function scopeOf(metrics, names) {
  if (metrics.project) return { part: metrics.project, title: t("scopeProject") };
  const [id, part] = Object.entries(metrics.regions)[0];
  return { part, title: t("scopeOwn", names[id] || id) };
}

function chartWords(label) {
  const limit = state.metrics.suppression?.threshold ?? 5;
  return { label, tableCaption: t("dataTable"), category: t("month"), target: t("targetMark"),
    gapNote: (marks) => t("gapNote", marks, limit), barGapNote: (marks) => t("barGapNote", marks, limit) };
}

function renderHeadline(scope) {
  const { reach } = scope.part;
  const rows = [["clients", t("clientsReached")], ["workers", t("workersReached")]];
  // A share of a withheld count would give the count away.
  const attainment = (kind) => (typeof reach[kind] === "number" ? reach.attainment?.[kind] : null);
  fill("headline", rows.map(([kind, label]) => [label, show(reach[kind]), show(reach.targets?.[kind]),
    share(attainment(kind))]));
  $("reach-chart").replaceChildren(barChart({
    rows: rows.map(([kind, label]) => ({ name: label, values: [reach[kind]], target: reach.targets?.[kind] })),
    series: [t("achieved")], format: show, words: chartWords(t("reachChart")), describedBy: "headline",
  }));
}

function renderOutreach(metrics, monthly, names) {
  const regions = Object.entries(metrics.regions);
  const total = metrics.project ? [[t("total"), show(metrics.project.outreach.visits),
    show(metrics.project.outreach.contacts)]] : [];
  fill("outreach", [...regions.map(([id, r]) => [names[id] || id, show(r.outreach.visits), show(r.outreach.contacts)]),
    ...total]);
  const months = monthly.months.map((m) => m.month);
  for (const [kind, element, title] of [["visits", "visits-chart", "monthlyVisits"],
    ["contacts", "contacts-chart", "monthlyContacts"]]) {
    const series = Object.entries(monthly.regions).map(([id, r]) => ({ name: names[id] || id, values: r[kind] }));
    $(element).replaceChildren(lineChart({ categories: months, series, format: show, words: chartWords(t(title)) }));
  }
}

function renderTopics(scope) {
  const topics = state.labels.codelists.outreach_topics;
  fill("topics", Object.entries(scope.part.outreach.topics).map(([code, topic]) =>
    [topics[code] || code, show(topic.visits), share(topic.share)]));
}

function renderMeasurements(scope) {
  const instruments = Object.entries(scope.part.assessment.instruments);
  const label = (code) => state.labels.instruments[code]?.label || code;
  fill("measurements", instruments.map(([code, c]) =>
    [label(code), show(c.round_1), show(c.form_1), show(c.round_2), show(c.form_2), share(c.retention)]));
  $("measurement-chart").replaceChildren(barChart({
    rows: instruments.map(([code, c]) => ({ name: label(code), values: [c.round_1, c.round_2] })),
    series: [t("round1"), t("round2")], format: show, words: chartWords(t("measurementChart")),
    describedBy: "measurements",
  }));
}

function renderGroups(metrics, names) {
  const row = (name, g) => [name, show(g.groups), show(g.participants), show(g.sessions), show(g.group_hours)];
  fill("groups", [...Object.entries(metrics.regions).map(([id, r]) => row(names[id] || id, r.groups)),
    ...(metrics.project ? [row(t("total"), metrics.project.groups)] : [])]);
}

function quarterName(period) {
  return t("quarter", period.from.slice(0, 4), Math.floor((+period.from.slice(5, 7) - 1) / 3) + 1);
}

// The scope's own figures per quarter: the project's where the caller may
// read them, else the caller's region.
function scopeFeedback(quarter) {
  return quarter.project || Object.values(quarter.regions)[0];
}

function renderFeedback(scope, feedback) {
  const quarters = feedback.quarters;
  const any = quarters.some((q) => Object.values(q.regions).some((r) => r.links !== 0));
  $("feedback-section").hidden = !any;
  if (!any) return;
  fill("feedback-quarters", quarters.map((q) => {
    const f = scopeFeedback(q);
    return [quarterName(q.period), show(f.links), show(f.answers), share(f.response_rate),
      show(f.items.overall.mean), show(f.items.overall.n)];
  }));
  $("feedback-chart").replaceChildren(lineChart({
    categories: quarters.map((q) => quarterName(q.period)),
    series: [{ name: t("feedbackLinks"), values: quarters.map((q) => scopeFeedback(q).links) },
      { name: t("feedbackAnswers"), values: quarters.map((q) => scopeFeedback(q).answers) }],
    format: show, words: chartWords(t("feedbackChart")),
  }));
  const labels = state.labels.client_feedback || {};
  fill("feedback-items", Object.entries(scope.part.feedback.items).map(([code, item]) =>
    [labels[code] || code, show(item.mean), show(item.n)]));
}

// --- reports -------------------------------------------------------------------

const LINK_ORDER = ["html", "pdf", "xlsx", "json", "csv"];
const OPEN_IN_TAB = ["html", "pdf"];
const isLink = (value) => typeof value === "string" && /^(\/api\/|https?:)/.test(value);

// Every URL an entry of the reports list gives: {html: url}, {csv: {table: url}}, …
function reportLinks(report) {
  const keys = Object.keys(report).sort((a, b) => (LINK_ORDER.indexOf(a) + 1 || 99) - (LINK_ORDER.indexOf(b) + 1 || 99));
  return keys.flatMap((key) => {
    const value = report[key];
    if (isLink(value)) return [{ format: key, text: key.toUpperCase(), url: value }];
    if (value && typeof value === "object") {
      return Object.entries(value).filter(([, url]) => isLink(url))
        .map(([name, url]) => ({ format: key, text: `${key.toUpperCase()}: ${name}`, url }));
    }
    return [];
  });
}

// The newest report of each kind, scope and language.
function latestReports(reports) {
  const latest = new Map();
  for (const report of reports) {
    const key = `${report.kind}|${report.scope}|${report.language}`;
    const known = latest.get(key);
    const newer = !known || report.period.to > known.period.to
      || (report.period.to === known.period.to && report.generated_at > known.generated_at);
    if (newer) latest.set(key, report);
  }
  return [...latest.values()];
}

async function openReport(link, report) {
  const response = await api(link.url);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  if (OPEN_IN_TAB.includes(link.format)) {
    window.open(url, "_blank");
    return;
  }
  const disposition = response.headers.get("Content-Disposition") || "";
  const named = /filename="?([^";]+)"?/.exec(disposition);
  const download = document.createElement("a");
  download.href = url;
  download.download = named ? named[1] : `${report.kind}-${report.scope}-${report.language}.${link.format}`;
  download.click();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function renderReports(reports, names) {
  const municipalities = state.labels.codelists.municipalities || {};
  const shown = latestReports(reports);
  if (!shown.length) {
    const empty = document.createElement("li");
    empty.textContent = t("noReports");
    $("reports").replaceChildren(empty);
    return;
  }
  $("reports").replaceChildren(...shown.map((r) => {
    const li = document.createElement("li");
    const title = r.title || `${r.kind === "region" ? t("regionReport") : t("socialReport")} ` +
      `${r.name || names[r.scope] || municipalities[r.scope] || r.scope}`;
    li.append(`${title} (${r.language}, ${r.period.from} – ${r.period.to})`, " ");
    for (const link of reportLinks(r)) {
      const a = document.createElement("a");
      a.href = link.url;
      a.textContent = link.text;
      a.className = "report-link";
      a.addEventListener("click", (event) => {
        event.preventDefault();
        guarded(() => openReport(link, r));
      });
      li.append(a, " ");
    }
    return li;
  }));
}

function render() {
  const { metrics, monthly, reports } = state;
  if (!metrics || !state.labels) return;
  const names = partnerNames(currentProject());
  const scope = scopeOf(metrics, names);
  $("source").textContent = `${metrics.period.from} – ${metrics.period.to} · ` +
    (metrics.suppressed ? t("publishedForm") : t("unsuppressed"));
  $("updated").textContent = `${t("updated")} ${clock(state.updatedAt)}`;
  $("scope").textContent = `– ${scope.title}`;
  $("scope-note").hidden = Boolean(metrics.project);
  renderHeadline(scope);
  renderOutreach(metrics, monthly, names);
  renderTopics(scope);
  renderMeasurements(scope);
  renderGroups(metrics, names);
  renderFeedback(scope, state.feedback);
  renderReports(reports, names);
}

// --- events --------------------------------------------------------------------

function showLanguage() {
  translatePage();
  $("status").textContent = state.status();
  $("language").lang = language() === "fi" ? "en" : "fi";
  if (state.periods) renderPeriods();
}

$("language").addEventListener("click", () => guarded(async () => {
  setLanguage(language() === "fi" ? "en" : "fi");
  showLanguage();
  if (state.labels) {
    await loadLabels();
    render();
  }
}));
$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("token", $("token").value);
  guarded(loadProjects);
});
$("project").addEventListener("change", () => {
  $("from").value = "";
  $("to").value = "";
  guarded(loadProject);
});
$("period").addEventListener("change", () => {
  if (!$("period").value) return;
  [$("from").value, $("to").value] = $("period").value.split("/");
  applyPeriod();
  guarded(loadMetrics);
});
$("filters").addEventListener("submit", (event) => {
  event.preventDefault();
  syncPeriod();
  applyPeriod();
  guarded(loadMetrics);
});

showLanguage();
if (sessionStorage.getItem("token")) guarded(loadProjects);
