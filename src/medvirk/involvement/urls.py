"""The involvement log, under /medvirkning/."""

from django.urls import path

from medvirk.involvement import views

app_name = "involvement"

urlpatterns = [
    path("tjeneste/<int:org_pk>/", views.service_log, name="log"),
    path("tjeneste/<int:org_pk>/ny/", views.entry_create, name="entry_create"),
    path("tjeneste/<int:org_pk>/hent/", views.refresh, name="refresh"),
    path("oppforing/<int:pk>/endre/", views.entry_edit, name="entry_edit"),
    path("oppforing/<int:pk>/slett/", views.entry_delete, name="entry_delete"),
]
