"""The default items a service starts from, per audience (the same for every arena
kind until the service changes them). Kept as keys (unique across audiences) with translated text: an item the
service has not edited shows its default in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from medvirk.onboarding.enums import Audience, AutoCheck


@dataclass(frozen=True)
class DefaultItem:
    key: str
    title: Promise
    description: Promise
    auto: str = AutoCheck.NONE


MEMBER_ITEMS = (
    DefaultItem(
        "mandate",
        _("Les mandatet"),
        _("Mandatet forteller hva arenaen skal jobbe med og hvilke saker den gir råd om."),
    ),
    DefaultItem(
        "meeting_plan",
        _("Finn møteplanen i kalenderen"),
        _("Legg møtene inn i din egen kalender, så du vet når du skal delta."),
        AutoCheck.MEETING_PLAN,
    ),
    DefaultItem(
        "meet_secretariat",
        _("Møt sekretariatet"),
        _("Sekretariatet forbereder møtene og kan svare på spørsmål om vervet."),
    ),
    DefaultItem(
        "basic_course",
        _("Ta grunnkurset for brukerrepresentanter"),
        _("Kurset gir deg det du trenger for å bruke erfaringene dine i vervet."),
        AutoCheck.BASIC_COURSE,
    ),
    DefaultItem(
        "contact_person",
        _("Avtal en kontaktperson i organisasjonen din"),
        _("Kontaktpersonen er den du kan drøfte saker med og melde tilbake til."),
    ),
    DefaultItem(
        "compensation",
        _("Registrer opplysninger for godtgjøring"),
        _("Fødselsnummer og kontonummer trengs for at du skal få godtgjøring for møtene."),
        AutoCheck.PAYMENT_DETAILS,
    ),
    DefaultItem(
        "rules_of_procedure",
        _("Les reglementet for arenaen"),
        _("Reglementet beskriver hvordan møtene går for seg og hvordan saker behandles."),
    ),
)

SECRETARIAT_ITEMS = (
    DefaultItem(
        "involvement_routine",
        _("Gå gjennom rutinen for medvirkning"),
        _("Rutinen sier når og hvordan arenaen skal trekkes inn i saker."),
    ),
    DefaultItem(
        "secretariat_mandate",
        _("Sett deg inn i mandatet"),
        _("Du skal kunne forklare nye medlemmer hva arenaen skal jobbe med."),
    ),
    DefaultItem(
        "secretariat_meeting_plan",
        _("Lag møteplanen"),
        _("Legg inn årets møter, så medlemmene kan planlegge."),
        AutoCheck.MEETING_PLAN,
    ),
    DefaultItem(
        "budget",
        _("Sjekk budsjettet for godtgjøring"),
        _("Finn ut hvor mye som er satt av til godtgjøring og hvem som godkjenner krav."),
    ),
)

DEFAULT_ITEMS = {Audience.MEMBER: MEMBER_ITEMS, Audience.SECRETARIAT: SECRETARIAT_ITEMS}
BY_KEY = {item.key: item for items in DEFAULT_ITEMS.values() for item in items}
