"""A person's own data: download everything as JSON, ask to be deleted, and the
platform admin carrying the deletion out (anonymisation that keeps arena history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import rules
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import action_label, register_action
from medvirk.common.models import ActivityLog
from medvirk.people.domain.profiles import ensure_own_person
from medvirk.people.models import Accommodation, Person
from medvirk.people.notifications import send_deletion_confirmation
from medvirk.people.selectors import accommodation_reads

if TYPE_CHECKING:
    from medvirk.accounts.models import User

EXPORTED = register_action("people.data.exported", gettext_lazy("Lastet ned sine egne data"))
DELETION_REQUESTED = register_action(
    "people.deletion.requested", gettext_lazy("Ba om å få slettet kontoen sin")
)
DELETED = register_action("people.deletion.carried_out", gettext_lazy("Slettet en persons data"))

DELETED_NAME = "Slettet person"
# compensation.ClaimStatus SUBMITTED and APPROVED (the layer above: its codes, not its enum).
UNPAID_CLAIM_STATUSES = ("submitted", "approved")


class DeletionTerms(NamedTuple):
    """What a deletion keeps, each with the reason, and what it removes."""

    kept: list[tuple[str, str]]
    removed: list[str]


def deletion_terms() -> DeletionTerms:
    """The one list of what deleting an account keeps (and why) and removes: shown before
    the request, after it, to the platform admin and in the confirmation mail. Strings in
    the active language; the periods from settings (docs/operations-retention.md)."""
    log_years = settings.MEDVIRK_ACTIVITY_LOG_RETENTION_MONTHS / 12
    kept = [
        (
            _(
                "Vervene dine i råd og utvalg, og oppmøtet på møtene, under navnet «Slettet person»."
            ),
            _(
                "Hvem som satt i et råd eller utvalg og var med på et møte, er en del av "
                "tjenestenes dokumentasjon av vedtak og råd, og historikken må henge sammen."
            ),
        ),
        (
            _("Krav om godtgjøring og utbetalinger, med beløp og datoer."),
            _(
                "Bokføringsloven krever at regnskapsopplysninger og dokumentasjon (kvitteringer) "
                "oppbevares i %(years)s år etter utgangen av regnskapsåret. Kvitteringene slettes "
                "automatisk når fristen er ute."
            )
            % {"years": settings.MEDVIRK_RECEIPT_RETENTION_YEARS},
        ),
        (
            _("Oppføringer i aktivitetsloggen om det du har gjort, uten navnet ditt."),
            _(
                "Loggen viser hvem som har gjort hva, blant annet hvem som har lest "
                "helseopplysninger, og slettes automatisk etter %(years)s år."
            )
            % {"years": f"{log_years:g}"},
        ),
        (
            _("E-post vi allerede har sendt deg, blant annet denne bekreftelsen."),
            _("Utgående e-post slettes automatisk %(days)s dager etter at den er sendt.")
            % {"days": settings.MEDVIRK_OUTBOX_RETENTION_DAYS},
        ),
    ]
    removed = [
        _("Kontoen din: innlogging, e-postadresser og roller i organisasjoner."),
        _("Navn, e-post, telefon, språk, bostedskommune, kjønn og fødselsår."),
        _("Kompetanseområder, kurs og tilknytninger til organisasjoner."),
        _("Opplysninger om tilrettelegging (helseopplysninger)."),
        _("Betalingsopplysninger: fødselsnummer og kontonummer."),
        _("Navnet ditt og detaljene om deg i aktivitetsloggen."),
    ]
    return DeletionTerms(kept=kept, removed=removed)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@transaction.atomic
def export_personal_data(*, by: User) -> dict[str, Any]:
    """Everything Medvirk holds about the user's account and own person, and nobody else."""
    if not by.is_authenticated:
        raise PermissionDenied
    person = Person.objects.select_related("home_region", "created_by").filter(user=by).first()
    data: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "account": {
            "email": by.email,
            "name": by.name,
            "date_joined": _iso(by.date_joined),
            "last_login": _iso(by.last_login),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=by).order_by("pk")
            ],
            "roles": [
                {"organisation": r.organisation.name, "role": r.role}
                for r in by.roles.select_related("organisation").order_by("pk")
            ],
        },
        "person": None,
    }
    if person is not None:
        accommodation = Accommodation.objects.filter(person=person).first()
        data["person"] = {
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "preferred_language": person.preferred_language,
            "languages": person.languages,
            "home_region": person.home_region.name if person.home_region else None,
            "competence_areas": [
                {"slug": c.slug, "name": c.name_nb} for c in person.competence_areas.all()
            ],
            "capacity": person.capacity,
            "gender": person.gender,
            "birth_year": person.birth_year,
            "registered_by": person.created_by.name if person.created_by else None,
            "created_at": _iso(person.created_at),
            "deletion_requested_at": _iso(person.deletion_requested_at),
            "affiliations": [
                {
                    "organisation": a.organisation.name,
                    "kind": a.kind,
                    "since": _iso(a.since),
                    "until": _iso(a.until),
                }
                for a in person.affiliations.select_related("organisation")
            ],
            "training": [
                {
                    "course": str(t.course) if t.course else t.course_name,
                    "provider": t.provider,
                    "completed_on": _iso(t.completed_on),
                }
                for t in person.training.select_related("course")
            ],
            "memberships": [
                {
                    "arena": m.arena.name,
                    "owner": m.arena.owner.name,
                    "role": m.role,
                    "deputy_rank": m.deputy_rank,
                    "represents": m.represents.name if m.represents else None,
                    "starts_on": _iso(m.starts_on),
                    "ends_on": _iso(m.ends_on),
                    "ended_on": _iso(m.ended_on),
                    "end_reason": m.end_reason,
                }
                # Membership (arenas, the layer above) through Person's reverse relation.
                for m in person.memberships.select_related("arena__owner", "represents").order_by(
                    "starts_on", "pk"
                )
            ],
            # The person's own health data: in their own export, and nowhere else.
            "accommodation": {
                "needs": accommodation.needs,
                "consent_purpose": accommodation.consent_purpose,
                "consent_given_at": _iso(accommodation.consent_given_at),
            }
            if accommodation is not None
            else None,
            # Who read the needs, when, in what capacity (never the needs themselves).
            "accommodation_reads": [
                {
                    "at": _iso(entry.created_at),
                    "by": (entry.actor.name or entry.actor.email)
                    if entry.actor
                    else entry.actor_display,
                    "as": entry.data.get("as", ""),
                    "organisation": entry.organisation.name if entry.organisation else None,
                    "about": entry.data.get("about", ""),
                }
                for entry in accommodation_reads(person)
            ],
        }
    # Own actions only, without the objects' names or details, which may be
    # about other people.
    data["activity"] = [
        {"at": _iso(entry.created_at), "action": entry.action, "label": action_label(entry.action)}
        for entry in ActivityLog.objects.filter(actor=by).order_by("created_at", "pk")
    ]
    log_activity(action=EXPORTED, actor=by, obj=person)
    return data


