"""The person page's route. It keeps its place in the ``people`` namespace under
/personer/: ``medvirk/urls.py`` adds these patterns to people's own."""

from django.urls import path

from medvirk.arenas import views_person

urlpatterns = [
    path("<int:pk>/", views_person.person_detail, name="detail"),
]
