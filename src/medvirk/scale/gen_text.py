"""Word lists for the generated data. Every name built from them is invented, except
the kommuner and fylker, which come from the bundled region table."""

from __future__ import annotations

from medvirk.common.demo import FIRST_NAMES as DEMO_FIRST_NAMES
from medvirk.common.demo import LAST_NAMES as DEMO_LAST_NAMES

FIRST_NAMES: list[str] = [
    *DEMO_FIRST_NAMES,
    "Anne",
    "Hans",
    "Berit",
    "Knut",
    "Grete",
    "Svein",
    "Inger",
    "Odd",
    "Nora",
    "Emil",
    "Sara",
    "Magnus",
    "Ida",
    "Henrik",
    "Emma",
    "Tobias",
    "Leah",
    "Noah",
    "Amina",
    "Yusuf",
    "Agnieszka",
    "Piotr",
    "Olena",
    "Ali",
    "Maja",
    "Filip",
    "Hedda",
    "Sander",
    "Vilde",
    "Jakob",
    "Sofie",
    "Mathias",
    "Ellen",
    "Áslat",
    "Máret",
    "Kristin",
]
LAST_NAMES: list[str] = [
    *DEMO_LAST_NAMES,
    "Pedersen",
    "Andersen",
    "Karlsen",
    "Jensen",
    "Kristiansen",
    "Halvorsen",
    "Jakobsen",
    "Andreassen",
    "Pettersen",
    "Svendsen",
    "Aas",
    "Lund",
    "Holm",
    "Sæther",
    "Hagen",
    "Brekke",
    "Eide",
    "Vik",
    "Myhre",
    "Rønning",
    "Ahmed",
    "Hussain",
    "Nowak",
    "Kowalski",
    "Khan",
    "Sara",
    "Gaup",
    "Bjørnstad",
    "Fjeld",
    "Tangen",
]

# Invented kommune names (prefix + stem), for kommuner beyond the region table.
PLACE_PREFIXES = [
    "Nord",
    "Sør",
    "Øst",
    "Vest",
    "Stor",
    "Lille",
    "Ny",
    "Fjell",
    "Elve",
    "Sol",
    "Skog",
    "Berg",
    "Strand",
    "Kvern",
    "Lyng",
    "Myr",
    "Ås",
    "Furu",
    "Sel",
    "Rype",
]
PLACE_STEMS = [
    "vik",
    "dal",
    "fjord",
    "nes",
    "øy",
    "haug",
    "sand",
    "stad",
    "heim",
    "li",
    "voll",
    "mo",
    "rud",
    "bø",
    "land",
    "sund",
    "å",
    "ås",
    "berg",
    "bakken",
    "eid",
    "holm",
    "strand",
    "seter",
    "vang",
]

# National user organisations: a pattern and a target group (lower case).
NATIONAL_PATTERNS = [
    "Landsforeningen for {tg}",
    "Norsk forbund for {tg}",
    "Interesseorganisasjonen for {tg}",
    "Pårørendeforeningen for {tg}",
    "Ungdomsnettverket for {tg}",
    "Foreningen for {tg} i Norge",
    "Brukerforbundet for {tg}",
    "Landsnettverket for {tg}",
    "Norsk råd for {tg}",
    "Likepersonsforeningen for {tg}",
    "Seniorforbundet for {tg}",
    "Familieforbundet for {tg}",
]
NATIONAL_UMBRELLAS = [
    "Fellesrådet for brukerorganisasjoner",
    "Samarbeidsforumet for helse og mestring",
    "Paraplyen for funksjonshemmedes organisasjoner",
    "Fellesorganisasjonen for pårørende",
    "Samarbeidsrådet for eldre",
    "Nettverket for rus og psykisk helse",
    "Forum for kronisk syke",
    "Samarbeidsrådet for barn og unge",
]
COUNTY_UMBRELLA = "Fellesrådet for brukerorganisasjoner i {fylke}"

