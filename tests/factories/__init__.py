from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from medvirk.accounts.models import Role, User
from medvirk.directory.enums import Level, OrganisationKind, RegionKind, ServiceKind
from medvirk.directory.models import Contact, Organisation, Region, TargetGroup
from medvirk.directory.validators import orgnr_check_digit

PASSWORD = "correct-horse-battery-staple"


def _orgnr(n: int) -> str:
    # Walk forward from a seed until the mod-11 check digit exists.
    base = 910000000 // 10 + n * 7
    while True:
        first = str(base)[:8]
        check = orgnr_check_digit(first)
        if check is not None:
            return first + str(check)
        base += 1


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="no_NO")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{70 + n % 29:02d}")
    name = factory.Sequence(lambda n: f"Fylke {n}")
    kind = RegionKind.FYLKE


class KommuneFactory(RegionFactory):
    code = factory.Sequence(lambda n: f"{9000 + n}")
    name = factory.Sequence(lambda n: f"Kommune {n}")
    kind = RegionKind.KOMMUNE
    parent = factory.SubFactory(RegionFactory)


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"gruppe-{n}")
    name_nb = factory.Sequence(lambda n: f"Målgruppe {n}")
    name_nn = factory.Sequence(lambda n: f"Målgruppe {n} (nn)")
    name_en = factory.Sequence(lambda n: f"Target group {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.USER_ORG
    name = factory.Sequence(lambda n: f"Brukerforeningen nr. {n}")
    org_number = factory.Sequence(_orgnr)
    level = Level.NATIONAL
    description = "En oppdiktet organisasjon for tester."


class UmbrellaFactory(OrganisationFactory):
    kind = OrganisationKind.UMBRELLA
    name = factory.Sequence(lambda n: f"Paraplyen nr. {n}")


class ServiceFactory(OrganisationFactory):
    kind = OrganisationKind.SERVICE
    service_kind = ServiceKind.KOMMUNE
    name = factory.Sequence(lambda n: f"Testkommune {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name", locale="no_NO")
    role = "Daglig leder"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    phone = "22 33 44 55"
    is_public = True
    is_primary = False


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "member"
