"""Public accountability pages and CSV, under /oppfolging/."""

from django.urls import URLPattern, path

from medvirk.followup import views_accountability as views

urlpatterns: list[URLPattern] = [
    path("", views.accountability, name="accountability"),
    path("arena/<int:arena_pk>/", views.arena_accountability, name="arena_accountability"),
    path("arena/<int:arena_pk>/rad.csv", views.arena_csv, name="arena_csv"),
    path("tjeneste/<int:org_pk>/", views.service_accountability, name="service_accountability"),
    path("tjeneste/<int:org_pk>/rad.csv", views.service_csv, name="service_csv"),
]
