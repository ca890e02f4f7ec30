"""All survey URLs, under /undersokelser/."""

from django.urls import path

from medvirk.surveys import views_answer, views_builder, views_results

app_name = "surveys"

urlpatterns = [
    path("organisasjon/<int:org_pk>/", views_builder.organisation_list, name="organisation"),
    path("organisasjon/<int:org_pk>/ny/", views_builder.create, name="create"),
    path("<int:pk>/", views_builder.detail, name="detail"),
    path("<int:pk>/endre/", views_builder.edit, name="edit"),
    path("<int:pk>/deler/ny/", views_builder.section_add, name="section_add"),
    path("<int:pk>/deler/<int:section_pk>/", views_builder.section_edit, name="section_edit"),
    path(
        "<int:pk>/deler/<int:section_pk>/sporsmal/ny/",
        views_builder.question_add,
        name="question_add",
    ),
    path("<int:pk>/sporsmal/<int:question_pk>/", views_builder.question_edit, name="question_edit"),
    path(
        "<int:pk>/sporsmal/<int:question_pk>/alternativ/ny/",
        views_builder.option_add,
        name="option_add",
    ),
    path("<int:pk>/alternativ/<int:option_pk>/", views_builder.option_edit, name="option_edit"),
    path("<int:pk>/<str:what>/<int:obj_pk>/slett/", views_builder.delete, name="delete"),
    path("<int:pk>/<str:what>/<int:obj_pk>/<str:action>/", views_builder.change, name="change"),
    path("<int:pk>/forhandsvisning/", views_builder.preview, name="preview"),
    path("<int:pk>/publiser/", views_builder.publish, name="publish"),
    path("<int:pk>/steng/", views_builder.close, name="close"),
    path("<int:pk>/lenker/", views_builder.invite, name="invite"),
    path("<int:pk>/resultater/", views_results.results, name="results"),
    path("<int:pk>/resultater.csv", views_results.export_csv, name="export_csv"),
    path("<int:pk>/resultater.xlsx", views_results.export_xlsx, name="export_xlsx"),
    path("<int:pk>/moderering/", views_results.moderation, name="moderation"),
    path("<int:pk>/moderering/<int:answer_pk>/", views_results.moderate, name="moderate"),
    path("<int:pk>/sammendrag/", views_results.summary, name="summary"),
    path("<int:pk>/sakskart/", views_results.agenda, name="agenda"),
    path("svar/p/<str:token>/", views_answer.answer_personal, name="answer_personal"),
    path("svar/<str:code>/", views_answer.answer, name="answer"),
    path("svar/<str:code>/takk/", views_answer.thanks, name="thanks"),
]
