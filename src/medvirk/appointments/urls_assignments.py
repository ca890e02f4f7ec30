""" "Mine oppdrag"'s route. It keeps its place in the ``people`` namespace under
/personer/: ``medvirk/urls.py`` adds these patterns to people's own."""

from django.urls import path

from medvirk.appointments import views_assignments

urlpatterns = [
    path("mine-oppdrag/", views_assignments.my_assignments, name="mine"),
]
