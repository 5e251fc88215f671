// Finnish first, English on a switch that is remembered on this device.
const STRINGS = {
  fi: {
    skip: "Siirry sisältöön", brand: "SOS Hub – työntekijä", nav: "Päävalikko", switchLang: "In English",
    logout: "Kirjaudu ulos", login: "Kirjaudu", loginTitle: "Kirjautuminen", username: "Käyttäjätunnus",
    password: "Salasana", loggedInAs: "Kirjautuneena: {user} ({partner})",
    navVisitNew: "Uusi käynti", navVisits: "Omat käynnit", navClientNew: "Uusi asiakas",
    navMeasurementNew: "Mittaus", navFormNew: "Tutkimuslomake", navFollowups: "Seurannat",
    navGroups: "Ryhmät", navGroupNew: "Uusi ryhmä",
    save: "Tallenna", saved: "Tallennettu.", queued: "Ei yhteyttä: tallennettu tälle laitteelle, lähetetään kun yhteys palaa.",
    queueNone: "Kaikki tallenteet on lähetetty.", queueWaiting: "Lähettämättä: {n}",
    queueNeedsLogin: "Kirjaudu uudelleen, niin odottavat tallenteet lähetetään.",
    queueFailed: "Ei voitu tallentaa: {n}", discard: "Hylkää", queueTitle: "Odottavat tallenteet",
    fixErrors: "Tarkista merkityt kentät. Mitään ei tallennettu.", errorSummary: "Lomakkeessa on virheitä",
    required: "pakollinen", yes: "Kyllä", no: "Ei", datePlaceholder: "p.k.vvvv",
    loginFailed: "Väärä käyttäjätunnus tai salasana.", tooMany: "Liian monta epäonnistunutta yritystä. Yritä myöhemmin.",
    offlineLogin: "Ei verkkoyhteyttä: kirjautuminen vaatii yhteyden.",
    sessionExpired: "Istunto on päättynyt. Kirjaudu uudelleen.",
    serverError: "Palvelu ei vastannut. Yritä hetken kuluttua uudelleen.",
    loading: "Ladataan…", offlineData: "Ei yhteyttä: tietoja ei voi nyt hakea.",
    from: "Alkaen", to: "Päättyen", includeVoided: "Näytä mitätöidyt", filter: "Suodata",
    date: "Päivä", venue: "Paikka", contacted: "Kohdattuja", status: "Tila", voided: "Mitätöity", active: "Voimassa",
    void: "Mitätöi", voidReason: "Mitätöinnin syy", noVisits: "Ei käyntejä.", visitsTitle: "Omat käynnit",
    followupsTitle: "Erääntyneet seurantamittaukset", afterDays: "Alkumittauksesta vähintään (päivää)",
    client: "Asiakas", instrument: "Mittari", baseline: "Alkumittaus", days: "Päiviä", noFollowups: "Ei erääntyneitä seurantoja.",
    measureNow: "Kirjaa seuranta", groupsTitle: "Ryhmät", groupName: "Nimi", started: "Alkoi", sessionsHeld: "Kertoja",
    ended: "Päättynyt", open: "Käynnissä", noGroups: "Ei ryhmiä.", participants: "Osallistujat",
    noParticipants: "Ei vielä osallistujia.", groupEndedNote: "Ryhmä on päättynyt {date}.", hours: "Tunteja",
    notFound: "Sivua ei löydy.", scoresLegend: "{label}: {scale}", chooseFirst: "Valitse ensin {field}.",
  },
  en: {
    skip: "Skip to content", brand: "SOS Hub – worker", nav: "Main menu", switchLang: "Suomeksi",
    logout: "Log out", login: "Log in", loginTitle: "Log in", username: "Username",
    password: "Password", loggedInAs: "Logged in: {user} ({partner})",
    navVisitNew: "New visit", navVisits: "My visits", navClientNew: "New client",
    navMeasurementNew: "Measurement", navFormNew: "Research form", navFollowups: "Follow-ups",
    navGroups: "Groups", navGroupNew: "New group",
    save: "Save", saved: "Saved.", queued: "No connection: kept on this device, sent when the connection returns.",
    queueNone: "Everything has been sent.", queueWaiting: "Waiting to be sent: {n}",
    queueNeedsLogin: "Log in again to send the waiting records.",
    queueFailed: "Could not be stored: {n}", discard: "Discard", queueTitle: "Waiting records",
    fixErrors: "Check the marked fields. Nothing was stored.", errorSummary: "The form has errors",
    required: "required", yes: "Yes", no: "No", datePlaceholder: "d.m.yyyy",
    loginFailed: "Wrong username or password.", tooMany: "Too many failed attempts. Try again later.",
    offlineLogin: "No connection: logging in needs one.",
    sessionExpired: "The session has ended. Log in again.",
    serverError: "The service did not answer. Try again in a moment.",
    loading: "Loading…", offlineData: "No connection: the data cannot be fetched now.",
    from: "From", to: "To", includeVoided: "Show voided", filter: "Filter",
    date: "Date", venue: "Venue", contacted: "Contacted", status: "Status", voided: "Voided", active: "Valid",
    void: "Void", voidReason: "Reason for voiding", noVisits: "No visits.", visitsTitle: "My visits",
    followupsTitle: "Follow-up measurements due", afterDays: "Days since the baseline at least",
    client: "Client", instrument: "Instrument", baseline: "Baseline", days: "Days", noFollowups: "No follow-ups due.",
    measureNow: "Record the follow-up", groupsTitle: "Groups", groupName: "Name", started: "Started", sessionsHeld: "Sessions",
    ended: "Ended", open: "Running", noGroups: "No groups.", participants: "Participants",
    noParticipants: "No participants yet.", groupEndedNote: "The group ended on {date}.", hours: "Hours",
    notFound: "No such page.", scoresLegend: "{label}: {scale}", chooseFirst: "Choose {field} first.",
  },
};

const LANG_KEY = "soshub-lang";
let lang = localStorage.getItem(LANG_KEY) === "en" ? "en" : "fi";
let messageTable = [];

export function getLang() { return lang; }

export function setLang(value) {
  lang = value === "en" ? "en" : "fi";
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
}

export function t(key, vars = {}) {
  const text = STRINGS[lang][key] ?? STRINGS.fi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

// A {fi, en} label (codelists, definitions, the forms' labels).
export function label(value) {
  if (value == null) return "";
  if (typeof value === "string") return value;
  return value[lang] ?? value.fi ?? value.en ?? "";
}

export function setMessages(table) { messageTable = table.map(([pattern, fi]) => [new RegExp(pattern), fi]); }

// The API's validation messages are English; Finnish ones come from the
// table the server sends with the forms.
export function translate(message) {
  if (lang === "en") return message;
  for (const [pattern, fi] of messageTable) {
    if (pattern.test(message)) return message.replace(pattern, fi);
  }
  return message;
}

export function formatDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return match ? `${Number(match[3])}.${Number(match[2])}.${match[1]}` : iso || "";
}

// d.m.yyyy (or an ISO date) to ISO; anything else is sent as typed so that
// the API's own message explains it.
export function parseDate(text) {
  const value = (text || "").trim();
  const fi = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  if (fi) return `${fi[3]}-${fi[2].padStart(2, "0")}-${fi[1].padStart(2, "0")}`;
  return value;
}

export function today() {
  const now = new Date();
  return `${now.getDate()}.${now.getMonth() + 1}.${now.getFullYear()}`;
}