HF_PREFIX = "Helseforetaket"
RHF_NAMES = ["Helse Nordvest RHF", "Helse Sørøst RHF", "Helse Midtre RHF", "Helse Nordre RHF"]
COMPETENCE_CENTRES = [
    "Nasjonalt kompetansesenter for brukermedvirkning",
    "Regionalt kompetansesenter for rusfeltet",
    "Nasjonal kompetansetjeneste for sjeldne tilstander",
    "Kompetansesenter for psykisk helse og rus",
    "Nasjonalt senter for aldring og helse",
    "Kompetansesenter for tegnspråk og syn",
]
STATE_AGENCIES = [
    "Direktoratet for helsetjenester",
    "Direktoratet for likestilling og tilgjengelighet",
    "Statens tilsyn med helse og velferd",
    "Direktoratet for barn og familie",
    "Direktoratet for arbeid og inkludering",
]

ORG_DESCRIPTIONS = [
    "Vi arbeider for likeverd og deltakelse for våre medlemmer.",
    "Organisasjonen gir råd, likepersonsstøtte og kurs til medlemmer og pårørende.",
    "Vi er en medlemsorganisasjon som påvirker politikk og tjenester på vårt område.",
    "Vi samler erfaringer fra medlemmene og bringer dem inn i råd og utvalg.",
    "",
]
SERVICE_DESCRIPTIONS = [
    "Tjenesteyter med brukerråd og medvirkning på systemnivå.",
    "Offentlig tjenesteyter. Kontakt sekretariatet for brukermedvirkning.",
    "",
]

ARENA_TOPICS = [
    "psykisk helse",
    "rus",
    "habilitering",
    "rehabilitering",
    "kreftbehandling",
    "barn og unge",
    "eldre",
    "digitale tjenester",
    "nytt sykehusbygg",
    "pasientreiser",
    "tilgjengelighet",
    "kvalitet og pasientsikkerhet",
    "hjemmetjenester",
    "kollektivtransport",
    "kultur og fritid",
    "arbeid og inkludering",
    "bolig",
    "skole",
]
CLINICS = [
    "Klinikk for psykisk helse og rus",
    "Medisinsk klinikk",
    "Kirurgisk klinikk",
    "Barne- og ungdomsklinikken",
    "Kvinneklinikken",
    "Nevroklinikken",
    "Hjerte- og lungeklinikken",
    "Kreftklinikken",
    "Akuttklinikken",
    "Ortopedisk klinikk",
]
MANDATES = [
    "<p>Arenaen skal sikre at brukernes erfaringer blir hørt i planlegging, "
    "utvikling og evaluering av tjenestene.</p>",
    "<p>Rådet er et rådgivende organ og skal uttale seg i saker som gjelder "
    'målgruppen, i tråd med <a href="https://lovdata.no/">forskriften</a>.</p>',
    "<p>Gruppen gir råd i prosjektets faser og møtes etter en fast plan.</p>",
]

