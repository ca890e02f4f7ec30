from django.urls import include, path

from medvirk.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("eksport.csv", views.organisation_export, name="export"),
    path("ny/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/rediger/", views.organisation_edit, name="edit"),
    path("<int:pk>/historikk/", views.organisation_history, name="history"),
    path("kampanjer/", include("medvirk.directory.urls_campaigns")),
    path("import/", include("medvirk.directory.urls_import")),
]
