"""The client's feedback page: one server-rendered form, no scripts, no
login, in Finnish, Swedish or English, that works on any phone. Every state
(the form, thanks, and each reason a link does not open) is a clear page."""
import functools
import logging
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from werkzeug.wrappers import Response

from services.shared import definitions
from services.assessment.feedback import FAILURE_WINDOW
from services.shared.payloads.feedback import LANGUAGES

log = logging.getLogger(__name__)
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                        autoescape=select_autoescape(["html"]))
LANGUAGE_NAMES = [("fi", "Suomeksi"), ("sv", "På svenska"), ("en", "In English")]
HEADERS = {
    # No scripts at all; the one inline style block is the page's own.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    # The token is in the address: never sent on to another site.
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
STATUS = {"form": 200, "thanks": 201, "unknown": 404, "used": 410, "expired": 410, "too_many": 429, "error": 503}

TEXT = {
    "fi": {
        "title": "Asiakaspalaute", "languages": "Kieli",
        "intro": "Kiitos, että kerrot kokemuksestasi. Vastaaminen vie noin minuutin.",
        "anonymous": "Vastauksesi on nimetön: emme kysy nimeäsi emmekä tallenna, kuka vastasi. "
                     "Tätä linkkiä voi käyttää vain kerran.",
        "skip": "Voit jättää kysymyksiä vastaamatta.", "send": "Lähetä palaute",
        "fix": "Tarkista vastauksesi:", "thanks_title": "Kiitos palautteestasi!",
        "thanks": "Palautteesi on tallennettu. Voit sulkea tämän sivun.",
        "unknown_title": "Linkkiä ei löydy",
        "unknown": "Tätä palautelinkkiä ei ole olemassa. Tarkista, että kirjoitit osoitteen oikein, "
                   "tai pyydä työntekijältä uusi linkki.",
        "used_title": "Palaute on jo annettu",
        "used": "Tällä linkillä on jo vastattu, ja kullakin linkillä voi vastata vain kerran.",
        "expired_title": "Linkki on vanhentunut",
        "expired": "Tämän palautelinkin voimassaolo on päättynyt. Voit pyytää työntekijältä uuden linkin.",
        "too_many_title": "Liian monta yritystä",
        "too_many": "Tästä osoitteesta on yritetty liian monta toimimatonta linkkiä. Yritä myöhemmin uudelleen.",
        "unreadable": "Vastausta ei voitu lukea.",
        "missing": "Vastaa vähintään yhteen kysymykseen tai kirjoita kommentti.",
        "too_long": "Kommentti on liian pitkä.",
        "hetu": "Kommentissa näyttää olevan henkilötunnus. Poista se: palaute on nimetön.",
        "text": "Kommentissa on merkkejä, joita ei voi tallentaa.",
        "error_title": "Palvelu ei juuri nyt vastaa",
        "error": "Palautetta ei voitu käsitellä juuri nyt. Linkkisi on yhä voimassa: yritä hetken kuluttua uudelleen.",
    },
    "sv": {
        "title": "Klientrespons", "languages": "Språk",
        "intro": "Tack för att du berättar om din erfarenhet. Det tar ungefär en minut att svara.",
        "anonymous": "Ditt svar är anonymt: vi frågar inte efter ditt namn och sparar inte vem som svarade. "
                     "Länken kan användas bara en gång.",
        "skip": "Du kan hoppa över frågor.", "send": "Skicka respons",
        "fix": "Kontrollera dina svar:", "thanks_title": "Tack för din respons!",
        "thanks": "Din respons har sparats. Du kan stänga sidan.",
        "unknown_title": "Länken finns inte",
        "unknown": "Den här responslänken finns inte. Kontrollera adressen eller be arbetstagaren om en ny länk.",
        "used_title": "Responsen har redan getts",
        "used": "Den här länken har redan använts, och varje länk kan användas bara en gång.",
        "expired_title": "Länken har gått ut",
        "expired": "Den här responslänken är inte längre giltig. Du kan be arbetstagaren om en ny länk.",
        "too_many_title": "För många försök",
        "too_many": "Alltför många länkar som inte fungerar har prövats från den här adressen. Försök senare.",
        "unreadable": "Svaret kunde inte läsas.",
        "missing": "Svara på minst en fråga eller skriv en kommentar.",
        "too_long": "Kommentaren är för lång.",
        "hetu": "Kommentaren verkar innehålla en personbeteckning. Ta bort den: responsen är anonym.",
        "text": "Kommentaren innehåller tecken som inte kan sparas.",
        "error_title": "Tjänsten svarar inte just nu",
        "error": "Responsen kunde inte behandlas just nu. Din länk gäller fortfarande: försök igen om en stund.",
    },
    "en": {
        "title": "Client feedback", "languages": "Language",
        "intro": "Thank you for telling us how it went. Answering takes about a minute.",
        "anonymous": "Your answer is anonymous: we do not ask your name or store who answered. "
                     "This link works only once.",
        "skip": "You may skip questions.", "send": "Send feedback",
        "fix": "Please check your answers:", "thanks_title": "Thank you for your feedback!",
        "thanks": "Your feedback has been saved. You can close this page.",
        "unknown_title": "Link not found",
        "unknown": "This feedback link does not exist. Check the address, or ask the worker for a new link.",
        "used_title": "Feedback already given",
        "used": "This link has already been used to answer, and each link can be used only once.",
        "expired_title": "The link has expired",
        "expired": "This feedback link is no longer valid. You can ask the worker for a new link.",
        "too_many_title": "Too many attempts",
        "too_many": "Too many links that do not work have been tried from this address. Please try again later.",
        "unreadable": "The answer could not be read.",
        "missing": "Answer at least one question or write a comment.",
        "too_long": "The comment is too long.",
        "hetu": "The comment seems to contain a personal identity code. Please remove it: feedback is anonymous.",
        "text": "The comment contains characters that cannot be saved.",
        "error_title": "The service is not answering right now",
        "error": "Your feedback could not be handled right now. Your link still works: please try again in a moment.",
    },
}


def choose_language(requested, link_language, accept_language):
    if requested in LANGUAGES:
        return requested
    if link_language in LANGUAGES:
        return link_language
    best = accept_language.best_match(LANGUAGES) if accept_language else None
    return best or "fi"


def _items(lang):
    definition = definitions.client_feedback()
    return [{"code": item["code"], "label": item[lang],
             "choices": list(enumerate(definition["scales"][item["scale"]][lang], start=1))}
            for item in definition["items"]]


def page(state, lang, errors=(), given=None, status=None):
    comment = definitions.client_feedback()["comment"]
    html = TEMPLATES.get_template("feedback.html").render(
        state=state, lang=lang, t=TEXT[lang], languages=LANGUAGE_NAMES, items=_items(lang),
        errors=[TEXT[lang].get(message, message) for message in errors], given=given or {},
        comment_label=comment[lang], comment_max=comment["max_length"])
    headers = {**HEADERS, **retry_after(state)}
    return Response(html, status=status or STATUS[state], mimetype="text/html", headers=headers)


def retry_after(state):
    """When an address that tried too many dead links may try again: the
    failures it is judged by expire after the window."""
    return {"Retry-After": str(int(FAILURE_WINDOW.total_seconds()))} if state == "too_many" else {}


def page_endpoint(handler):
    """A client never gets a bare 500: whatever fails, a page says the link
    still works (nothing was stored: the answer is one transaction)."""

    @functools.wraps(handler)
    def wrapper(self, request, *args, **kwargs):
        try:
            return handler(self, request, *args, **kwargs)
        except Exception:
            log.exception("feedback page failed")
            return page("error", choose_language(request.args.get("lang"), None, request.accept_languages))

    return wrapper
