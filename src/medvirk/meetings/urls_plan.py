"""The meeting plan, the meeting page, upcoming meetings and the calendar feeds."""

from django.urls import URLPattern, path

from medvirk.meetings import views_plan as views

urlpatterns: list[URLPattern] = [
    path("", views.upcoming, name="upcoming"),
    path("mine/", views.my_meetings, name="my_meetings"),
    path("kalender/", views.feeds, name="feeds"),
    path("kalender/<str:token>.ics", views.person_feed, name="person_feed"),
    path("arena/<int:arena_pk>/", views.plan, name="plan"),
    path("arena/<int:arena_pk>/nytt/", views.meeting_create, name="create"),
    path("arena/<int:arena_pk>/lag-plan/", views.meeting_generate, name="generate"),
    path("arena/<int:arena_pk>/kalender.ics", views.arena_feed, name="arena_feed"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/kalender.ics", views.meeting_ics, name="meeting_ics"),
    path("<int:pk>/rediger/", views.meeting_edit, name="edit"),
    path("<int:pk>/avlys/", views.meeting_cancel, name="cancel"),
]
