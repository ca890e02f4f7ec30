"""All survey URLs, under /undersokelser/."""

from django.urls import URLPattern

app_name = "surveys"

urlpatterns: list[URLPattern] = []
