"""The load page's route, composed into the people namespace (medvirk/urls.py)."""

from django.urls import path

from medvirk.start import views_load

urlpatterns = [
    path("<int:pk>/belastning/", views_load.load_page, name="load"),
    path("min-belastning/", views_load.my_load, name="my_load"),
]
