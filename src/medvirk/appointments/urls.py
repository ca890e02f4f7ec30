from django.urls import path

from medvirk.appointments import views, views_decisions, views_matching

app_name = "appointments"

urlpatterns = [
    path("ny/", views.request_create, name="request_create"),
    path("mine/", views.my_requests, name="mine"),
    path("tjeneste/", views.service_requests, name="service_requests"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/send/", views.request_open, name="request_open"),
    path("<int:pk>/send/bekreft/", views.request_open_confirm, name="request_open_confirm"),
    path("<int:pk>/lukk/", views.request_close, name="request_close"),
    path("<int:pk>/lukk/bekreft/", views.request_close_confirm, name="request_close_confirm"),
    path("<int:pk>/avlys/", views.request_cancel, name="request_cancel"),
    path("<int:pk>/avlys/bekreft/", views.request_cancel_confirm, name="request_cancel_confirm"),
    path("<int:pk>/foresla/", views.nomination_create, name="nominate"),
    path(
        "<int:pk>/innstilling/<int:umbrella_pk>/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path("forslag/<int:pk>/tillit/", views.nomination_confirm, name="nomination_confirm"),
    path("forslag/<int:pk>/trekk/", views.nomination_withdraw, name="nomination_withdraw"),
    path(
        "forslag/<int:pk>/trekk/bekreft/",
        views.nomination_withdraw_confirm,
        name="nomination_withdraw_confirm",
    ),
    path("innstilling/<int:pk>/send/", views.recommendation_submit, name="recommendation_submit"),
    path("samtykke/<int:pk>/<str:token>/", views.consent, name="consent"),
    path("forslag/<int:pk>/svar/", views.consent_as_candidate, name="consent_as_candidate"),
    # Decisions (oppnevning): patterns from views_decisions go below this line.
    path("<int:pk>/kandidater/", views_matching.candidates, name="candidates"),
    path("<int:pk>/vedtak/", views_decisions.decision, name="decision"),
    path("<int:pk>/vedtak/sjekk/", views_decisions.decision_preview, name="decision_preview"),
    path("<int:pk>/vedtak/resultat/", views_decisions.decision_result, name="decision_result"),
]
