from django.urls import path

from medvirk.directory import views_import

urlpatterns = [
    path("", views_import.import_upload, name="import"),
    path("eksempel.csv", views_import.import_example, name="import_example"),
    path("<str:token>/", views_import.import_report, name="import_report"),
    path("<str:token>/importer/", views_import.import_apply, name="import_apply"),
    path("<str:token>/resultat/", views_import.import_result, name="import_result"),
]
