"""Agenda items, case documents, publishing, the agenda PDF and the secretariat's dashboard."""

from django.urls import URLPattern, path

from medvirk.meetings import views_agenda as views

urlpatterns: list[URLPattern] = [
    path("sekretariat/", views.dashboard, name="dashboard"),
    path("<int:pk>/saker/ny/", views.item_create, name="item_create"),
    path("<int:pk>/publiser/", views.publish, name="publish"),
    path("<int:pk>/sakskart.pdf", views.agenda_pdf_view, name="agenda_pdf"),
    path("saker/<int:pk>/", views.item_detail, name="item_detail"),
    path("saker/<int:pk>/rediger/", views.item_edit, name="item_edit"),
    path("saker/<int:pk>/slett/", views.item_delete, name="item_delete"),
    path("saker/<int:pk>/flytt/", views.item_move, name="item_move"),
    path("saker/<int:pk>/dokumenter/ny/", views.document_upload, name="document_upload"),
    path("dokumenter/<int:pk>/", views.document, name="document"),
    path("dokumenter/<int:pk>/slett/", views.document_delete, name="document_delete"),
]
