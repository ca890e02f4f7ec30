"""Planning user involvement, under /planlegging/."""

from django.urls import path

from medvirk.planning import views

app_name = "planning"

urlpatterns = [
    path("<int:org_pk>/", views.service, name="service"),
    path("<int:org_pk>/velg-arena/steg-<int:step>/", views.chooser_step, name="chooser_step"),
    path("<int:org_pk>/velg-arena/anbefaling/", views.chooser_result, name="chooser_result"),
    path("<int:org_pk>/velg-arena/start-pa-nytt/", views.chooser_reset, name="chooser_reset"),
    path("<int:org_pk>/rutine/", views.routine, name="routine"),
    path("<int:org_pk>/rutine/rediger/", views.routine_edit, name="routine_edit"),
    path("<int:org_pk>/rutine/publiser/", views.routine_publish, name="routine_publish"),
    path(
        "<int:org_pk>/rutine/versjon/<int:number>/",
        views.routine_version,
        name="routine_version",
    ),
]
