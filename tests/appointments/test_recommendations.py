from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from medvirk.appointments.domain.nominations import (
    confirm_trust,
    nominate,
    respond_to_consent,
    withdraw_nomination,
)
from medvirk.appointments.domain.recommendations import (
    eligible_nominations,
    save_recommendation,
    submit_recommendation,
)
from medvirk.appointments.models import Recommendation, RecommendationEntry
from medvirk.common.models import ActivityLog
from tests.appointments.conftest import (
    ALL_PERSONAS,
    Scenario,
    confirmed_nomination,
    nominate_candidate,
    persona_user,
    pool_person,
    token_from_mail,
)


def _setup(scenario: Scenario):  # type: ignore[no-untyped-def]
    request = scenario.make_request(invite=[scenario.umbrella, scenario.org_b.organisation])
    first = confirmed_nomination(scenario, request)
    second = confirmed_nomination(
        scenario, request, pool_person(scenario.org_a.organisation, "Per Pool")
    )
    return request, first, second


def test_save_and_submit_recommendation(scenario: Scenario) -> None:
    request, first, second = _setup(scenario)
    assert {n.pk for n in eligible_nominations(request, scenario.umbrella)} == {first.pk, second.pk}
    recommendation = save_recommendation(
        request=request,
        by=scenario.umbrella_admin,
        umbrella=scenario.umbrella,
        entries=[(second, 1, "Lang erfaring"), (first, 2, "God bredde")],
        summary="Vi anbefaler begge.",
    )
    assert list(recommendation.entries.values_list("nomination", "rank", "justification")) == [
        (second.pk, 1, "Lang erfaring"),
        (first.pk, 2, "God bredde"),
    ]
    # Saving again replaces the list.
    save_recommendation(
        request=request,
        by=scenario.umbrella_admin,
        umbrella=scenario.umbrella,
        entries=[(first, 1, "Best egnet")],
    )
    assert list(RecommendationEntry.objects.values_list("nomination", "rank")) == [(first.pk, 1)]
    done = submit_recommendation(recommendation, by=scenario.umbrella_admin)
    assert done.submitted_by == scenario.umbrella_admin
    with pytest.raises(ValidationError) as error:
        save_recommendation(
            request=request,
            by=scenario.umbrella_admin,
            umbrella=scenario.umbrella,
            entries=[(second, 1, "x")],
        )
    assert error.value.messages == ["Innstillingen er allerede sendt og kan ikke endres."]
    with pytest.raises(ValidationError) as error:
        submit_recommendation(recommendation, by=scenario.umbrella_admin)
    assert error.value.messages == ["Innstillingen er allerede sendt."]
    assert ActivityLog.objects.filter(action="appointments.recommendation.saved").count() == 2


def test_recommendation_refuses_non_member_organisation(scenario: Scenario) -> None:
    request, first, _second = _setup(scenario)
    person = pool_person(scenario.org_b.organisation, "Berit B")
    nomination = nominate(
        request=request,
        by=scenario.org_b.admin,
        organisation=scenario.org_b.organisation,
        person=person,
    )
    from django.core import mail

    pk, token = token_from_mail(mail.outbox[-1])
    respond_to_consent(pk=pk, token=token, accept=True)
    confirm_trust(nomination, by=scenario.org_b.admin)
    with pytest.raises(ValidationError) as error:
        save_recommendation(
            request=request,
            by=scenario.umbrella_admin,
            umbrella=scenario.umbrella,
            entries=[(first, 1, "Bra"), (nomination, 2, "Også bra")],
        )
    assert error.value.messages == [
        "Berit B er foreslått av Organisasjon B, som ikke er medlem av Paraplyen U."
    ]
    assert Recommendation.objects.count() == 0


