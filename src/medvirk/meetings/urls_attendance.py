"""Attendance: answering, the attendance list and the accommodation summary."""

from django.urls import URLPattern, path

from medvirk.meetings import views_attendance as views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/svar/", views.respond_view, name="respond"),
    path("<int:pk>/oppmote/", views.attendance_view, name="attendance"),
    path("<int:pk>/tilrettelegging/", views.accommodations_view, name="accommodations"),
]
