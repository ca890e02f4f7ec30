from django.urls import URLPattern, path

from medvirk.followup import views_reports as views

urlpatterns: list[URLPattern] = [
    path("rapport/<int:pk>/skriv/", views.report_write, name="report_write"),
    path("rapport/<int:pk>/", views.report_detail, name="report_detail"),
    path("organisasjon/<int:org_pk>/rapporter/", views.report_feed, name="report_feed"),
    path("organisasjon/<int:org_pk>/aret/", views.org_year, name="org_year"),
    path("mote/<int:meeting_pk>/innspill/", views.input_create, name="input_create"),
    path("innspill/<int:pk>/slett/", views.input_delete, name="input_delete"),
    path("na/", views.due_now, name="due_now"),
]
