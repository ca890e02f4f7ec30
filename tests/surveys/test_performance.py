"""The surveys at national scale: the results cached per survey and retired by every
change they show, the statements of each page constant in rows (cold and warm), the
arena and kommune menus written from menus, the answer form's choices written in
Python as the templates write them, and a group size of at least 3."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.arenas.models import Membership
from medvirk.arenas.selectors import arenas_of_organisation
from medvirk.surveys.domain.moderation import moderate_answer
from medvirk.surveys.domain.surveys import create_survey, update_survey
from medvirk.surveys.enums import Moderation
from medvirk.surveys.forms import AnswerForm, SurveyForm
from medvirk.surveys.models import Answer, Survey
from medvirk.surveys.selectors import kommuner, survey_sections
from tests.factories import KommuneFactory
from tests.factories.surveys import OptionFactory, QuestionFactory, SectionFactory
from tests.surveys.conftest import World, answers_for, build_survey, respond

pytestmark = pytest.mark.django_db

FIELDS = {
    "title_nb": "Om ventetid",
    "opens_on": datetime.date(2026, 11, 20),
    "closes_on": datetime.date(2026, 12, 20),
}


def _results(world: World) -> str:
    url = reverse("surveys:results", kwargs={"pk": world.a.survey.pk})
    response = world.client("admin_a").get(url)
    assert response.status_code == 200
    return response.content.decode()


def _statements(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    # Reads only: on PostgreSQL a streamed export sets the planner's cursor_tuple_fraction
    # around each server-side cursor (common/csv_export.py), which reads nothing.
    return sum(1 for query in captured if not query["sql"].startswith(("SET ", "RESET ")))


# --- A group of at least 3 ------------------------------------------------------------


@pytest.mark.parametrize(("size", "valid"), [(1, False), (2, False), (3, True), (100, True)])
def test_the_group_size_is_at_least_three_in_the_domain(
    world: World, size: int, valid: bool
) -> None:
    organisation = world.org_a.organisation
    if valid:
        survey = create_survey(organisation, by=world.org_a.admin, min_group_size=size, **FIELDS)
        assert survey.min_group_size == size
        return
    with pytest.raises(ValidationError) as caught:
        create_survey(organisation, by=world.org_a.admin, min_group_size=size, **FIELDS)
    assert set(caught.value.message_dict) == {"min_group_size"}
    with pytest.raises(ValidationError):
        update_survey(world.a.survey, by=world.org_a.admin, min_group_size=size, **FIELDS)


def test_the_group_size_is_at_least_three_in_the_form(world: World) -> None:
    data = {**FIELDS, "distribution": "link", "min_group_size": "2"}
    form = SurveyForm(data, arenas=arenas_of_organisation(world.org_a.organisation))
    assert not form.is_valid()
    assert set(form.errors) == {"min_group_size"}
    page = world.client("admin_a").post(
        reverse("surveys:edit", kwargs={"pk": world.a.survey.pk}), data
    )
    assert page.status_code == 422
    assert 'href="#id_min_group_size"' in page.content.decode()
    world.a.survey.refresh_from_db()
    assert world.a.survey.min_group_size == 5


# --- The results cache ----------------------------------------------------------------


def test_a_new_response_through_the_page_retires_the_cached_results(world: World) -> None:
    world.a.survey.status = "published"
    world.a.survey.opens_on = datetime.date(2000, 1, 1)
    world.a.survey.closes_on = datetime.date(2100, 1, 1)
    world.a.survey.save()
    cache.clear()
    assert "0 svar i alt." in _results(world)
    assert "0 svar i alt." in _results(world)  # served from the cache
    url = reverse("surveys:answer", kwargs={"code": world.a.survey.code})
    # The answers are written with bulk_create, the response with a signal.
    assert Client().post(url, answers_for(world.a)).status_code == 302
    assert "1 svar i alt." in _results(world)


def test_moderation_retires_the_cached_text(world: World) -> None:
    respond(world.a, text="Et godt ord om maten")
    cache.clear()
    assert "Et godt ord om maten" not in _results(world)
    answer = Answer.objects.select_related("question__survey").get(text="Et godt ord om maten")
    moderate_answer(answer, by=world.org_a.admin, decision=Moderation.APPROVED)
    assert "Et godt ord om maten" in _results(world)
    moderate_answer(answer, by=world.org_a.admin, decision=Moderation.HIDDEN)
    assert "Et godt ord om maten" not in _results(world)


def test_a_changed_group_size_draws_the_breakdown_again(world: World) -> None:
    town = KommuneFactory(name="Mellomby")
    for _ in range(4):
        respond(world.a, kommune=town)
    cache.clear()
    assert "Mellomby" not in _results(world)  # 4 < 5
    update_survey(world.a.survey, by=world.org_a.admin, min_group_size=4, **FIELDS)
    assert "Mellomby" in _results(world)
    update_survey(world.a.survey, by=world.org_a.admin, min_group_size=5, **FIELDS)
    assert "Mellomby" not in _results(world)


def test_a_changed_question_or_option_retires_the_cached_results(world: World) -> None:
    respond(world.a)
    cache.clear()
    _results(world)
    world.a.single.text_nb = "Hvor ofte kommer de?"
    world.a.single.save()
    assert "Hvor ofte kommer de?" in _results(world)
    option = world.a.options[0]
    option.label_nb = "Daglig"
    option.save()
    assert "Daglig" in _results(world)


def test_the_cache_keeps_surveys_apart(world: World) -> None:
    respond(world.a)
    other = build_survey(organisation=world.org_a.organisation)
    cache.clear()
    assert "1 svar i alt." in _results(world)
    url = reverse("surveys:results", kwargs={"pk": other.survey.pk})
    assert "0 svar i alt." in world.client("admin_a").get(url).content.decode()


# --- Statements: the same with more rows, cold and warm ---------------------------------


def _grow(built: Any) -> None:
    section = SectionFactory(survey=built.survey, position=9)
    for _ in range(2):
        question = QuestionFactory(section=section)
        OptionFactory(question=question)
        OptionFactory(question=question)
    for index in range(3):
        respond(built, kommune=KommuneFactory(name=f"Kommune {index}"), text=f"Tekst {index}")


@pytest.mark.parametrize(
    "page", ["results", "summary", "moderation", "export_csv", "export_xlsx", "edit", "preview"]
)
def test_statements_stay_the_same_with_more_rows_cold_and_warm(world: World, page: str) -> None:
    built = build_survey(organisation=world.org_a.organisation, results_public=True)
    respond(built, kommune=KommuneFactory(name="Første"), text="Første tekst")
    client = world.client("admin_a")
    url = reverse(f"surveys:{page}", kwargs={"pk": built.survey.pk})
    cache.clear()
    cold = _statements(client, url)
    warm = _statements(client, url)
    assert warm <= cold <= 15
    _grow(built)
    cache.clear()
    assert _statements(client, url) == cold
    assert _statements(client, url) == warm


def test_the_results_page_reads_no_answers_when_warm(world: World) -> None:
    respond(world.a)
    _results(world)
    with CaptureQueriesContext(connection) as captured:
        _results(world)
    assert not [q for q in captured if "surveys_answer" in q["sql"] and "pending" not in q["sql"]]


# --- Menus ------------------------------------------------------------------------------


def test_the_arena_menu_lists_owned_and_represented_arenas_once(world: World) -> None:
    organisation = world.org_a.organisation
    represented = list(
        Membership.objects.current()
        .filter(represents=organisation)
        .values_list("arena_id", flat=True)
    )
    arenas = list(arenas_of_organisation(organisation))
    assert len(arenas) == len({arena.pk for arena in arenas})
    assert set(represented) <= {arena.pk for arena in arenas}
    page = world.client("admin_a").get(
        reverse("surveys:create", kwargs={"org_pk": organisation.pk})
    )
    body = page.content.decode()
    for arena in arenas:
        assert f'<option value="{arena.pk}">' in body
    # An arena the organisation has nothing to do with is refused, not a 500.
    foreign = Survey.objects.exclude(arena=None).values_list("arena_id", flat=True).first()
    if foreign is not None and foreign not in {arena.pk for arena in arenas}:
        form = SurveyForm(
            {**FIELDS, "distribution": "link", "min_group_size": "5", "arena": foreign},
            arenas=arenas_of_organisation(organisation),
        )
        assert not form.is_valid()


def test_the_arena_menu_is_retired_by_a_membership_or_a_renamed_arena(world: World) -> None:
    from tests.factories.people import ArenaFactory, MembershipFactory

    organisation = world.org_a.organisation
    client = world.client("admin_a")
    url = reverse("surveys:create", kwargs={"org_pk": organisation.pk})
    cache.clear()
    arena = ArenaFactory(name="Nytt eldreråd")
    assert "Nytt eldreråd" not in client.get(url).content.decode()
    assert "Nytt eldreråd" not in client.get(url).content.decode()  # cached
    MembershipFactory(arena=arena, represents=organisation)
    assert "Nytt eldreråd" in client.get(url).content.decode()
    arena.name = "Eldrerådet"
    arena.save()
    body = client.get(url).content.decode()
    assert "Eldrerådet" in body and "Nytt eldreråd" not in body
    page = client.post(
        url, {**FIELDS, "distribution": "link", "min_group_size": "5", "arena": str(arena.pk)}
    )
    assert page.status_code == 302
    assert Survey.objects.get(title_nb=FIELDS["title_nb"]).arena == arena


def test_the_kommune_menu_accepts_only_kommuner(world: World) -> None:
    built = world.a
    questions = [q for section in survey_sections(built.survey) for q in section.questions.all()]
    kommune = KommuneFactory(name="Bodø")
    form = AnswerForm({"kommune": str(kommune.pk)}, questions=questions, kommuner=kommuner())
    assert form.is_valid()
    assert form.cleaned_data["kommune"] == kommune
    bad = AnswerForm({"kommune": "999999"}, questions=questions, kommuner=kommuner())
    assert not bad.is_valid()
    assert ">Bodø</option>" in str(AnswerForm(questions=questions, kommuner=kommuner()))


# --- The answer form's choices, written in Python ----------------------------------------


def _with_template_widgets(form: AnswerForm) -> AnswerForm:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)  # type: ignore[attr-defined]
        elif isinstance(widget, forms.RadioSelect):
            field.widget = forms.RadioSelect(choices=field.choices)  # type: ignore[attr-defined]
    return form


@pytest.mark.parametrize("bound", [False, True])
def test_choices_in_python_are_written_as_the_templates_write_them(
    world: World, bound: bool
) -> None:
    built = world.a
    built.options[0].label_en = ""
    built.options[0].label_nb = "Hver dag & <natt>"
    built.options[0].save()
    built.single.help_nb = "Tenk på siste måned."
    built.single.save()
    questions = [q for section in survey_sections(built.survey) for q in section.questions.all()]
    data = answers_for(built) if bound else None
    if data is not None:
        data[f"q{built.single.pk}"] = "not-an-option"  # an error on the field
    ours = AnswerForm(data, questions=questions, kommuner=None)
    theirs = _with_template_widgets(AnswerForm(data, questions=questions, kommuner=None))
    if bound:
        ours.is_valid()
        theirs.is_valid()
    compared = 0
    for name, field in ours.fields.items():
        if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            assert str(ours[name]) == str(theirs[name]), name
            compared += 1
    assert compared == 3
    from django.utils import translation

    with translation.override("en"):
        ours = AnswerForm(data, questions=questions, kommuner=None)
        theirs = _with_template_widgets(AnswerForm(data, questions=questions, kommuner=None))
        name = f"q{built.single.pk}"
        assert str(ours[name]) == str(theirs[name])
        assert 'lang="nb"' in str(ours[name])


# --- The XLSX ------------------------------------------------------------------------------


def test_the_xlsx_reads_back_without_control_characters(world: World) -> None:
    import io

    import openpyxl

    respond(world.a, text="Godt & <greit>\x0b svar", moderation=Moderation.APPROVED)
    for _ in range(30):
        respond(world.a, text="x" * 3000, moderation=Moderation.APPROVED)
    url = reverse("surveys:export_xlsx", kwargs={"pk": world.a.survey.pk})
    response = world.client("admin_a").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    summary, raw = book.worksheets
    assert [summary.title, raw.title] == ["Sammendrag", "Svar"]
    rows = list(summary.iter_rows(values_only=True))
    assert rows[0] == ("Spørsmål", "Svar", "Antall", "Andel")
    assert ("Hvor ofte får du besøk?", "Hver dag", 31, "100 %") in rows
    raw_rows = list(raw.iter_rows(values_only=True))
    assert len(raw_rows) == 32
    assert raw_rows[1][0] == "1"
    assert any(cell == "Godt & <greit> svar" for cell in raw_rows[1])


def test_the_xlsx_is_kept_until_a_response_arrives(world: World) -> None:
    """The workbook is the same for everyone who may read the results: kept (per
    language) until the survey's answers change; a new response makes a new file."""
    import io

    import openpyxl

    respond(world.a, text="Første", moderation=Moderation.APPROVED)
    url = reverse("surveys:export_xlsx", kwargs={"pk": world.a.survey.pk})
    client = world.client("admin_a")
    first = client.get(url).content
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).content == first
    assert not any("surveys_answer" in q["sql"] for q in again.captured_queries)
    respond(world.a, text="Andre", moderation=Moderation.APPROVED)
    raw = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).worksheets[1]
    assert len(list(raw.iter_rows(values_only=True))) == 3
    # Another language reads its own file.
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert openpyxl.load_workbook(io.BytesIO(english.content)).worksheets[0].title != "Sammendrag"
    # And nobody without the results gets it from the cache.
    assert world.client("admin_b").get(url).status_code in (403, 404)


