from django.urls import path

from medvirk.arenas import views

app_name = "arenas"

urlpatterns = [
    path("", views.arena_list, name="list"),
    path("ny/", views.arena_create, name="create"),
    path("<int:pk>/", views.arena_detail, name="detail"),
    path("<int:pk>/rediger/", views.arena_edit, name="edit"),
    path("<int:pk>/mandat/", views.mandate_document, name="mandate_document"),
    path("<int:pk>/medlemmer/ny/", views.membership_add, name="membership_add"),
    path("<int:pk>/rykk-opp/", views.promote, name="promote"),
    path("medlemskap/<int:pk>/avslutt/", views.membership_end, name="membership_end"),
    path("medlemskap/<int:pk>/trekk-deg/", views.membership_resign, name="resign"),
    path(
        "medlemskap/<int:pk>/trekk-deg/bekreft/",
        views.membership_resign_confirm,
        name="resign_confirm",
    ),
]
