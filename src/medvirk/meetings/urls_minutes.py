from django.urls import URLPattern, path

from medvirk.meetings import views_minutes

urlpatterns: list[URLPattern] = [
    path("<int:pk>/protokoll/", views_minutes.minutes_page, name="minutes"),
    path("<int:pk>/protokoll/rediger/", views_minutes.minutes_edit, name="minutes_edit"),
    path("<int:pk>/protokoll/start/", views_minutes.minutes_start, name="minutes_start"),
    path(
        "<int:pk>/protokoll/send-pa-horing/",
        views_minutes.minutes_circulate,
        name="minutes_circulate",
    ),
    path("<int:pk>/protokoll/merknad/", views_minutes.minutes_comment, name="minutes_comment"),
    path("<int:pk>/protokoll/godkjenn/", views_minutes.minutes_approve, name="minutes_approve"),
    path("<int:pk>/protokoll.pdf", views_minutes.minutes_pdf_view, name="minutes_pdf"),
    path(
        "<int:pk>/protokoll/versjon/<int:number>/",
        views_minutes.minutes_version,
        name="minutes_version",
    ),
]
