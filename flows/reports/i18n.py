"""Finnish and English: the reports' words, and numbers and dates formatted
with Babel (decimal comma and non-breaking thousands space in Finnish)."""
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from services.shared import codelists, definitions

LANGUAGES = ("fi", "en")
LOCALES = {"fi": "fi_FI", "en": "en_GB"}
MISSING = "–"

WORDS = {
    "region_report": {"fi": "Alueraportti", "en": "Region report"},
    "social_report": {"fi": "Sosiaalinen raportti", "en": "Social report"},
    "period": {"fi": "Ajanjakso", "en": "Period"},
    "generated": {"fi": "Laadittu", "en": "Generated"},
    "region": {"fi": "Alue", "en": "Region"},
    "measure": {"fi": "Tunnusluku", "en": "Measure"},
    "note": {"fi": "Huomautus", "en": "Note"},
    "scope": {"fi": "Laajuus", "en": "Scope"},
    "project": {"fi": "Koko hanke", "en": "Whole project"},
    "target": {"fi": "Tavoite", "en": "Target"},
    "attainment": {"fi": "Toteuma", "en": "Attainment"},
    "share": {"fi": "Osuus", "en": "Share"},
    "visits": {"fi": "Jalkautumiskerrat", "en": "Outreach visits"},
    "contacts": {"fi": "Kontaktoidut henkilöt", "en": "People contacted"},
    "people_present": {"fi": "Paikalla olleet", "en": "People present"},
    "mean_worker_rating": {"fi": "Työntekijän kokemus, ka. (1–5)", "en": "Worker's rating, mean (1–5)"},
    "suitability_4_or_more_share": {"fi": "Soveltuvuus vähintään 4", "en": "Suitability 4 or more"},
    "finance_share": {"fi": "Talouteen liittyvä aihe", "en": "A finance-related topic"},
    "outreach": {"fi": "Jalkautuminen", "en": "Outreach"},
    "nature": {"fi": "Jalkautumisen luonne", "en": "Nature of the visits"},
    "topics": {"fi": "Käsitellyt asiat", "en": "Topics discussed"},
    "top_venues": {"fi": "Tärkeimmät jalkautumispaikat", "en": "Main venues"},
    "venue": {"fi": "Paikka", "en": "Venue"},
    "assessment": {"fi": "Mittarikokeilut", "en": "Measurements"},
    "instrument": {"fi": "Mittari", "en": "Instrument"},
    "round_1": {"fi": "Mittaus 1", "en": "Round 1"},
    "form_1": {"fi": "Lomake 1", "en": "Form 1"},
    "round_2": {"fi": "Mittaus 2", "en": "Round 2"},
    "form_2": {"fi": "Lomake 2", "en": "Form 2"},
    "retention": {"fi": "Pysyvyys", "en": "Retention"},
    "change": {"fi": "Muutos alkumittauksesta", "en": "Change from baseline"},
    "domain": {"fi": "Osa-alue", "en": "Domain"},
    "mean_change": {"fi": "Muutos, ka.", "en": "Mean change"},
    "n": {"fi": "n", "en": "n"},
    "small_sample": {"fi": "Pieni otos: tulkitse varoen", "en": "Small sample: interpret with care"},
    "clients": {"fi": "Asiakkaat", "en": "Clients"},
    "registered": {"fi": "Rekisteröidyt asiakkaat", "en": "Registered clients"},
    "mean_age": {"fi": "Keski-ikä", "en": "Mean age"},
    "unemployed_share": {"fi": "Työttömien osuus", "en": "Unemployed"},
    "mean_months_out_of_work": {"fi": "Työttömyyden kesto, kk (ka.)", "en": "Months out of work, mean"},
    "groups": {"fi": "Ryhmätoiminnot", "en": "Group work"},
    "groups_count": {"fi": "Ryhmät", "en": "Groups"},
    "participants": {"fi": "Osallistujat", "en": "Participants"},
    "sessions": {"fi": "Tapaamiset", "en": "Sessions"},
    "group_hours": {"fi": "Ryhmätunnit", "en": "Group hours"},
    "survey": {"fi": "Elämänhallinta ja osallisuus", "en": "Life management and participation"},
    "composition": {"fi": "Osallistujien taustatiedot", "en": "Participants' background"},
    "characteristic": {"fi": "Taustatieto", "en": "Characteristic"},
    "gender": {"fi": "Sukupuoli", "en": "Gender"},
    "labour_market_status": {"fi": "Työmarkkina-asema", "en": "Labour market status"},
    "primary_reason": {"fi": "Ensisijainen syy", "en": "Primary reason"},
    "referred_by": {"fi": "Ohjautui", "en": "Referred by"},
    "lives_alone": {"fi": "Asuu yksin", "en": "Lives alone"},
    "feedback": {"fi": "Palaute", "en": "Feedback"},
    "item": {"fi": "Väittämä", "en": "Statement"},
    "start": {"fi": "Alussa, ka.", "en": "At start, mean"},
    "end": {"fi": "Lopussa, ka.", "en": "At end, mean"},
    "reverse_note": {"fi": "Väittämä 5 (yksinäisyys) on käännetty: suurempi on parempi kaikissa.",
                     "en": "Item 5 (loneliness) is reverse-scored: higher is better throughout."},
    "reach": {"fi": "Tavoitetut", "en": "Reach"},
    "workers": {"fi": "Työntekijät", "en": "Workers"},
    "suppression_note": {"fi": "Alle {limit} henkilön solut näytetään muodossa <{limit}; merkintä .. tarkoittaa, "
                                "että luku on jätetty pois, jottei pieni luku paljastuisi summasta.",
                         "en": "Cells of fewer than {limit} people are shown as <{limit}; .. marks a figure "
                               "withheld so that a small one cannot be recovered from a total."},
    "observations": {"fi": "Kirjatut havainnot", "en": "Observations recorded"},
    "previous_year": {"fi": "Edellinen vuosi", "en": "Previous year"},
    "year": {"fi": "Vuosi", "en": "Year"},
    "municipality": {"fi": "Kunta", "en": "Municipality"},
    "difference": {"fi": "Muutos", "en": "Change"},
    "no_observations": {"fi": "Ei kirjattuja havaintoja.", "en": "No observations recorded."},
    "tables": {"fi": "Taulukot (CSV)", "en": "Tables (CSV)"},
    "page": {"fi": "Sivu", "en": "Page"},
    "chart_withheld": {"fi": "Kuvaa ei piirretä: kaikki sen luvut on jätetty pois, koska ne koskevat alle viittä "
                             "henkilöä tai paljastaisivat pienen luvun.",
                       "en": "No chart: every figure in it is withheld because it concerns fewer than five people "
                             "or would reveal a small figure."},
    "chart_empty": {"fi": "Kuvaa ei piirretä: ajanjaksolta ei ole lukuja.",
                    "en": "No chart: there are no figures for the period."},
    "mean": {"fi": "ka.", "en": "mean"},
    "respondents": {"fi": "vastaajat", "en": "respondents"},
    "paired_change": {"fi": "Muutos, samat vastaajat, ka.", "en": "Change, same respondents, mean"},
    "paired_note": {"fi": "Alussa ja Lopussa ovat kaikkien kyseisessä vaiheessa vastanneiden keskiarvot. Muutos "
                          "lasketaan vain niistä, jotka vastasivat sekä alussa että lopussa (samat henkilöt), joten "
                          "se voi poiketa erotuksesta Lopussa − Alussa. Keskiarvoa ei julkaista, jos vastaajia on "
                          "alle {limit}.",
                    "en": "At start and At end are the means of everyone who answered at that point. The change "
                          "is computed over those who answered both at the start and at the end (the same people), "
                          "so it may differ from At end − At start. A mean over fewer than {limit} respondents is "
                          "withheld."},
    "group": {"fi": "Ryhmä", "en": "Group"},
    "activity": {"fi": "Toiminta", "en": "Activity"},
    "no_groups": {"fi": "Kunnassa ei ollut ryhmätoimintaa vuonna {year}.",
                  "en": "The municipality had no group work in {year}."},
    "no_rows": {"fi": "Ei tietoja ajanjaksolta.", "en": "Nothing recorded in the period."},
    "observations_note": {"fi": "Havainnot julkaistaan aiheittain ilman päivämäärää ja paikkaa; kotikäyntien ja "
                                "asiakkaiden kodeissa kirjattuja havaintoja ei julkaista.",
                          "en": "Observations are published by topic, without dates or places; those recorded on "
                                "home visits or in clients' homes are not published."},
    "legend": {"fi": "Selite", "en": "Legend"},
    "mark": {"fi": "Merkintä", "en": "Mark"},
    "meaning": {"fi": "Merkitys", "en": "Meaning"},
    "primary_mark": {"fi": "Alle {limit} henkilöä: lukua ei julkaista.",
                     "en": "Fewer than {limit} people: the figure is not published."},
    "secondary_mark": {"fi": "Luku on jätetty pois, jottei pieni luku paljastuisi summasta.",
                       "en": "Withheld so that a small figure cannot be recovered from a total."},
    "missing_mark": {"fi": "Ei laskettavissa (ei havaintoja tai keskiarvo jätetty pois).",
                     "en": "Not available (nothing to compute, or a mean withheld)."},
    "report": {"fi": "Raportti", "en": "Report"},
    "client_feedback": {"fi": "Asiakaspalaute", "en": "Client feedback"},
    "feedback_links": {"fi": "Palautelinkit", "en": "Feedback links"},
    "feedback_answers": {"fi": "Vastaukset", "en": "Answers"},
    "feedback_response_rate": {"fi": "Vastausaste", "en": "Response rate"},
    "feedback_comments": {"fi": "Kommentteja (ei julkaista)", "en": "Comments (never published)"},
    "feedback_items": {"fi": "Asiakaspalautteen kysymykset (1–5)", "en": "Client feedback items (1–5)"},
    "feedback_quarters": {"fi": "Asiakaspalaute neljänneksittäin", "en": "Client feedback per quarter"},
    "feedback_overall": {"fi": "Kokonaisarvio, ka.", "en": "Overall rating, mean"},
    "feedback_project_overall": {"fi": "Hanke: kokonaisarvio, ka.", "en": "Project: overall rating, mean"},
    "quarter": {"fi": "Neljännes", "en": "Quarter"},
    "feedback_note": {"fi": "Linkit ja vastaukset lasketaan tapaamisen päivän mukaan, joten vastausaste on "
                            "kunkin jakson tapaamisista annettujen vastausten osuus. Keskiarvoa ei julkaista alle "
                            "{limit} vastauksesta; kommenttien tekstiä ei julkaista.",
                      "en": "Links and answers are counted by the day of the encounter, so the response rate is "
                            "the share of a period's encounters that were answered. No mean is published over "
                            "fewer than {limit} answers; comments' text is never published."},
}


