"""The template a service writes its routine for user involvement from: one section per
field of ``RoutineVersion``, each with a heading, guidance on what to write and a first
text the service adapts (the first draft starts from these)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    field: str
    heading: Any  # lazy strings
    guidance: Any
    starter: Any


SECTIONS: tuple[Section, ...] = (
    Section(
        "when_to_involve",
        _("Når vi involverer brukerne"),
        _(
            "Skriv hvilke saker og hvilket arbeid brukerne alltid skal være med på, og når i "
            "arbeidet de kommer inn. Jo tidligere, jo mer kan de påvirke. Nevn også når dere "
            "velger å ikke involvere, og hvorfor."
        ),
        _(
            "Vi involverer brukerne når vi planlegger nye tjenester, endrer eksisterende "
            "tjenester, lager planer og budsjett, og når vi evaluerer det vi gjør. Brukerne "
            "kommer med før vi har bestemt oss, mens det fortsatt er mulig å endre retning."
        ),
    ),
    Section(
        "choosing_arena",
        _("Hvordan vi velger arena"),
        _(
            "Forklar hvordan dere bestemmer om en sak skal til et fast råd eller utvalg, en "
            "referansegruppe, et brukerpanel eller en konferanse, og hvor mye innflytelse "
            "brukerne skal ha. Veiviseren for valg av arena kan hjelpe."
        ),
        _(
            "Saker som gjelder mange brukere over tid, legger vi fram for det faste rådet "
            "eller utvalget. Avgrensede prosjekter får en referansegruppe eller en "
            "prosjektgruppe med brukere. Når vi trenger erfaringer fra mange, bruker vi et "
            "brukerpanel eller en dialogkonferanse. Vi sier alltid fra på forhånd hvor mye "
            "brukerne kan bestemme."
        ),
    ),
    Section(
        "recruiting",
        _("Rekruttering gjennom brukerorganisasjonene"),
        _(
            "Skriv hvordan dere ber brukerorganisasjonene foreslå representanter, hvor lang "
            "tid de får, og hvordan dere sikrer bredde i alder, kjønn, bakgrunn og erfaring. "
            "Skriv også hva representantene får av opplæring og godtgjøring."
        ),
        _(
            "Vi ber brukerorganisasjonene for målgruppen om å foreslå representanter, og gir "
            "dem minst fire uker til å svare. Representantene taler for organisasjonen, ikke "
            "bare for seg selv. Nye representanter får opplæring, og alle får godtgjøring "
            "etter våre satser."
        ),
    ),
    Section(
        "reporting_back",
        _("Tilbakemelding til brukerne"),
        _(
            "Skriv hvordan og når dere forteller brukerne hva som ble gjort med rådene "
            "deres, også når dere valgte noe annet. Uten tilbakemelding slutter folk å "
            "stille opp."
        ),
        _(
            "Vi svarer på hvert råd innen svarfristen og forteller hva vi gjorde med det. "
            "Når vi gjør noe annet enn brukerne rådet til, forklarer vi hvorfor. Svarene "
            "ligger åpent i Medvirk."
        ),
    ),
    Section(
        "annual_report",
        _("Dokumentasjon i årsrapporten"),
        _(
            "Skriv hvordan brukermedvirkningen skal vises i tjenestens årsrapport: hvilke "
            "arenaer som har møttes, hvilke saker brukerne har vært med på, og hva det "
            "førte til."
        ),
        _(
            "Årsrapporten har et eget avsnitt om brukermedvirkning. Det bygger på "
            "medvirkningsloggen i Medvirk og viser arenaene, sakene brukerne ga råd i, og "
            "hvilke endringer rådene førte til."
        ),
    ),
)
SECTION_FIELDS = tuple(section.field for section in SECTIONS)
