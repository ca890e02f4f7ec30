"""Advice: sending a statement as advice, the advice and its answers, the secretariat's
overview and the decision-maker's list."""

from django.urls import URLPattern, path

from medvirk.followup import views_advice as views

urlpatterns: list[URLPattern] = [
    path("sak/<int:item_pk>/rad/ny/", views.advice_create, name="advice_create"),
    path("rad/<int:pk>/", views.advice_detail, name="advice_detail"),
    path("rad/<int:pk>/svar/", views.advice_answer, name="advice_answer"),
    path("svar/<int:pk>/dokument/", views.response_document, name="response_document"),
    path("sekretariat/", views.secretariat, name="secretariat"),
    path("beslutning/", views.decision_maker, name="decision_maker"),
]
