from django.urls import path

from medvirk.start import views

app_name = "start"

urlpatterns = [
    path("min-side/", views.start_page, name="page"),
]
