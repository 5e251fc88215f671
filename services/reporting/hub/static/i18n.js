// The dashboard's own words in Finnish and English, and numbers, shares and
// times in the reader's language. The codes' labels (instruments, topics,
// municipalities) are data: they come from /api/definitions/labels.
const WORDS = {
  fi: {
    title: "SOS Hub – hankkeen tilannekuva",
    switch: "In English",
    token: "Tunniste (bearer token)",
    login: "Kirjaudu",
    welcome: "Kirjaudu tunnisteella nähdäksesi hankkeen luvut.",
    loading: "Ladataan…",
    error: "Virhe",
    project: "Hanke",
    period: "Jakso",
    from: "Alkaen",
    to: "Päättyen",
    showButton: "Näytä",
    wholeProject: "Koko hanke",
    quarter: (year, q) => `${q}. vuosineljännes ${year}`,
    customPeriod: "Muu jakso",
    events: "tapahtumaa",
    publishedForm: "julkaistu muoto (pienet luvut piilotettu)",
    unsuppressed: "salaamaton",
    updated: "päivitetty",
    liveNote: "Luvut päivittyvät itsestään, kun uusia tietoja saapuu.",
    offGrid: "Hankkeen yhteisluvut julkaistaan kumppaneille vain koko hankkeen ajalta ja kalenterineljänneksittäin; tällä jaksolla näet oman alueesi luvut.",
    scopeProject: "Koko hanke",
    scopeOwn: (name) => `Oma alue: ${name}`,
    targets: "Tavoitteet",
    achieved: "Toteuma",
    target: "Tavoite",
    share: "%",
    clientsReached: "Tavoitetut asiakkaat",
    workersReached: "Tavoitetut työntekijät",
    reachChart: "Tavoitetut asiakkaat ja työntekijät tavoitteeseen verrattuna",
    targetMark: "tavoite",
    outreach: "Jalkautuminen alueittain",
    region: "Alue",
    visits: "Jalkautumiskerrat",
    contacts: "Kontaktoidut",
    total: "Yhteensä",
    monthlyVisits: "Jalkautumiskerrat kuukausittain",
    monthlyContacts: "Kontaktoidut kuukausittain",
    month: "Kuukausi",
    dataTable: "Kaavion luvut taulukkona",
    gapNote: (marks, limit) => `Katkos viivassa: luku on piilotettu (${marks}), koska se koskee alle ${limit} henkilöä tai paljastaisi sellaisen luvun.`,
    barGapNote: (marks, limit) => `Puuttuva pylväs: luku on piilotettu (${marks}), koska se koskee alle ${limit} henkilöä tai paljastaisi sellaisen luvun.`,
    topics: "Keskustelujen aiheet",
    topic: "Aihe",
    topicVisits: "Käyntejä, joilla aihe esillä",
    measurements: "Mittarikokeilut",
    instrument: "Mittari",
    round1: "Mittaus 1",
    form1: "Lomake 1",
    round2: "Mittaus 2",
    form2: "Lomake 2",
    retention: "Pysyvyys",
    measurementChart: "Mitatut asiakkaat mittareittain, mittaus 1 ja mittaus 2",
    groups: "Ryhmätoiminnot",
    groupCount: "Ryhmät",
    participants: "Osallistujat",
    sessions: "Tapaamiset",
    groupHours: "Ryhmätunnit",
    reports: "Raportit",
    noReports: "Raportteja ei ole vielä tehty.",
    regionReport: "Alueraportti",
    socialReport: "Sosiaalinen raportti",
    table: "taulukko",
    clientFeedback: "Asiakaspalaute",
    feedbackNote: "Vastaukset ja linkit lasketaan tapaamisen päivän mukaan; kommentteja ei julkaista, ne vain lasketaan.",
    quarterHead: "Neljännes",
    feedbackLinks: "Linkit",
    feedbackAnswers: "Vastaukset",
    responseRate: "Vastausaste",
    overallMean: "Kokonaisarvio (ka.)",
    itemN: "n",
    feedbackItems: "Kysymysten keskiarvot (1–5)",
    question: "Kysymys",
    mean: "Keskiarvo",
    feedbackChart: "Palautelinkit ja vastaukset neljänneksittäin",
  },
  en: {
    title: "SOS Hub – project overview",
    switch: "Suomeksi",
    token: "Token (bearer token)",
    login: "Log in",
    welcome: "Log in with a token to see the project's figures.",
    loading: "Loading…",
    error: "Error",
    project: "Project",
    period: "Period",
    from: "From",
    to: "To",
    showButton: "Show",
    wholeProject: "Whole project",
    quarter: (year, q) => `Q${q} ${year}`,
    customPeriod: "Other period",
    events: "events",
    publishedForm: "published form (small figures hidden)",
    unsuppressed: "unsuppressed",
    updated: "updated",
    liveNote: "The figures update themselves when new data arrives.",
    offGrid: "Project totals are published to partners for the whole project and its calendar quarters only; for this period you see your own region.",
    scopeProject: "Whole project",
    scopeOwn: (name) => `Own region: ${name}`,
    targets: "Targets",
    achieved: "Achieved",
    target: "Target",
    share: "%",
    clientsReached: "Clients reached",
    workersReached: "Workers reached",
    reachChart: "Clients and workers reached against the targets",
    targetMark: "target",
    outreach: "Outreach by region",
    region: "Region",
    visits: "Outreach visits",
    contacts: "People contacted",
    total: "Total",
    monthlyVisits: "Outreach visits per month",
    monthlyContacts: "People contacted per month",
    month: "Month",
    dataTable: "The chart's figures as a table",
    gapNote: (marks, limit) => `A break in a line: the figure is hidden (${marks}) because it concerns fewer than ${limit} people or would give such a figure away.`,
    barGapNote: (marks, limit) => `A bar left out: the figure is hidden (${marks}) because it concerns fewer than ${limit} people or would give such a figure away.`,
    topics: "Topics of the conversations",
    topic: "Topic",
    topicVisits: "Visits where the topic came up",
    measurements: "Measurement trials",
    instrument: "Instrument",
    round1: "Round 1",
    form1: "Form 1",
    round2: "Round 2",
    form2: "Form 2",
    retention: "Retention",
    measurementChart: "Clients measured per instrument, round 1 and round 2",
    groups: "Group work",
    groupCount: "Groups",
    participants: "Participants",
    sessions: "Sessions",
    groupHours: "Group hours",
    reports: "Reports",
    noReports: "No reports have been made yet.",
    regionReport: "Region report",
    socialReport: "Social report",
    table: "table",
    clientFeedback: "Client feedback",
    feedbackNote: "Answers and links are counted by the day of the encounter; comments are never published, only counted.",
    quarterHead: "Quarter",
    feedbackLinks: "Links",
    feedbackAnswers: "Answers",
    responseRate: "Response rate",
    overallMean: "Overall rating (mean)",
    itemN: "n",
    feedbackItems: "Item means (1–5)",
    question: "Question",
    mean: "Mean",
    feedbackChart: "Feedback links and answers per quarter",
  },
};

