// Finnish first, English on a switch that is remembered on this device.
// Each UI text as [Finnish, English].
const STRINGS = {
  skip: ["Siirry sisältöön", "Skip to content"],
  brand: ["SOS Hub – työntekijä", "SOS Hub – worker"],
  nav: ["Päävalikko", "Main menu"],
  switchLang: ["In English", "Suomeksi"],
  logout: ["Kirjaudu ulos", "Log out"],
  login: ["Kirjaudu", "Log in"],
  loginTitle: ["Kirjautuminen", "Log in"],
  username: ["Käyttäjätunnus", "Username"],
  password: ["Salasana", "Password"],
  loggedInAs: ["Kirjautuneena: {user} ({partner})", "Logged in: {user} ({partner})"],
  navVisitNew: ["Uusi käynti", "New visit"],
  navVisits: ["Omat käynnit", "My visits"],
  navClientNew: ["Uusi asiakas", "New client"],
  navMeasurementNew: ["Mittaus", "Measurement"],
  navFormNew: ["Tutkimuslomake", "Research form"],
  navFollowups: ["Seurannat", "Follow-ups"],
  navFeedbackLink: ["Asiakaspalaute", "Client feedback"],
  feedbackLinkMake: ["Tee palautelinkki", "Make a feedback link"],
  feedbackLinkReady: ["Näytä asiakkaalle: hän voi lukea QR-koodin puhelimellaan tai avata linkin. Linkki toimii kerran, {days} päivän ajan, ilman kirjautumista.", "Show this to the client: they can scan the QR code with their phone or open the link. It works once, for {days} days, without login."],
  feedbackLinkOnline: ["Palautelinkin tekeminen vaatii verkkoyhteyden.", "Making a feedback link needs a connection."],
  feedbackLinkQr: ["QR-koodi palautelinkkiin", "QR code of the feedback link"],
  feedbackLinkAnother: ["Uusi linkki", "Another link"],
  navGroups: ["Ryhmät", "Groups"],
  navGroupNew: ["Uusi ryhmä", "New group"],
  save: ["Tallenna", "Save"],
  saved: ["Tallennettu.", "Saved."],
  queued: ["Ei yhteyttä: tallennettu tälle laitteelle, lähetetään kun yhteys palaa.", "No connection: kept on this device, sent when the connection returns."],
  queueNone: ["Kaikki tallenteet on lähetetty.", "Everything has been sent."],
  queueWaiting: ["Lähettämättä: {n}", "Waiting to be sent: {n}"],
  queueNeedsLogin: ["Kirjaudu uudelleen, niin odottavat tallenteet lähetetään.", "Log in again to send the waiting records."],
  queueFailed: ["Ei voitu tallentaa: {n}", "Could not be stored: {n}"],
  discard: ["Hylkää", "Discard"],
  queueTitle: ["Odottavat tallenteet", "Waiting records"],
  fixErrors: ["Tarkista merkityt kentät. Mitään ei tallennettu.", "Check the marked fields. Nothing was stored."],
  errorSummary: ["Lomakkeessa on virheitä", "The form has errors"],
  required: ["pakollinen", "required"],
  yes: ["Kyllä", "Yes"],
  no: ["Ei", "No"],
  datePlaceholder: ["p.k.vvvv", "d.m.yyyy"],
  loginFailed: ["Väärä käyttäjätunnus tai salasana.", "Wrong username or password."],
  tooMany: ["Liian monta epäonnistunutta yritystä. Yritä myöhemmin.", "Too many failed attempts. Try again later."],
  offlineLogin: ["Ei verkkoyhteyttä: kirjautuminen vaatii yhteyden.", "No connection: logging in needs one."],
  sessionExpired: ["Istunto on päättynyt. Kirjaudu uudelleen.", "The session has ended. Log in again."],
  serverError: ["Palvelu ei vastannut. Yritä hetken kuluttua uudelleen.", "The service did not answer. Try again in a moment."],
  loading: ["Ladataan…", "Loading…"],
  offlineData: ["Ei yhteyttä: tietoja ei voi nyt hakea.", "No connection: the data cannot be fetched now."],
  from: ["Alkaen", "From"],
  to: ["Päättyen", "To"],
  includeVoided: ["Näytä mitätöidyt", "Show voided"],
  filter: ["Suodata", "Filter"],
  date: ["Päivä", "Date"],
  venue: ["Paikka", "Venue"],
  contacted: ["Kohdattuja", "Contacted"],
  status: ["Tila", "Status"],
  voided: ["Mitätöity", "Voided"],
  active: ["Voimassa", "Valid"],
  void: ["Mitätöi", "Void"],
  voidReason: ["Mitätöinnin syy", "Reason for voiding"],
  noVisits: ["Ei käyntejä.", "No visits."],
  visitsTitle: ["Omat käynnit", "My visits"],
  followupsTitle: ["Erääntyneet seurantamittaukset", "Follow-up measurements due"],
  afterDays: ["Alkumittauksesta vähintään (päivää)", "Days since the baseline at least"],
  client: ["Asiakas", "Client"],
  instrument: ["Mittari", "Instrument"],
  baseline: ["Alkumittaus", "Baseline"],
  days: ["Päiviä", "Days"],
  noFollowups: ["Ei erääntyneitä seurantoja.", "No follow-ups due."],
  measureNow: ["Kirjaa seuranta", "Record the follow-up"],
  groupsTitle: ["Ryhmät", "Groups"],
  groupName: ["Nimi", "Name"],
  started: ["Alkoi", "Started"],
  sessionsHeld: ["Kertoja", "Sessions"],
  ended: ["Päättynyt", "Ended"],
  open: ["Käynnissä", "Running"],
  noGroups: ["Ei ryhmiä.", "No groups."],
  participants: ["Osallistujat", "Participants"],
  noParticipants: ["Ei vielä osallistujia.", "No participants yet."],
  groupEndedNote: ["Ryhmä on päättynyt {date}.", "The group ended on {date}."],
  hours: ["Tunteja", "Hours"],
  notFound: ["Sivua ei löydy.", "No such page."],
  scoresLegend: ["{label}: {scale}", "{label}: {scale}"],
  chooseFirst: ["Valitse ensin {field}.", "Choose {field} first."],
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
  const pair = STRINGS[key];
  const text = pair ? pair[lang === "en" ? 1 : 0] : key;
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
  const match = messageTable.find(([pattern]) => pattern.test(message));
  const text = match ? message.replace(match[0], match[1]) : message;
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (iso) => formatDate(iso));
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