ITEM_TITLES: dict[str, list[str]] = {
    "information": [
        "Orientering om {topic}",
        "Status for arbeidet med {topic}",
        "Nytt fra sekretariatet",
        "Orientering fra administrasjonen",
        "Rapport fra konferanse om {topic}",
        "Referatsaker",
    ],
    "discussion": [
        "Drøfting: {topic}",
        "Innspill til plan for {topic}",
        "Erfaringer med {topic}",
        "Arbeidsplan for rådet",
        "Møteplan for neste år",
        "Evaluering av brukermedvirkningen",
    ],
    "statement": [
        "Høring: {topic}",
        "Uttalelse om {topic}",
        "Budsjett og økonomiplan",
        "Råd om {topic}",
        "Høring om endringer i tjenestetilbudet",
        "Uttalelse til handlingsplan for {topic}",
        "Universell utforming av {topic}",
    ],
    "election": [
        "Valg av leder og nestleder",
        "Valg av representant til arbeidsgruppe",
        "Valg av delegat til konferanse",
    ],
}
ITEM_DESCRIPTIONS = [
    "<p>Saken legges fram for rådet til orientering.</p>",
    "<p>Sekretariatet ber om rådets innspill. Se vedlagte saksframlegg.</p>",
    "<p>Administrasjonen orienterer, og rådet drøfter saken.</p>",
    "<p>Høringsfristen er satt av departementet. Rådet bes gi en uttalelse.</p>",
    "",
]
CLOSED_NOTES = [
    "Saken gjelder enkeltpersoner.",
    "Dokumentene inneholder taushetsbelagte opplysninger.",
    "Saken gjelder forhandlinger som ikke er avsluttet.",
]
STATEMENTS = [
    "Rådet tok saken til orientering.",
    "Rådet støtter forslaget og ber om at brukerne tas med i det videre arbeidet.",
    "Rådet ber om at tilgjengelighet prioriteres i budsjettet.",
    "Rådet mener forslaget bør utredes nærmere før vedtak.",
    "Rådet ga innspill, som sekretariatet tar med i det videre arbeidet.",
    "Vedtaket var enstemmig.",
]
DOCUMENT_TITLES = [
    "Saksframlegg",
    "Vedlegg 1",
    "Vedlegg 2",
    "Høringsnotat",
    "Presentasjon",
    "Rapport",
    "Kart og tegninger",
    "Budsjettoversikt",
]
PROPOSAL_TITLES = [
    "Teleslynge i møtesalene",
    "Bedre informasjon om {topic}",
    "Ventetid for {topic}",
    "Tilgjengelige nettsider",
    "Brukerrepresentant i arbeidsgruppe for {topic}",
    "Parkering for forflytningshemmede",
    "Tolk på informasjonsmøter",
    "Kveldsåpent tilbud innen {topic}",
]
PROPOSAL_WHY = [
    "Mange medlemmer opplever at tilbudet er vanskelig å bruke.",
    "Dagens ordning stenger noen ute.",
    "Vi får mange henvendelser om dette.",
]
PROPOSAL_SOLUTIONS = [
    "Rådet bør be om en plan for å rette dette.",
    "Tjenesten bør prøve en ny ordning i ett år og evaluere den.",
    "Brukerne bør tas med når løsningen utformes.",
]
DECLINE_REASONS = [
    "Saken ligger utenfor rådets mandat.",
    "Saken ble behandlet i forrige møte.",
]
ADVICE_TEXTS: dict[str, str] = {
    "received": "Rådet er mottatt og sendt til fagavdelingen.",
    "considering": "Saken er til behandling i fagavdelingen.",
    "followed": "Rådet er fulgt i sin helhet.",
    "partly": "Rådet er delvis fulgt. Resten vurderes i neste budsjett.",
    "not_followed": "Rådet følges ikke nå: tiltaket er ikke finansiert.",
    "implemented": "Tiltakene er gjennomført og tatt i bruk.",
}
BODIES = ["Kommunestyret", "Styret i helseforetaket", "Fylkestinget", "Direktøren"]
REPORT_DISCUSSED = [
    "Rådet drøftet høringen og budsjettet.",
    "Møtet handlet mest om tilgjengelighet og ventetider.",
]
REPORT_CONTRIBUTED = [
    "Jeg la fram medlemmenes erfaringer.",
    "Jeg foreslo at brukerne tas med i arbeidsgruppen.",
]
REPORT_FOLLOW_UP = [
    "Organisasjonen bør sende egen høringsuttalelse innen fristen.",
    "Ingen oppfølging trengs nå.",
]
INPUTS = [
    "Medlemmene våre er opptatt av tilgjengelighet i denne saken.",
    "Vi ber representanten ta opp ventetidene.",
    "Husk erfaringene fra medlemsmøtet i vår.",
]
PLACES = [
    ("Rådhuset, møterom 3", "Rådhusplassen 1"),
    ("Administrasjonsbygget, møterom Fjorden", "Sykehusveien 12"),
    ("Kulturhuset, lille sal", "Storgata 20"),
    ("Nav-kontoret, møterom 1", "Torget 4"),
    ("Frivilligsentralen", "Kirkegata 7"),
]