# --- Moderation, paged ----------------------------------------------------------------------


def test_moderation_is_paged_by_the_counts(world: World) -> None:
    from medvirk.surveys.views_results import MODERATION_PAGE

    for index in range(MODERATION_PAGE + 5):
        respond(world.a, text=f"Tekst nummer {index:03d}")
    client = world.client("admin_a")
    url = reverse("surveys:moderation", kwargs={"pk": world.a.survey.pk})
    first = client.get(url).content.decode()
    assert first.count("Tekst nummer") == MODERATION_PAGE
    assert "Side 1 av 2" in first
    second = client.get(f"{url}?vis=pending&side=2").content.decode()
    assert second.count("Tekst nummer") == 5
    assert f"svar {MODERATION_PAGE + 1}</span>" in second
    assert client.get(f"{url}?side=99").status_code == 200  # the last page
    answer = Answer.objects.filter(text__startswith="Tekst nummer").order_by("-pk").first()
    assert answer is not None
    moderate = reverse("surveys:moderate", args=[world.a.survey.pk, answer.pk])
    assert f'form="godkjenn" formaction="{moderate}"' in second
    assert f'form="skjul" formaction="{moderate}"' in second
    done = client.post(moderate, {"decision": "approved", "vis": "pending", "side": "2"})
    assert done["Location"] == f"{url}?vis=pending&side=2"
    done = client.post(moderate, {"decision": "hidden", "vis": "<script>", "side": "x"})
    assert done["Location"] == f"{url}?vis=pending"