def word(key, lang):
    return WORDS[key][lang]


def code_label(codelist, code, lang):
    entries = codelists.get(codelist).entries
    return entries[code][lang] if code in entries else code


def instrument_label(code, lang):
    instrument = definitions.instrument(code)
    return instrument[lang] if instrument else code


def domain_label(instrument_code, domain, lang):
    instrument = definitions.instrument(instrument_code) or {"domains": []}
    return next((d[lang] for d in instrument["domains"] if d["code"] == domain), domain)


def survey_item_label(code, lang):
    item = next((i for i in definitions.survey_items() if i["code"] == code), None)
    return f"{item['number']}. {item[lang]}" if item else code


def feedback_item_label(code, lang):
    item = next((i for i in definitions.feedback_items() if i["code"] == code), None)
    return item[lang] if item else code


def number(value, lang, decimals=None):
    """A count or a mean; suppressed marks and missing values pass through."""
    if value is None:
        return MISSING
    if isinstance(value, str):
        return value
    if decimals is None:
        decimals = 0 if isinstance(value, int) else 2
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def percent(value, lang):
    if value is None:
        return MISSING
    if isinstance(value, str):
        return value
    return format_percent(value, format="#,##0.0 %" if lang == "fi" else "#,##0.0%", locale=LOCALES[lang])


def signed(value, lang):
    if value is None or isinstance(value, str):
        return number(value, lang)
    value = abs(value) if value == 0 else value  # never "-0,00"
    text = number(value, lang, 0 if isinstance(value, int) else 2)
    return text if value <= 0 else f"+{text}"


def day(value, lang):
    return format_date(value, format="d.M.yyyy" if lang == "fi" else "d MMM yyyy", locale=LOCALES[lang])