def test_recommendation_refuses_unconfirmed_nomination(scenario: Scenario) -> None:
    request, first, _second = _setup(scenario)
    waiting, _token = nominate_candidate(
        scenario, request, pool_person(scenario.org_a.organisation, "Vera Venter")
    )
    with pytest.raises(ValidationError) as error:
        save_recommendation(
            request=request,
            by=scenario.umbrella_admin,
            umbrella=scenario.umbrella,
            entries=[(first, 1, "Bra"), (waiting, 2, "Lovende")],
        )
    assert error.value.messages == [
        "Vera Venter kan ikke innstilles ennå: kandidaten må ha samtykket og organisasjonen "
        "må ha bekreftet tilliten (status nå: venter på kandidatens samtykke)."
    ]
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        ((1, 1), "Rangeringen må bruke tallene 1 til 2, hvert tall én gang."),
        ((1, 3), "Rangeringen må bruke tallene 1 til 2, hvert tall én gang."),
    ],
)
def test_recommendation_refuses_bad_ranks(
    scenario: Scenario, ranks: tuple[int, int], message: str
) -> None:
    request, first, second = _setup(scenario)
    with pytest.raises(ValidationError) as error:
        save_recommendation(
            request=request,
            by=scenario.umbrella_admin,
            umbrella=scenario.umbrella,
            entries=[(first, ranks[0], "Bra"), (second, ranks[1], "Bra")],
        )
    assert error.value.messages == [message]
    assert Recommendation.objects.count() == 0


def test_recommendation_requires_justification_and_entries(scenario: Scenario) -> None:
    request, first, _second = _setup(scenario)
    with pytest.raises(ValidationError) as error:
        save_recommendation(
            request=request,
            by=scenario.umbrella_admin,
            umbrella=scenario.umbrella,
            entries=[(first, 1, "  ")],
        )
    assert error.value.messages == ["Skriv en begrunnelse for Kari Kandidat."]
    with pytest.raises(ValidationError) as error:
        save_recommendation(
            request=request, by=scenario.umbrella_admin, umbrella=scenario.umbrella, entries=[]
        )
    assert error.value.messages == ["Ta med minst én kandidat i innstillingen."]
    assert Recommendation.objects.count() == 0


def test_recommendation_refused_for_uninvited_umbrella(scenario: Scenario) -> None:
    request = scenario.make_request(invite=[scenario.org_a.organisation])
    first = confirmed_nomination(scenario, request)
    with pytest.raises(ValidationError):
        save_recommendation(
            request=request,
            by=scenario.umbrella_admin,
            umbrella=scenario.umbrella,
            entries=[(first, 1, "Bra")],
        )
    with pytest.raises(ValidationError) as error:
        save_recommendation(
            request=request,
            by=scenario.platform_admin,
            umbrella=scenario.umbrella,
            entries=[(first, 1, "Bra")],
        )
    assert error.value.messages == [
        "Paraplyen U er ikke invitert til å sende innstilling til denne forespørselen."
    ]
    assert Recommendation.objects.count() == 0


def test_submit_refused_when_a_candidate_withdrew(scenario: Scenario) -> None:
    request, first, second = _setup(scenario)
    recommendation = save_recommendation(
        request=request,
        by=scenario.umbrella_admin,
        umbrella=scenario.umbrella,
        entries=[(first, 1, "Bra"), (second, 2, "Bra")],
    )
    withdraw_nomination(second, by=scenario.org_a.admin)
    with pytest.raises(ValidationError) as error:
        submit_recommendation(recommendation, by=scenario.umbrella_admin)
    assert error.value.messages == [
        "Disse kandidatene er ikke lenger aktuelle: Per Pool. Oppdater innstillingen."
    ]
    recommendation.refresh_from_db()
    assert recommendation.submitted_at is None


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_recommendation_permission_matrix(scenario: Scenario, persona: str) -> None:
    request, first, _second = _setup(scenario)
    user = persona_user(scenario, persona)
    if persona in ("umbrella_admin", "platform_admin"):
        recommendation = save_recommendation(
            request=request, by=user, umbrella=scenario.umbrella, entries=[(first, 1, "Bra")]
        )
        assert submit_recommendation(recommendation, by=user).submitted_at is not None
    else:
        with pytest.raises(PermissionDenied):
            save_recommendation(
                request=request, by=user, umbrella=scenario.umbrella, entries=[(first, 1, "Bra")]
            )
        assert Recommendation.objects.count() == 0
