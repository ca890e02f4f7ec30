"""What the surveys app caches, and the models it shows (the cache registry, issue 12).

The arenas a survey may be linked to are the organisation's arena menu, cached by the
arenas app (``arenas.caching.ORGANISATION_MENUS``).

:data:`RESULTS`: a survey's results, per survey:

- its counts -- the answers per option and per point of each scale, the respondents
  per question, the responses per kommune and the scale sums per kommune
  (:func:`selectors.result_counts`) -- and its approved free text
  (:func:`selectors.shown_texts`), and its free-text answers per moderation state
  (:func:`selectors.moderation_counts`: the moderation page's tabs and pages). Counting
  50,000 answers took 60-100 ms on every view of the results page, the public summary
  and each export at national scale. The counts are raw: the rule of
  ``min_group_size`` is applied when they are drawn.
- the results drawn as HTML (:func:`results.results_html`), per language and with or
  without the free text (the owners' page, the public summary), keyed also by the
  survey's ``updated_at`` and ``min_group_size``: a changed survey (its group size, its
  texts) is drawn again. Only approved text is read into the cache at all.

Retired, for that survey, by a response (a new one, a deleted one), an answer (its
moderation: ``moderate_answer`` saves it), a section, question or option (their texts
and order; one deleted takes its answers with it) and by a renamed region (for all
surveys). Answers are written with
``bulk_create`` in the same transaction as their response, whose save retires the
survey's entries when the transaction commits.
"""

from __future__ import annotations

from medvirk.common.cache_registry import namespace
from medvirk.directory.models import Region
from medvirk.surveys.models import Answer, Option, Question, Response, Section


def _survey_of_question(question_id: int) -> list[int]:
    return list(Question.objects.filter(pk=question_id).values_list("survey_id", flat=True))


def _survey_of_answer(answer: Answer) -> list[int]:
    question = Answer._meta.get_field("question").get_cached_value(answer, None)  # type: ignore[union-attr]
    if isinstance(question, Question):
        return [question.survey_id]
    return _survey_of_question(answer.question_id)


RESULTS = namespace(
    "surveys:results",
    scoped=True,
    models={
        Response: lambda response: [response.survey_id],
        Answer: _survey_of_answer,
        Section: lambda section: [section.survey_id],
        Question: lambda question: [question.survey_id],
        Option: lambda option: _survey_of_question(option.question_id),
        Region: None,
    },
    doc="A survey's counted results and approved free text, per survey.",
)
