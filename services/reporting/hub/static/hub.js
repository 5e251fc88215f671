// The coordinator's and partners' view of a project: figures from
// /api/projects/{id}/metrics (published form for partner tokens) and the
// stored reports. The token stays in this tab's sessionStorage only.
"use strict";

const fi = new Intl.NumberFormat("fi-FI", { maximumFractionDigits: 2 });
const pct = new Intl.NumberFormat("fi-FI", { style: "percent", maximumFractionDigits: 1 });
const $ = (id) => document.getElementById(id);
const show = (v) => (typeof v === "number" ? fi.format(v) : v == null ? "–" : String(v));
const share = (v) => (typeof v === "number" ? pct.format(v) : show(v));
const INSTRUMENTS = { kykyviisari: "Kykyviisari", avhv: "AVHV", esy: "ESY" };

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${sessionStorage.getItem("token")}` } });
  if (!response.ok) {
    let message = response.statusText;
    try { message = (await response.json()).error.message; } catch (_) { /* not JSON */ }
    throw new Error(`${response.status}: ${message}`);
  }
  return response;
}

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

let projects = [];

async function loadProjects() {
  projects = await (await api("/api/projects")).json();
  $("project").replaceChildren(...projects.map((p) => new Option(p.name, p.id)));
  $("dashboard").hidden = false;
  await loadMetrics();
}

async function loadMetrics() {
  const project = projects.find((p) => p.id === $("project").value);
  const names = Object.fromEntries(project.partners.map((p) => [p.id, p.name]));
  const query = new URLSearchParams();
  if ($("from").value) query.set("from", $("from").value);
  if ($("to").value) query.set("to", $("to").value);
  const metrics = await (await api(`/api/projects/${project.id}/metrics?${query}`)).json();
  $("source").textContent = `${metrics.period.from} – ${metrics.period.to} · ${metrics.events_read} tapahtumaa · ` +
    (metrics.suppressed ? "julkaistu muoto (pienet luvut piilotettu)" : "salaamaton");
  const reach = metrics.project.reach;
  fill("headline", [
    ["Tavoitetut asiakkaat", show(reach.clients), show(reach.targets.clients), share(reach.attainment.clients)],
    ["Tavoitetut työntekijät", show(reach.workers), show(reach.targets.workers), share(reach.attainment.workers)],
  ]);
  const regions = Object.entries(metrics.regions);
  fill("outreach", [
    ...regions.map(([id, r]) => [names[id] || id, show(r.outreach.visits), show(r.outreach.contacts)]),
    ["Yhteensä", show(metrics.project.outreach.visits), show(metrics.project.outreach.contacts)],
  ]);
  fill("measurements", Object.entries(metrics.project.assessment.instruments).map(([code, c]) =>
    [INSTRUMENTS[code] || code, show(c.round_1), show(c.form_1), show(c.round_2), show(c.form_2), share(c.retention)]));
  fill("groups", [
    ...regions.map(([id, r]) => [names[id] || id, show(r.groups.groups), show(r.groups.participants),
      show(r.groups.sessions), show(r.groups.group_hours)]),
    ["Yhteensä", show(metrics.project.groups.groups), show(metrics.project.groups.participants),
      show(metrics.project.groups.sessions), show(metrics.project.groups.group_hours)],
  ]);
  const reports = await (await api(`/api/projects/${project.id}/reports`)).json();
  $("reports").replaceChildren(...reports.map((r) => {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#";
    link.textContent = `${r.kind === "region" ? "Alueraportti" : "Sosiaalinen raportti"} ${names[r.scope] || r.scope} ` +
      `(${r.language}, ${r.period.from} – ${r.period.to})`;
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      const html = await (await api(r.html)).text();
      window.open(URL.createObjectURL(new Blob([html], { type: "text/html" })), "_blank");
    });
    li.appendChild(link);
    return li;
  }));
  $("status").textContent = "";
}

async function guarded(action) {
  try {
    await action();
  } catch (error) {
    $("status").textContent = `Virhe: ${error.message}`;
  }
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("token", $("token").value);
  guarded(loadProjects);
});
$("filters").addEventListener("submit", (event) => { event.preventDefault(); guarded(loadMetrics); });
if (sessionStorage.getItem("token")) guarded(loadProjects);
