"""Themes, cases from themes, individual cases and the experience bank."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
