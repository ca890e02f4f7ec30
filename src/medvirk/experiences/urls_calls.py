"""Calls, public answering, withdrawal and moderation."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