@transaction.atomic
def request_deletion(*, by: User) -> Person:
    """The user asks for their account and profile to be deleted."""
    person = ensure_own_person(by=by)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.deletion_requested_at is None:
        locked.deletion_requested_at = timezone.now()
        locked.save(update_fields=["deletion_requested_at", "updated_at"])
        log_activity(action=DELETION_REQUESTED, actor=by, obj=locked)
    return locked


@transaction.atomic
def carry_out_deletion(person: Person, *, by: User) -> Person:
    """Anonymise a person who asked to be deleted. Arena membership rows stay (history),
    now pointing to the anonymised person."""
    if not rules.has_perm("people.process_deletion", by):
        raise PermissionDenied
    locked = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    if locked.deletion_requested_at is None:
        raise ValidationError(_("Personen har ikke bedt om sletting."))
    # Claims (compensation, the layer above) through Person's reverse relation: one sent
    # or approved but not yet paid still needs the payment details.
    if locked.claims.filter(status__in=UNPAID_CLAIM_STATUSES).exists():
        raise ValidationError(
            _(
                "Personen har krav om godtgjøring som ikke er utbetalt ennå. Slett personen "
                "etter at kravene er behandlet og utbetalt."
            )
        )
    # Said before the name and address are gone, in the person's language.
    address = locked.user.email if locked.user else locked.email
    send_deletion_confirmation(
        address, name=locked.name, language=locked.preferred_language, terms=deletion_terms
    )
    Accommodation.objects.filter(person=locked).delete()
    payment_details = getattr(locked, "payment_details", None)
    if payment_details is not None:
        payment_details.delete()
    locked.training.all().delete()
    locked.affiliations.all().delete()
    locked.competence_areas.clear()
    user = locked.user
    if user is not None:
        EmailAddress.objects.filter(user=user).delete()
        user.roles.all().delete()
        user.email = f"slettet-{user.pk}@slettet.invalid"
        user.name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        ActivityLog.objects.filter(actor=user).update(actor_label=DELETED_NAME)
    ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(locked.pk)
    ).update(object_repr=DELETED_NAME, data={})
    locked.user = None
    locked.name = DELETED_NAME
    locked.email = ""
    locked.phone = ""
    locked.languages = []
    locked.home_region = None
    locked.gender = ""
    locked.birth_year = None
    locked.claim_token_hash = ""
    locked.claim_expires_at = None
    locked.deletion_requested_at = None
    locked.save()
    log_activity(action=DELETED, actor=by, obj=locked)
    return locked
