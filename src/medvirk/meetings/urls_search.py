from django.urls import URLPattern, path

from medvirk.meetings import views_search

urlpatterns: list[URLPattern] = [
    path("sok/", views_search.search_view, name="search"),
]