def test_the_moderation_list_is_kept_as_html_and_posts_through_its_two_forms(
    world: World,
) -> None:
    """The list of texts is kept (``caching.RESULTS``) until an answer changes: a warm
    page reads no answers. Its buttons post through two forms outside the kept HTML,
    which carry the session's CSRF token, the decision and where to come back to."""
    for index in range(3):
        respond(world.a, text=f"Tekst nummer {index}")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.org_a.admin)
    url = reverse("surveys:moderation", kwargs={"pk": world.a.survey.pk})
    page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert not any("surveys_answer" in q["sql"] for q in warm.captured_queries)
    # The two forms: the token, the decision and the tab; no third form per answer.
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count("csrfmiddlewaretoken") == 2
    assert '<form method="post" id="godkjenn"' in page
    assert '<input type="hidden" name="decision" value="approved">' in page
    assert '<input type="hidden" name="vis" value="pending">' in page
    token = client.cookies["csrftoken"].value
    answer = Answer.objects.filter(text="Tekst nummer 1").get()
    moderate = reverse("surveys:moderate", args=[world.a.survey.pk, answer.pk])
    # What the browser sends for the button: its form's fields, to its formaction.
    done = client.post(
        moderate,
        {"csrfmiddlewaretoken": token, "decision": "approved", "vis": "pending"},
    )
    assert done.status_code == 302
    answer.refresh_from_db()
    assert answer.moderation == Moderation.APPROVED
    # The kept list was retired by the decision: the text has left the pending tab.
    after = client.get(url).content.decode()
    assert "Tekst nummer 1" not in after
    assert after.count("Tekst nummer") == 2


@pytest.mark.parametrize("bound", [False, True])
def test_the_builders_radios_are_written_as_the_templates_write_them(
    world: World, bound: bool
) -> None:
    from medvirk.surveys.forms import QuestionForm

    arenas = arenas_of_organisation(world.org_a.organisation)
    cases: list[tuple[Any, Any, str]] = [
        (
            SurveyForm({"distribution": "nope"} if bound else None, arenas=arenas),
            SurveyForm({"distribution": "nope"} if bound else None, arenas=arenas),
            "distribution",
        ),
        (
            QuestionForm({"kind": "scale_1_5"} if bound else None),
            QuestionForm({"kind": "scale_1_5"} if bound else None),
            "kind",
        ),
    ]
    for ours, theirs, name in cases:
        field = theirs.fields[name]
        field.widget = forms.RadioSelect(choices=field.choices)  # type: ignore[attr-defined]
        if bound:
            ours.is_valid()
            theirs.is_valid()
        assert str(ours[name]) == str(theirs[name]), name
        assert str(ours[name].as_field_group()) == str(theirs[name].as_field_group()), name
