"""Confirmation campaigns, included under /katalog/kampanjer/ in the "directory" namespace."""

from django.urls import path

from medvirk.directory import views_campaigns as views

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("start/", views.campaign_start, name="campaign_start"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("bekreft/takk/", views.confirm_done, name="confirm_done"),
    path("bekreft/<int:org_pk>/<str:token>/", views.confirm, name="confirm"),
]
