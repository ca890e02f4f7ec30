"""Calls, public answering, withdrawal and moderation."""

from django.urls import URLPattern, path

from medvirk.experiences import views_answers, views_calls, views_moderation

urlpatterns: list[URLPattern] = [
    path("", views_answers.open_calls, name="public_calls"),
    path("organisasjon/<int:org_pk>/", views_calls.organisation_calls, name="org_calls"),
    path("organisasjon/<int:org_pk>/ny/", views_calls.call_create, name="call_create"),
    path("<int:pk>/", views_calls.call_detail, name="call_detail"),
    path("<int:pk>/endre/", views_calls.call_edit, name="call_edit"),
    path("<int:pk>/publiser/", views_calls.call_publish, name="call_publish"),
    path("<int:pk>/qr.svg", views_calls.call_qr, name="call_qr"),
    path("<int:pk>/plakat/", views_calls.call_poster, name="call_poster"),
    path("<int:pk>/svar/", views_moderation.moderation_list, name="moderation_list"),
    path("svar/<int:answer_pk>/moderer/", views_moderation.moderate, name="moderate"),
    path("svar/<str:code>/", views_answers.answer, name="answer"),
    path("svar/<str:code>/takk/", views_answers.answer_receipt, name="answer_receipt"),
    path("trekk/<str:token>/", views_answers.withdraw, name="withdraw"),
]
