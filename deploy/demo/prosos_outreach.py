"""A deterministic outreach data set for the eight PRO SOS partners,
2016-09 – 2019-06 (jalkautuvien sosiaalityön käytäntöjen kokeilu).

The seeds give no PRO SOS outreach figures: the visits, contacts and venues
below are invented (plausible, varied per partner, the same on every run).
Vasso (social reporting) and SONetBOTNIA (regional social work) go out
most, Chydenius least; the observations echo the project's themes, such as
the transfer of basic income support to Kela in 2017."""
from datetime import date

from deploy.demo import outreach_data
from deploy.demo.outreach_data import C, E, P, PartnerPlan
from deploy.demo.prosos_partners import PARTNERS

SEED = 2016
START, END = date(2016, 9, 1), date(2019, 6, 28)

PLANS = [
    PartnerPlan("chydenius", 24, 71, 0, [
        ("Kelan Kokkolan palvelupiste", "public_service", "272", C),
        ("Kokkolan TE-toimisto", "public_service", "272", C),
        ("Kohtaamispaikka, Kokkola", "low_threshold_meeting_place", "272", P),
        ("Kokkolan kaupunginkirjasto", "library", "272", P),
        ("Kokkolan seurakuntayhtymän diakoniatyö", "parish", "272", P),
        ("Kokkolan tori, sosiaaliturvan infopiste", "market_or_public_space", "272", E),
    ]),
    PartnerPlan("koske", 38, 142, 1, [
        ("Jyväskylän TE-toimisto", "public_service", "179", C),
        ("Kelan Jyväskylän palvelupiste", "public_service", "179", C),
        ("Jyväskylän seurakunnan diakoniatyö", "parish", "179", P),
        ("Kohtaamispaikka, Jyväskylä", "low_threshold_meeting_place", "179", P),
        ("Jyväskylän kaupunginkirjasto", "library", "179", P),
        ("Nuorten työpaja, Jyväskylä", "workshop", "179", P),
        ("Jyväskylän asumisneuvonta", "housing_service", "179", P),
        ("Jyväskylän kävelykatu, jalkautumispäivä", "market_or_public_space", "179", E),
    ]),
    PartnerPlan("pikassos", 52, 198, 1, [
        ("Tampereen TE-toimisto", "public_service", "837", C),
        ("Kelan Tampereen palvelupiste", "public_service", "837", C),
        ("Kohtaamispaikka, Tampere", "low_threshold_meeting_place", "837", P),
        ("A-kilta, Tampere", "ngo", "837", P),
        ("Hämeenlinnan kaupunginkirjasto", "library", "109", P),
        ("Hämeenlinnan seurakunnan diakoniatyö", "parish", "109", P),
        ("Porin työpaja", "workshop", "609", P),
        ("Kelan Porin palvelupiste", "public_service", "609", C),
        ("Porin kauppatori, järjestöpäivä", "market_or_public_space", "609", E),
    ]),
    PartnerPlan("socom", 46, 173, 1, [
        ("Kelan Lappeenrannan palvelupiste", "public_service", "405", C),
        ("Kohtaamispaikka, Lappeenranta", "low_threshold_meeting_place", "405", P),
        ("Imatran TE-toimisto", "public_service", "153", C),
        ("Imatran seurakunnan diakoniatyö", "parish", "153", P),
        ("Kotkan asumispalvelut", "housing_service", "285", P),
        ("Kotkan kaupunginkirjasto", "library", "285", P),
        ("Kouvolan työpaja", "workshop", "286", P),
        ("Kouvolan tori, hyvinvointipäivä", "market_or_public_space", "286", E),
    ]),
    PartnerPlan("sonetbotnia", 58, 214, 1, [
        ("Kelan Seinäjoen palvelupiste", "public_service", "743", C),
        ("Seinäjoen TE-toimisto", "public_service", "743", C),
        ("Kohtaamispaikka, Seinäjoki", "low_threshold_meeting_place", "743", P),
        ("Seinäjoen seurakunnan diakoniatyö", "parish", "743", P),
        ("Vaasan kaupunginkirjasto", "library", "905", P),
        ("Vaasan nuorisotila", "youth_facility", "905", P),
        ("Kelan Vaasan palvelupiste", "public_service", "905", C),
        ("Vaasan kauppatori, järjestötori", "market_or_public_space", "905", E),
    ]),
    PartnerPlan("verso", 34, 121, 0, [
        ("Kelan Lahden palvelupiste", "public_service", "398", C),
        ("Lahden TE-toimisto", "public_service", "398", C),
        ("Kohtaamispaikka, Lahti", "low_threshold_meeting_place", "398", P),
        ("Lahden työpaja", "workshop", "398", P),
        ("A-kilta, Lahti", "ngo", "398", P),
        ("Lahden asumisneuvonta", "housing_service", "398", P),
    ]),
    PartnerPlan("vasso", 66, 262, 2, [
        ("Kelan Turun palvelupiste", "public_service", "853", C),
        ("Turun TE-toimisto", "public_service", "853", C),
        ("Kohtaamispaikka, Turku", "low_threshold_meeting_place", "853", P),
        ("Turun kaupunginkirjasto", "library", "853", P),
        ("Turun seurakuntayhtymän diakoniatyö", "parish", "853", P),
        ("Turun nuorisotila", "youth_facility", "853", P),
        ("Turun asumisneuvonta", "housing_service", "853", P),
        ("Turun kauppatori, sosiaalisen raportoinnin infopiste", "market_or_public_space", "853", E),
    ]),
    PartnerPlan("socca", 42, 189, 1, [
        ("Kelan Helsingin palvelupiste", "public_service", "091", C),
        ("Helsingin TE-toimisto", "public_service", "091", C),
        ("Kohtaamispaikka, Helsinki", "low_threshold_meeting_place", "091", P),
        ("Helsingin kaupunginkirjasto", "library", "091", P),
        ("Espoon nuorisotila", "youth_facility", "049", P),
        ("Espoon seurakuntien diakoniatyö", "parish", "049", P),
        ("Vantaan työpaja", "workshop", "092", P),
        ("Vantaan asumisneuvonta", "housing_service", "092", P),
        ("Narinkkatori, Helsinki, pelitapahtuma", "market_or_public_space", "091", E),
    ]),
]
OBSERVATIONS = [
    "Perustoimeentulotuen Kela-siirron jälkeen asiakkaat eivät tiedä, mistä hakea täydentävää toimeentulotukea.",
    "Kelan ja kunnan sosiaalityön yhteistyö sujuu, kun yhteyshenkilöt tunnetaan.",
    "Asiakkaat toivovat palvelutarpeen arviointia ilman ajanvarausta.",
    "Tieto sosiaalisen kuntoutuksen ryhmistä ei tavoita nuoria aikuisia.",
    "Velkaneuvontaan on pitkä jono; talousasiat nousivat esiin useassa keskustelussa.",
    "Kokemusohjaajan mukanaolo madalsi kynnystä tulla juttelemaan.",
    "Vuokra-asuntojen puute näkyy: moni asuu tilapäisesti tuttavien luona.",
    "",
    "",
    "",
]


def outreach_calls(seed=SEED):
    """The PRO SOS outreach calls, and per partner the visits and contacts
    the centre should then hold (voided excluded). Home visits throughout:
    unlike ISO SOS, no partner reported them only from a later date."""
    return outreach_data.outreach_calls(seed, PLANS, partners=PARTNERS, start=START, end=END,
                                        home_visits_from=START, observations=OBSERVATIONS)
