"""Which arena, and how much influence, fits what a service wants to involve users in.

Pure: no database, no request. :func:`recommend` takes the chooser's answers, the kind
of service asking (``directory.enums.ServiceKind``) and the kinds of arena the service
already has, and returns a :class:`Recommendation`: an arena kind and a degree of
influence with the reasons in words, the legal requirements that apply to the service,
or, when the answers contradict each other, the problems instead of a kind.

The rules are tables, read top to bottom:

- :data:`PROBLEMS`: combinations that make no sense together (e.g. system level, a
  single meeting and no resources); every match is reported and nothing is recommended.
- :data:`KIND_RULES`: the first row whose conditions all hold names the arena kind.
- :data:`INFLUENCE_CEILING`: the most influence a kind of arena can give; the
  recommended degree is what the service wished for, capped there (and at dialogue for
  a single meeting).
- :func:`requirements`: the arenas the law asks of the kind of service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.enums import ArenaKind, Influence, Level
from medvirk.directory.enums import ServiceKind
from medvirk.planning.enums import Duration, Purpose, Resources, TargetGroup

ANSWER_FIELDS = ("purpose", "target_group", "level", "influence", "duration", "resources")

# From least to most influence (the staircase of participation).
INFLUENCE_ORDER = (
    Influence.USER_PERSPECTIVE,
    Influence.INFORMANT,
    Influence.DIALOGUE,
    Influence.USER_CONTROL,
)
MUNICIPAL = (ServiceKind.KOMMUNE, ServiceKind.FYLKESKOMMUNE)
HEALTH = (ServiceKind.HELSEFORETAK, ServiceKind.RHF)
COUNCILS = (ArenaKind.ELDRERAD, ArenaKind.FUNKSJONSHEMMEDE, ArenaKind.UNGDOMSRAD)
# Kinds that meet again and again: they need a secretariat and a budget.
STANDING_KINDS = (*COUNCILS, ArenaKind.BRUKERUTVALG, ArenaKind.ERFARINGSFORUM)
# Kinds with appointed members (a gathering or a panel has participants, not members).
APPOINTED_KINDS = (*STANDING_KINDS, ArenaKind.REFERANSEGRUPPE, ArenaKind.PROSJEKTGRUPPE)

COUNCIL_LAW = gettext_lazy("kommuneloven § 5-12 og forskriften om rådene")
HEALTH_LAW = gettext_lazy("helseforetaksloven § 35 og helseforetakenes vedtekter")
NAV_LAW = gettext_lazy("Nav-loven § 6")
GENDER_LAW = gettext_lazy("likestillings- og diskrimineringsloven § 28")


@dataclass(frozen=True)
class Answers:
    purpose: str
    target_group: str
    level: str
    influence: str
    duration: str
    resources: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answers | None:
        """The answers kept between the chooser's steps, or None while one is missing
        or no longer a valid choice."""
        choices = {
            "purpose": Purpose.values,
            "target_group": TargetGroup.values,
            "level": Level.values,
            "influence": Influence.values,
            "duration": Duration.values,
            "resources": Resources.values,
        }
        values = {name: data.get(name) for name in ANSWER_FIELDS}
        if any(values[name] not in choices[name] for name in ANSWER_FIELDS):
            return None
        return cls(**{name: str(value) for name, value in values.items()})


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


@dataclass(frozen=True)
class Requirement:
    """Something the law asks of the service: an arena it must have (``kind`` set, and
    ``met`` telling whether it has one), or a rule for the recommended arena."""

    text: str
    source: str
    kind: str | None = None
    met: bool | None = None


@dataclass(frozen=True)
class Recommendation:
    kind: str | None
    influence: str | None
    reasons: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    requirements: tuple[Requirement, ...] = field(default=())

    @property
    def kind_label(self) -> str:
        return str(ArenaKind(self.kind).label) if self.kind else ""

    @property
    def influence_label(self) -> str:
        return str(Influence(self.influence).label) if self.influence else ""

    @property
    def problem_codes(self) -> tuple[str, ...]:
        return tuple(problem.code for problem in self.problems)


@dataclass(frozen=True)
class Rule:
    """A row of a table: ``when`` maps an answer (or ``municipal``) to the values that
    match it; every condition must hold."""

    when: dict[str, tuple[Any, ...]]
    result: str
    text: Promise

    def matches(self, facts: dict[str, Any]) -> bool:
        return all(facts[name] in values for name, values in self.when.items())


PROBLEMS: tuple[Rule, ...] = (
    Rule(
        {"level": (Level.INDIVIDUAL,)},
        "individual",
        gettext_lazy(
            "Medvirkning på individnivå skjer i den enkeltes egen sak, mellom brukeren og "
            "tjenesten, og trenger ingen arena. Velg tjenestenivå eller systemnivå hvis dere "
            "vil ha brukerne med i arbeidet med tjenesten."
        ),
    ),
    Rule(
        {
            "level": (Level.SYSTEM,),
            "duration": (Duration.ONE_OFF,),
            "resources": (Resources.NONE,),
        },
        "system_one_off_no_resources",
        gettext_lazy(
            "Systemnivå betyr å påvirke planer, prioriteringer og budsjett over tid. Det lar "
            "seg ikke gjøre på ett møte uten at det er satt av tid og penger. Velg en lengre "
            "varighet og sett av ressurser, eller velg tjenestenivå for et enkeltstående møte."
        ),
    ),
    Rule(
        {"influence": (Influence.USER_CONTROL,), "resources": (Resources.NONE,)},
        "control_no_resources",
        gettext_lazy(
            "Brukerstyring betyr at brukerne leder arbeidet, og da trenger de tid, penger og "
            "støtte fra tjenesten. Uten ressurser kan dere ikke gi fra dere styringen på en "
            "forsvarlig måte. Sett av ressurser, eller velg dialog."
        ),
    ),
)

_STANDING = (Duration.STANDING,)
_NOT_STANDING = (Duration.ONE_OFF, Duration.LIMITED)
_ADVISE_SYSTEM = {"purpose": (Purpose.ADVISE,), "level": (Level.SYSTEM,), "duration": _STANDING}

KIND_RULES: tuple[Rule, ...] = (
    Rule(
        {**_ADVISE_SYSTEM, "municipal": (True,), "target_group": (TargetGroup.ELDERLY,)},
        ArenaKind.ELDRERAD,
        gettext_lazy(
            "Kommuner og fylkeskommuner skal ha et eldreråd som gir råd i saker som gjelder "
            "eldre. Det er den faste arenaen for det dere beskriver."
        ),
    ),
    Rule(
        {**_ADVISE_SYSTEM, "municipal": (True,), "target_group": (TargetGroup.DISABILITY,)},
        ArenaKind.FUNKSJONSHEMMEDE,
        gettext_lazy(
            "Kommuner og fylkeskommuner skal ha et råd for personer med funksjonsnedsettelse "
            "som gir råd i saker som gjelder dem. Det er den faste arenaen for det dere "
            "beskriver."
        ),
    ),
    Rule(
        {**_ADVISE_SYSTEM, "municipal": (True,), "target_group": (TargetGroup.YOUTH,)},
        ArenaKind.UNGDOMSRAD,
        gettext_lazy(
            "Kommuner og fylkeskommuner skal ha et ungdomsråd eller et annet organ for "
            "ungdom som gir råd i saker som gjelder ungdom."
        ),
    ),
    Rule(
        {"purpose": (Purpose.ADVISE,), "duration": _STANDING},
        ArenaKind.BRUKERUTVALG,
        gettext_lazy(
            "Råd i saker før de avgjøres trenger et fast utvalg med representanter fra "
            "brukerorganisasjonene, som kjenner sakene og møtes jevnlig."
        ),
    ),
    Rule(
        {"purpose": (Purpose.ADVISE,), "duration": _NOT_STANDING},
        ArenaKind.REFERANSEGRUPPE,
        gettext_lazy(
            "Når rådene gjelder én sak eller en avgrenset periode, passer en "
            "referansegruppe som tjenesten kan spørre underveis og legge ned når saken er "
            "avgjort."
        ),
    ),
    Rule(
        {"purpose": (Purpose.DEVELOP,), "duration": (Duration.ONE_OFF,)},
        ArenaKind.DIALOGKONFERANSE,
        gettext_lazy(
            "Et enkeltstående arbeid med en tjeneste passer som en dialogkonferanse eller "
            "et verksted der brukere og ansatte arbeider sammen en dag."
        ),
    ),
    Rule(
        {"purpose": (Purpose.DEVELOP,), "influence": (Influence.USER_CONTROL,)},
        ArenaKind.PROSJEKTGRUPPE,
        gettext_lazy(
            "Skal brukerne styre utviklingen, må de sitte i prosjektgruppen som gjør "
            "arbeidet, ikke bare bli spurt om det."
        ),
    ),
    Rule(
        {
            "purpose": (Purpose.DEVELOP,),
            "duration": (Duration.LIMITED,),
            "resources": (Resources.DEDICATED,),
        },
        ArenaKind.PROSJEKTGRUPPE,
        gettext_lazy(
            "Med egne ressurser til et avgrenset utviklingsarbeid kan brukerne være "
            "fullverdige medlemmer av prosjektgruppen."
        ),
    ),
    Rule(
        {"purpose": (Purpose.DEVELOP,), "duration": (Duration.LIMITED,)},
        ArenaKind.REFERANSEGRUPPE,
        gettext_lazy(
            "En referansegruppe følger utviklingsarbeidet og gir råd underveis uten at "
            "brukerne må bære prosjektet."
        ),
    ),
    Rule(
        {"purpose": (Purpose.DEVELOP,), "duration": _STANDING},
        ArenaKind.ERFARINGSFORUM,
        gettext_lazy(
            "Et fast erfaringsforum gir tjenesten brukere å spørre hver gang noe skal "
            "endres, og medlemmer som kan delta i arbeidsgrupper."
        ),
    ),
    Rule(
        {"purpose": (Purpose.EXPERIENCES,), "duration": _STANDING},
        ArenaKind.ERFARINGSFORUM,
        gettext_lazy(
            "Et erfaringsforum samler brukernes erfaringer jevnlig, slik at tjenesten ser "
            "hva som går igjen over tid."
        ),
    ),
    Rule(
        {"purpose": (Purpose.EXPERIENCES,), "duration": _NOT_STANDING},
        ArenaKind.BRUKERPANEL,
        gettext_lazy(
            "Et brukerpanel når mange brukere på kort tid, for eksempel med en "
            "spørreundersøkelse eller en innspillsrunde."
        ),
    ),
    Rule(
        {"purpose": (Purpose.DIALOGUE,), "duration": (Duration.ONE_OFF,)},
        ArenaKind.DIALOGKONFERANSE,
        gettext_lazy("En dialogkonferanse samler mange på én dag og gir bredde i innspillene."),
    ),
    Rule(
        {"purpose": (Purpose.DIALOGUE,), "duration": (Duration.LIMITED, Duration.STANDING)},
        ArenaKind.BRUKERPANEL,
        gettext_lazy(
            "Et brukerpanel er en gruppe brukere tjenesten kan spørre flere ganger, uten "
            "faste møter."
        ),
    ),
)

# The most influence each kind of arena can give, and why.
ADVISORY = gettext_lazy("arenaen er rådgivende: brukerne gir råd, og tjenesten bestemmer")
INFLUENCE_CEILING: dict[str, tuple[str, Any]] = {
    ArenaKind.DIALOGKONFERANSE: (
        Influence.DIALOGUE,
        gettext_lazy("en konferanse gir innspill og samtale, men tar ingen beslutninger"),
    ),
    ArenaKind.BRUKERPANEL: (
        Influence.INFORMANT,
        gettext_lazy("panelet svarer på det tjenesten spør om, men drøfter ikke svarene"),
    ),
    ArenaKind.PROSJEKTGRUPPE: (
        Influence.USER_CONTROL,
        gettext_lazy("brukerne kan lede en prosjektgruppe"),
    ),
}
for _kind in (*STANDING_KINDS, ArenaKind.REFERANSEGRUPPE):
    INFLUENCE_CEILING[_kind] = (Influence.DIALOGUE, ADVISORY)
ONE_OFF_CEILING = gettext_lazy("ett enkelt møte gir ikke brukerne styring over tid")


def _rank(influence: str) -> int:
    return INFLUENCE_ORDER.index(Influence(influence))


def requirements(
    service_kind: str | None, existing_kinds: frozenset[str] | set[str], kind: str | None
) -> tuple[Requirement, ...]:
    """The arenas the law asks of this kind of service (met or not), and the rules that
    bind the recommended kind."""
    found: list[Requirement] = []
    if service_kind in MUNICIPAL:
        for council in COUNCILS:
            found.append(
                Requirement(
                    _("Kommuner og fylkeskommuner skal ha et %(kind)s.")
                    % {"kind": str(ArenaKind(council).label).lower()},
                    str(COUNCIL_LAW),
                    council,
                    council in existing_kinds,
                )
            )
    elif service_kind in HEALTH:
        found.append(
            Requirement(
                _(
                    "Helseforetakene skal ha et brukerutvalg som gir råd til styret og "
                    "ledelsen, med representanter for pasienter og pårørende."
                ),
                str(HEALTH_LAW),
                ArenaKind.BRUKERUTVALG,
                ArenaKind.BRUKERUTVALG in existing_kinds,
            )
        )
    elif service_kind == ServiceKind.NAV:
        found.append(
            Requirement(
                _(
                    "Nav skal ha brukermedvirkning på systemnivå, i praksis et brukerutvalg "
                    "ved Nav-kontoret eller i fylket."
                ),
                str(NAV_LAW),
                ArenaKind.BRUKERUTVALG,
                ArenaKind.BRUKERUTVALG in existing_kinds,
            )
        )
    if kind in COUNCILS:
        if kind == ArenaKind.UNGDOMSRAD:
            text = _(
                "Et ungdomsråd velges for høyst 2 år, og medlemmene må være under 19 år når "
                "de velges. Møtene er åpne, og rådets uttalelse følger saken til dem som "
                "avgjør den. Rådet skriver en årsmelding."
            )
        else:
            text = _(
                "Rådet velges for høyst 4 år. Møtene er åpne, og rådets uttalelse følger "
                "saken til dem som avgjør den. Rådet skriver en årsmelding."
            )
        found.append(Requirement(text, str(COUNCIL_LAW)))
    if kind in APPOINTED_KINDS:
        found.append(
            Requirement(
                _(
                    "Når en offentlig tjeneste oppnevner medlemmer, skal begge kjønn være "
                    "representert etter faste regler for hvor mange av hvert kjønn."
                ),
                str(GENDER_LAW),
            )
        )
    return tuple(found)


def _influence(answers: Answers, kind: str) -> tuple[str, str]:
    ceiling, why = INFLUENCE_CEILING[kind]
    if answers.duration == Duration.ONE_OFF and _rank(ceiling) > _rank(Influence.DIALOGUE):
        ceiling, why = Influence.DIALOGUE, ONE_OFF_CEILING
    wished = Influence(answers.influence)
    kind_label = str(ArenaKind(kind).label)
    if _rank(wished) <= _rank(ceiling):
        return wished, _("Graden dere ønsket, %(influence)s, passer for arenatypen «%(kind)s».") % {
            "influence": str(wished.label).lower(),
            "kind": kind_label,
        }
    capped = Influence(ceiling)
    return capped, _(
        "Dere ønsket %(wished)s, men her er %(capped)s det meste som er ærlig å love, "
        "fordi %(why)s."
    ) % {
        "wished": str(wished.label).lower(),
        "capped": str(capped.label).lower(),
        "why": str(why),
    }


def recommend(
    answers: Answers,
    *,
    service_kind: str | None = None,
    existing_kinds: frozenset[str] | set[str] = frozenset(),
) -> Recommendation:
    facts: dict[str, Any] = {name: getattr(answers, name) for name in ANSWER_FIELDS} | {
        "municipal": service_kind in MUNICIPAL
    }
    problems = tuple(
        Problem(rule.result, str(rule.text)) for rule in PROBLEMS if rule.matches(facts)
    )
    if problems:
        return Recommendation(
            None,
            None,
            problems=problems,
            requirements=requirements(service_kind, existing_kinds, None),
        )
    rule = next(rule for rule in KIND_RULES if rule.matches(facts))
    kind = rule.result
    influence, influence_reason = _influence(answers, kind)
    reasons = [str(rule.text), influence_reason]
    if kind in existing_kinds:
        reasons.append(
            _(
                "Tjenesten har allerede en arena av typen «%(kind)s». Se om den kan ta "
                "oppgaven før dere oppretter en ny."
            )
            % {"kind": str(ArenaKind(kind).label)}
        )
    if kind in STANDING_KINDS and answers.resources == Resources.NONE:
        reasons.append(
            _(
                "Dere har ikke satt av ressurser ennå. En fast arena trenger et sekretariat "
                "som kaller inn, skriver referat og følger opp rådene, og penger til "
                "godtgjøring. Sett av dette før arenaen tar til."
            )
        )
    return Recommendation(
        kind,
        influence,
        reasons=tuple(reasons),
        requirements=requirements(service_kind, existing_kinds, kind),
    )