const KEY = "soshub.lang";
let lang = WORDS[localStorage.getItem(KEY)] ? localStorage.getItem(KEY) : "fi";
let numbers, percents;

function setFormats() {
  const locale = lang === "fi" ? "fi-FI" : "en-GB";
  numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  percents = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
}
setFormats();

export const language = () => lang;

export function setLanguage(code) {
  lang = code;
  localStorage.setItem(KEY, code);
  setFormats();
}

export function t(key, ...args) {
  const word = WORDS[lang][key];
  return typeof word === "function" ? word(...args) : word;
}

// Suppressed cells arrive as strings ("<5", ".."): shown as they are, never as 0.
export const show = (v) => (typeof v === "number" ? numbers.format(v) : v == null ? "–" : String(v));
export const share = (v) => (typeof v === "number" ? percents.format(v) : show(v));
export const clock = (date) => [date.getHours(), date.getMinutes(), date.getSeconds()]
  .map((n) => String(n).padStart(2, "0")).join(":");

// Every element with data-i18n="key" shows that word (for attributes: data-i18n-attr="aria-label").
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  document.title = t("title");
  root.querySelectorAll("[data-i18n]").forEach((element) => {
    const attribute = element.dataset.i18nAttr;
    if (attribute) element.setAttribute(attribute, t(element.dataset.i18n));
    else element.textContent = t(element.dataset.i18n);
  });
}
