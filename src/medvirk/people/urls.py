"""People's own routes under /personer/. The namespace ``people`` also holds "Mine oppdrag"
(``people:mine``, appointments/urls_assignments.py) and the person page (``people:detail``,
arenas/urls_person.py): ``medvirk/urls.py`` composes the three lists, since people sit below
both apps and never import them."""

from django.urls import path

from medvirk.people import views

app_name = "people"

urlpatterns = [
    path("mine-oppdrag/profil/", views.my_profile, name="my_profile"),
    path("mine-oppdrag/tilrettelegging/", views.my_accommodation, name="my_accommodation"),
    path(
        "mine-oppdrag/tilrettelegging/trekk/",
        views.my_accommodation_withdraw,
        name="my_accommodation_withdraw",
    ),
    path(
        "mine-oppdrag/tilrettelegging/lest-av/",
        views.my_accommodation_reads,
        name="my_accommodation_reads",
    ),
    path("mine-oppdrag/data.json", views.my_data, name="my_data"),
    path("mine-oppdrag/sletting/", views.my_deletion, name="my_deletion"),
    path("organisasjon/<int:org_pk>/", views.pool, name="pool"),
    path("organisasjon/<int:org_pk>/ny/", views.person_create, name="create"),
    path("<int:pk>/endre/", views.person_edit, name="edit"),
    path("<int:pk>/invitasjon/", views.person_invite, name="invite"),
    path("<int:pk>/kurs/ny/", views.training_add, name="training_add"),
    path("<int:pk>/kurs/<int:record_pk>/fjern/", views.training_remove, name="training_remove"),
    path("<int:pk>/tilknytning/ny/", views.affiliation_add, name="affiliation_add"),
    path(
        "<int:pk>/tilknytning/<int:affiliation_pk>/fjern/",
        views.affiliation_remove,
        name="affiliation_remove",
    ),
    path("krav/<str:token>/", views.claim, name="claim"),
    path("sletting/", views.deletion_list, name="deletions"),
    path("sletting/<int:pk>/", views.deletion_carry_out, name="deletion_carry_out"),
]
