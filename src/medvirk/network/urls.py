"""The representatives' network, under /nettverk/."""

from django.urls import path

from medvirk.network import views

app_name = "network"

urlpatterns = [
    path("", views.spaces, name="spaces"),
    path("<int:org_pk>/", views.space, name="space"),
    path("<int:org_pk>/ny-trad/", views.new_thread, name="new_thread"),
    path("<int:org_pk>/meldinger/", views.reports, name="reports"),
    path("trad/<int:pk>/", views.thread, name="thread"),
    path("trad/<int:pk>/svar/", views.reply, name="reply"),
    path("trad/<int:pk>/folg/", views.follow, name="follow"),
    path("trad/<int:pk>/las/", views.lock, name="lock"),
    path("innlegg/<int:pk>/meld-fra/", views.report, name="report"),
    path("innlegg/<int:pk>/moderer/", views.moderate, name="moderate"),
    path("melding/<int:pk>/avvis/", views.dismiss, name="dismiss"),
]
