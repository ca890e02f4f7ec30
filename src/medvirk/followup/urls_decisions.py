"""From advice to change: the final decision on an advice, and the import of final
decisions from a service's case system."""

from django.urls import URLPattern, path

from medvirk.followup import views_decisions as views

urlpatterns: list[URLPattern] = [
    path("rad/<int:pk>/vedtak/", views.final_decision, name="final_decision"),
    path("rad/<int:pk>/saksnummer/", views.case_reference, name="case_reference"),
    path("rad/<int:pk>/vedtak/fjern/", views.final_decision_remove, name="final_decision_remove"),
    path("vedtak/<int:pk>/dokument/", views.decision_document, name="decision_document"),
    path(
        "tjeneste/<int:org_pk>/vedtak/import/",
        views.decision_import_upload,
        name="decision_import_upload",
    ),
    path(
        "tjeneste/<int:org_pk>/vedtak/import/eksempel.csv",
        views.decision_import_example,
        name="decision_import_example",
    ),
    path("vedtak/import/<str:token>/", views.decision_import, name="decision_import"),
    path(
        "vedtak/import/<str:token>/importer/",
        views.decision_import_apply,
        name="decision_import_apply",
    ),
]
